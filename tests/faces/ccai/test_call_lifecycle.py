"""CCAI calls move through their statuses on the tenant's clock: a scheduled call waits for its
time, outbound and inbound calls are assigned, connect and finish, magic numbers fail them, a
scheduled call cancelled in time never starts, and snapshots carry calls in progress."""

from reminders_mock.app import create_app
from tests.conftest import PUBLIC_URL
from tests.faces.ccai.helpers import CALLS, CallApi, company_with

SCHEDULED = {
    "call_type": "Voice Scheduled (API)",
    "lang": "en",
    "menu_id": 9,
    "end_user_number": "+82-10-6861-2345",
    "scheduled_at": "2024-06-13T09:00:00.000Z",  # tomorrow, on the default scenario's clock
}
OUTBOUND = {
    "call_type": "Voice Outbound (API)",
    "agent_email": "admin@somedomain.com",
    "outbound_number": "+1 339-219-5276",
    "lang": "en",
}


async def test_a_scheduled_call_for_tomorrow_waits_then_is_queued_connected_and_finished(client):
    api = CallApi(client)
    status, call = await api.create(SCHEDULED)
    assert (status, call["status"], call["queued_at"]) == (201, "scheduled", None)
    await api.advance("PT12H")
    assert (await api.call(call["id"]))["status"] == "scheduled"
    await api.advance("PT13H0M20S")  # 20 s past scheduled_at: queued, then an agent takes it
    assigned = await api.call(call["id"])
    assert assigned["status"] == "assigned" and assigned["queued_at"] == "2024-06-13T09:00:00.000Z"
    assert assigned["agent_info"]["id"] == 1 and assigned["wait_duration"] == 20
    await api.advance("PT1M")
    connected = await api.call(call["id"])
    assert connected["status"] == "connected" and connected["connected_at"] is not None
    await api.advance("PT5M")
    finished = await api.call(call["id"])
    assert finished["status"] == "finished" and finished["call_duration"] == 180
    assert [p["status"] for p in finished["participants"]] == ["finished", "finished"]


async def test_a_scheduled_call_cancelled_before_its_time_never_starts(client):
    api = CallApi(client)
    _, call = await api.create(SCHEDULED)
    status, cancelled = await api("DELETE", f"{CALLS}/{call['id']}")
    assert (status, cancelled["status"]) == (200, "canceled")
    await api.advance("P2D")
    after = await api.call(call["id"])
    assert (after["status"], after["queued_at"], after["agent_info"]) == ("canceled", None, None)
    assert (await api("DELETE", f"{CALLS}/{call['id']}"))[0] == 400  # only a scheduled call cancels


async def test_an_outbound_call_connects_and_finishes_with_the_timeline_durations(client):
    api = CallApi(client)
    _, call = await api.create({**OUTBOUND, "end_user_number": "+1 859-657-0004"})  # magic: long call
    await api.advance("PT15M")
    finished = await api.call(call["id"])
    assert finished["status"] == "finished"
    assert (finished["call_duration"], finished["hold_duration"], finished["wait_duration"]) == (600, 120, 0)
    assert finished["ends_at"] > finished["connected_at"] > finished["assigned_at"]


async def test_a_busy_end_user_fails_the_outbound_call(client):
    api = CallApi(client)
    _, call = await api.create({**OUTBOUND, "end_user_number": "+1 859-657-0001"})
    await api.advance("PT1M")
    failed = await api.call(call["id"])
    assert (failed["status"], failed["fail_reason"], failed["connected_at"]) == ("failed", "busy", None)


async def test_an_inbound_caller_who_hangs_up_in_the_queue_fails_the_call(client):
    api = CallApi(client)
    body = {"call_type": "Voice Inbound (API)", "menu_id": 9, "end_user_number": "+1 859-657-0003"}
    _, call = await api.create(body)
    await api.advance("PT1M")
    failed = await api.call(call["id"])
    assert (failed["status"], failed["fail_reason"], failed["agent_info"]) == (
        "failed",
        "end_user_hangup",
        None,
    )


async def test_a_snapshot_carries_a_call_in_progress(client, control):
    api = CallApi(client)
    _, call = await api.create(SCHEDULED)
    _, taken = await control.get("/_mock/snapshot")
    await api.advance("P2D")
    assert (await api.call(call["id"]))["status"] == "finished"
    assert (await control.put("/_mock/snapshot", taken))[0] == 200
    assert (await api.call(call["id"]))["status"] == "scheduled"
    await api.advance("P2D")
    assert (await api.call(call["id"]))["status"] == "finished"


async def test_the_magic_numbers_are_served_as_the_face_plays_them(client, control):
    status, magic = await control.get("/_mock/magic")
    endings = magic["ccai"]["numberEndings"]
    assert status == 200 and endings["0001"]["answer"] == "busy" and endings["0004"]["talk"] == "PT10M"
    assert magic["ccai"]["otherNumbers"]["answer"] == "answers"


async def test_a_state_file_keeps_a_made_tenants_contact_centre_and_its_calls(
    aiohttp_client, scenario, tmp_path
):
    state = tmp_path / "state.json"
    first = await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, state_file=state))
    made = await company_with(first, lambda _: None)
    _, call = await made.create(SCHEDULED)
    await first.close()  # the server stops: its state is written

    second = await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, state_file=state))
    again = CallApi(second, made.key)
    assert (await again.call(call["id"]))["status"] == "scheduled"
    await again.advance("P2D")
    assert (await again.call(call["id"]))["status"] == "finished"


async def test_the_same_requests_give_the_same_calls_on_another_server(aiohttp_client, scenario):
    answers = []
    for _ in range(2):
        api = CallApi(await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL)))
        made = [
            (await api.create(body))[1]
            for body in (SCHEDULED, {**OUTBOUND, "end_user_number": "+1 859-657-9625"})
        ]
        await api.advance("P2D")
        answers.append([made, [await api.call(call["id"]) for call in made]])
    assert answers[0] == answers[1]
