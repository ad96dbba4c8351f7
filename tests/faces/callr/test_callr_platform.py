"""One platform: the reminder scripts' SMS go out through CALLR and its voice calls are CALLR's
CDRs; and the account's state goes into a snapshot and back like every other service's."""

import asyncio

import aiohttp

from reminders_mock.app import create_app
from reminders_mock.scenario.loader import load_scenario
from tests.conftest import PUBLIC_URL
from tests.faces.callr.conftest import SENDER, sdk
from tests.served import ADD_ROWS, Mock, row

TODAY = ("2024-06-12 00:00:00", "2024-06-13 23:59:59")  # the reminders go out in the first day


async def test_a_reminder_sms_shows_up_in_get_list_through_the_sdk(served, receiver):
    await served.call("webhooks.subscribe", "sms.mt.status_update", receiver.url, None)
    await served.mock.gql(ADD_ROWS, {"rows": [row("SMS-1", "1003", "+31612345678")]})
    await served.mock.advance("P1D")
    (sms,) = (await served.call("sms.get_list", {"type": "OUT"}, None))["hits"]
    assert (sms["from"], sms["to"], sms["status"]) == ("Alphacomm", "+31612345678", "RECEIVED")
    assert (
        "Alphacomm" in sms["text"] and "http://mock.test/" in sms["text"]
    )  # the script's text with its PayLink
    assert [e["data"]["status"] for e in receiver.events()] == ["PENDING", "SENT", "RECEIVED"]


async def test_a_reminder_sms_to_a_failing_number_fails_at_callr_too(served):
    await served.mock.gql(ADD_ROWS, {"rows": [row("SMS-2", "1003", "+31612340009")]})
    await served.mock.advance("P1D")
    (sms,) = (await served.call("sms.get_list", None, None))["hits"]
    assert sms["status"] == "FAILED"
    (message,) = (await served.mock.get("/_mock/messages?reference=SMS-2"))["messages"]
    assert message["status"] == "failed"


async def test_the_tenants_voice_calls_are_cdrs(served):
    await served.mock.gql(
        ADD_ROWS, {"rows": [row("CALL-1", "6512", "+31612345678"), row("CALL-2", "6512", "+31612340001")]}
    )
    await served.mock.advance("P1D")
    cdrs = await served.call("cdr.get", "OUT", *TODAY)
    by_number = {cdr["number"]: cdr for cdr in cdrs}
    answered, busy = by_number["+31612345678"], by_number["+31612340001"]
    assert (answered["dialstatus"], answered["cli_number"], answered["customer_field"]) == (
        "ANSWER", "+31513703800", "CALL-1"
    )  # fmt: skip
    assert answered["duration"] >= answered["duration_answered"] > 0 and answered["answer"] is not None
    assert (busy["dialstatus"], busy["answer"], busy["duration_answered"]) == ("BUSY", None, 0)
    assert await served.call("cdr.get", "IN", *TODAY) == []
    assert await served.call("cdr.get", "OUT", "2024-06-14 00:00:00", "2024-06-14 23:59:59") == []


async def test_a_snapshot_carries_the_account_and_what_is_still_to_come(served, receiver):
    await served.call("webhooks.subscribe", "sms.mt.status_update", receiver.url, {"hmac_secret": "12345678"})
    sms_hash = await served.call("sms.send", SENDER, "+31612345678", "Hello", None)
    taken = await served.mock.get("/_mock/snapshot")
    await served.mock.advance("PT1M")
    first = receiver.events()
    await served.mock.ok("PUT", "/_mock/snapshot", taken)
    assert (await served.call("sms.get", sms_hash))["status"] == "CREATED"
    await served.mock.advance("PT1M")
    assert receiver.events()[len(first) :] == first  # the same statuses, ids and bodies again
    assert [h["type"] for h in await served.call("webhooks.get_list")] == ["sms.mt.status_update"]


async def test_a_platform_call_ending_raises_callrs_hangup_webhook(served, receiver):
    for kind in ("call.outbound_hangup", "call.inbound_hangup"):
        await served.call("webhooks.subscribe", kind, receiver.url, None)
    await served.mock.gql(ADD_ROWS, {"rows": [row("CALL-3", "6512", "+31612345678")]})
    await served.mock.ok("POST", "/_mock/voice/inbound", {"from": "+31612345679", "to": "31513703800"})
    await served.mock.advance("P1D")
    hangups = {e["type"]: e["data"] for e in receiver.events()}
    assert (hangups["call.outbound_hangup"]["number"], hangups["call.outbound_hangup"]["customer_field"]) == (
        "+31612345678", "CALL-3"
    )  # fmt: skip
    assert hangups["call.inbound_hangup"]["did_intl_number"] == "+31513703800"
    assert hangups["call.inbound_hangup"]["cli_number"] == "+31612345679"


async def test_the_same_session_gives_the_same_hashes_and_webhook_bytes(aiohttp_server, receiver):
    """Two fresh servers, the same calls: CALLR's ids come from the tenant's seed alone."""
    runs = []
    for _ in range(2):
        server = await aiohttp_server(create_app(load_scenario("default"), public_url=PUBLIC_URL))
        api = sdk(str(server.make_url("")).rstrip("/"))
        await asyncio.to_thread(api.call, "webhooks.subscribe", "sms.mt.status_update", receiver.url, None)
        sent = await asyncio.to_thread(api.call, "sms.send", SENDER, "+31612345678", "Hello", None)
        async with aiohttp.ClientSession() as session:
            mock = Mock(session, str(server.make_url("")).rstrip("/"))
            await mock.advance("PT1M")
        runs.append((sent, [body for _, body in receiver.received]))
        receiver.received.clear()
    assert runs[0] == runs[1] and len(runs[0][1]) == 3
