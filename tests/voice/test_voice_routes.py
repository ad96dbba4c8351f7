"""The control API's voice part: inbound calls, the call list, and the bodies they are reported in."""

from datetime import UTC, datetime, timedelta

from reminders_mock.control.common import REGISTRY
from reminders_mock.webhooks.formats import body
from tests.documented.shape import shape_differences
from tests.sandbox import advance
from tests.voice.examples import LEGACY_EXAMPLE, NEWER_EXAMPLE
from tests.voice.helpers import LOCAL_NUMBER, completed_calls, import_and_call, voice_row

# The documented bodies ("Webhook events", Voice), their events cut to the first: every
# documented event has that shape apart from its data, which the flow tests check.
LEGACY_OUTBOUND = {
    **LEGACY_EXAMPLE,
    # The documentation writes a placeholder reference; one like the envelope example's.
    "attributes": {**LEGACY_EXAMPLE["attributes"], "reference": "20231208-1547471"},
    "events": LEGACY_EXAMPLE["events"][:1],
}
LEGACY_ANONYMOUS = {
    **LEGACY_OUTBOUND,
    "attributes": {"origin": "annabel", "customer": "1000", "script": "1001"},
    "direction": "inbound",
    "remoteNumber": "anonymous",
}
ENVELOPE = {**NEWER_EXAMPLE, "data": {**NEWER_EXAMPLE["data"], "events": NEWER_EXAMPLE["data"]["events"][:1]}}


REFERENCE = "20240612-1547471"  # shaped like the documented reference


def _first_event_only(sent: dict) -> dict:
    """The body with its events cut to the first (event data differs per node type)."""
    if "data" in sent and "events" in sent["data"]:
        return {**sent, "data": {**sent["data"], "events": sent["data"]["events"][:1]}}
    return {**sent, "events": sent["events"][:1]}


def _world(client):
    return client.app[REGISTRY].world_for_key("demo-key")


async def test_a_completed_outbound_call_has_the_documented_legacy_and_envelope_shapes(client):
    world = _world(client)
    seen = completed_calls(world)
    await import_and_call(world, voice_row(REFERENCE, "+31612345678"))
    [event] = seen
    legacy, envelope = body(event, "legacy"), body(event, "envelope")
    assert list(legacy) == list(LEGACY_OUTBOUND)
    assert list(envelope) == list(ENVELOPE) and list(envelope["data"]) == list(ENVELOPE["data"])
    assert shape_differences(_first_event_only(legacy), LEGACY_OUTBOUND) == []
    assert shape_differences(_first_event_only(envelope), ENVELOPE) == []
    assert legacy["attributes"] == {
        "origin": "annabel",
        "customer": "6500",
        "script": "6512",
        "job": world.imports.jobs.open[("6512", REFERENCE)].id,
        "reference": REFERENCE,
    }
    assert envelope["serviceId"] == legacy["id"] and envelope["reference"] == REFERENCE
    assert all(set(e) == set(LEGACY_EXAMPLE["events"][0]) for e in legacy["events"])


async def test_an_unanswered_call_has_no_answered_on_in_either_body(client):
    world = _world(client)
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612340001"))
    legacy, envelope = body(seen[0], "legacy"), body(seen[0], "envelope")
    assert "answeredOn" not in legacy and "answeredOn" not in envelope["data"]
    assert legacy["events"] == [] and legacy["status"] == "busy"


async def test_an_anonymous_inbound_call_is_reported_without_reference(client, control):
    world = _world(client)
    seen = completed_calls(world)
    status, call = await control.post("/_mock/voice/inbound", {"from": "anonymous", "to": LOCAL_NUMBER})
    assert status == 200, call
    assert call["direction"] == "inbound" and call["reference"] is None
    await world.tenant.clock.advance(by=timedelta(minutes=5))
    legacy = body(seen[0], "legacy")
    assert list(legacy) == list(LEGACY_ANONYMOUS)
    assert shape_differences(_first_event_only(legacy), LEGACY_ANONYMOUS) == []
    assert legacy["attributes"] == {"origin": "annabel", "customer": "6500", "script": "6512"}
    assert legacy["remoteNumber"] == "anonymous" and legacy["id"] == call["id"]
    assert body(seen[0], "envelope")["reference"] == ""


async def test_an_inbound_call_from_a_known_number_carries_the_reference_and_job(client, control):
    world = _world(client)
    await import_and_call(world, voice_row("R7", "+31612345678"))
    seen = completed_calls(world)
    status, call = await control.post(
        "/_mock/voice/inbound", {"from": "+31 6 12345678", "to": "+" + LOCAL_NUMBER, "keys": ["1"]}
    )
    assert status == 200, call
    assert call["reference"] == "R7" and call["remoteNumber"] == "31612345678"
    await world.tenant.clock.advance(by=timedelta(minutes=5))
    assert body(seen[0], "legacy")["attributes"]["job"] == world.imports.jobs.open[("6512", "R7")].id
    assert seen[0].reference == "R7"


async def test_an_inbound_call_to_an_unknown_local_number_is_404_naming_to(control):
    status, error = await control.post("/_mock/voice/inbound", {"from": "anonymous", "to": "31000000000"})
    assert status == 404
    assert "to" in str(error)


async def test_an_inbound_call_from_a_bad_number_names_from(control):
    status, error = await control.post("/_mock/voice/inbound", {"from": "12", "to": LOCAL_NUMBER})
    assert status == 400
    assert "from" in str(error)


async def test_the_call_list_in_camel_case_filtered_by_reference_and_script(client, control):
    world = _world(client)
    await import_and_call(world, voice_row("R1", "+31612345678"), voice_row("R2", "+31612340001"))
    status, listed = await control.get("/_mock/voice/calls?reference=R1")
    assert status == 200
    [call] = listed["calls"]
    assert call["reference"] == "R1" and call["status"] == "finished" and call["events"]
    assert shape_differences(call["createdOn"], "2021-05-19T12:18:25+00:00") == []
    assert {"localNumber", "remoteNumber", "answeredOn", "updatedOn"} <= set(call)
    _, by_script = await control.get("/_mock/voice/calls?script=18301")
    assert by_script["calls"] == []
    _, everything = await control.get("/_mock/voice/calls")
    assert len(everything["calls"]) == 2


async def test_an_inbound_call_with_keys_that_are_not_dtmf_names_keys(control):
    status, error = await control.post(
        "/_mock/voice/inbound", {"from": "anonymous", "to": LOCAL_NUMBER, "keys": ["x"]}
    )
    assert status == 400
    assert "keys" in str(error)


async def test_an_active_call_shows_when_it_was_answered_and_its_events_so_far(client, control):
    """Mid-call the list tells ringing from answered: answeredOn once the callee picked up, and
    the flow's events up to now; the rest follows as the call goes on."""
    world = _world(client)
    world.imports.add_records([voice_row("R1", "+31612345678")], None)
    await world.tenant.clock.advance(to=datetime(2024, 6, 12, 10, 1, 33, tzinfo=UTC))
    [call] = world.voice.calls
    assert call.created_on < world.tenant.clock.now() < call.answered_on  # placed, not yet picked up

    _, ringing = await control.get("/_mock/voice/calls?reference=R1")
    assert [(c["status"], c["answeredOn"], c["events"]) for c in ringing["calls"]] == [("ringing", None, [])]

    await advance(control, to="2024-06-12T10:02:00+00:00")
    _, listed = await control.get("/_mock/voice/calls?reference=R1")
    [active] = listed["calls"]
    assert active["status"] == "active"
    assert active["answeredOn"] == "2024-06-12T10:01:36+00:00"
    assert active["events"] == call.events[: len(active["events"])]
    assert 0 < len(active["events"]) < len(call.events)
    assert all(event["time"] <= "2024-06-12T10:02:00+00:00" for event in active["events"])

    await advance(control, to="2024-06-12T10:05:00+00:00")
    _, listed = await control.get("/_mock/voice/calls?reference=R1")
    [finished] = listed["calls"]
    assert (finished["status"], finished["answeredOn"]) == ("finished", "2024-06-12T10:01:36+00:00")
    assert finished["events"] == call.events
