"""Outbound calls: what each magic number does, retries inside the calling window, stopCalling."""

from datetime import UTC, datetime, timedelta

import pytest

from reminders_mock.voice.callees import MAGIC_ENDINGS, magic_table
from reminders_mock.voice.calls import VoiceState
from tests.voice.helpers import completed_calls, import_and_call, new_world, node_results, voice_row

UNANSWERED = ["0001", "0002", "0003", "0004", "0005"]


@pytest.mark.parametrize("ending", UNANSWERED)
async def test_an_unanswered_number_ends_with_its_status_and_no_events(ending):
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", f"+3161234{ending}"))
    [event] = seen
    assert event.data["status"] == MAGIC_ENDINGS[ending]["answer"]
    assert "answeredOn" not in event.data
    assert event.data["events"] == []
    assert event.data["remoteNumber"] == f"3161234{ending}"


async def test_voicemail_answers_0006_and_the_call_is_not_retried():
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612340006"), then=timedelta(days=2))
    [event] = seen
    assert event.data["status"] == "finished"
    assert "answeredOn" in event.data
    assert node_results(event.data["events"]) == ["voicemail"]


async def test_0007_presses_3_at_the_first_menu():
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612340007"))
    events = seen[0].data["events"]
    menu = next(e for e in events if e["nodeType"] == "DTMF" and e["type"] == "NodeResult")
    assert menu["data"]["outcome"] == "tone:3"
    assert node_results(events) == ["success-ok", "send-sms"]


async def test_0008_hangs_up_half_way_before_the_success_point():
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612340008"), then=timedelta(days=2))
    [event] = seen  # answered: finished, so never retried
    assert event.data["status"] == "finished"
    assert event.data["events"][-1]["type"] == "RemoteHangup"
    assert "success-ok" not in node_results(event.data["events"])


async def test_any_other_number_listens_to_the_end_and_reaches_success_ok():
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612345678"))
    [event] = seen
    assert event.data["status"] == "finished"
    assert "success-ok" in node_results(event.data["events"])
    menu = next(e for e in event.data["events"] if e["nodeType"] == "DTMF" and e["type"] == "NodeResult")
    assert menu["data"]["input"] == []


def test_the_magic_table_names_every_ending_and_the_default():
    table = magic_table()
    assert sorted(table["numberEndings"]) == [f"000{n}" for n in range(1, 10)]
    assert table["otherNumbers"]["answer"] == "human"


async def test_the_call_takes_simulated_time_and_completes_at_its_end():
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612345678"))
    [call] = world.voice.calls
    assert call.ended_on > call.answered_on > call.created_on
    assert seen[0].occurred_on == call.ended_on
    assert call.status == "finished" and call.local_number == "31513703800"


async def test_a_busy_number_is_retried_only_inside_the_calling_window_across_days():
    world = new_world(max_attempts=3, retry_interval=timedelta(hours=8))
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612340001"), then=timedelta(days=3))
    calls = world.voice.search(reference="R1")
    assert [c.attempt for c in calls] == [1, 2, 3] and len(seen) == 3
    local = [c.created_on.astimezone(world.tenant.timezone) for c in calls]
    assert all(9 <= t.hour < 20 and t.weekday() < 5 for t in local)
    # 12:01 + 8h is 20:01, after the window: the second attempt waits for Thursday 09:00.
    assert calls[1].created_on == datetime(2024, 6, 13, 7, 0, tzinfo=UTC)
    assert calls[2].created_on == calls[1].ended_on + timedelta(hours=8)


async def test_stop_calling_before_the_second_attempt_leaves_exactly_one_call():
    world = new_world()
    seen = completed_calls(world)
    await import_and_call(world, voice_row("R1", "+31612340002"))
    assert [e.payload["attempt"] for e in world.tenant.clock.pending if e.action == "voice.call"] == [2]
    assert world.voice.stop_calling(6512, "R1") == "done"
    await world.tenant.clock.advance(by=timedelta(days=3))
    assert len(world.voice.calls) == 1 and len(seen) == 1
    assert world.voice.stops[0].reference == "R1"


async def test_stop_calling_during_a_call_lets_it_finish_but_never_retries():
    world = new_world()
    seen = completed_calls(world)
    world.imports.add_records([voice_row("R1", "+31612340002")], None)
    await world.tenant.clock.advance(to=datetime(2024, 6, 12, 10, 1, 40, tzinfo=UTC))
    [call] = world.voice.calls
    assert call.status == "ringing"
    world.voice.stop_calling(6512, "R1")
    await world.tenant.clock.advance(by=timedelta(days=3))
    assert [e.data["status"] for e in seen] == ["no answer"]
    assert len(world.voice.calls) == 1


async def test_stop_calling_of_another_reference_changes_nothing():
    world = new_world(max_attempts=2)
    await import_and_call(world, voice_row("R1", "+31612340002"))
    world.voice.stop_calling(6512, "other")
    world.voice.stop_calling(18301, "R1")
    await world.tenant.clock.advance(by=timedelta(days=1))
    assert [c.attempt for c in world.voice.calls] == [1, 2]


async def test_an_updated_record_starts_its_calling_afresh():
    world = new_world(max_attempts=2)
    await import_and_call(world, voice_row("R1", "+31612340002"))
    world.imports.add_records([voice_row("R1", "+31612345678")], None)
    await world.tenant.clock.advance(by=timedelta(days=1))
    calls = world.voice.calls
    assert [(c.attempt, c.remote_number, c.status) for c in calls][-1] == (1, "31612345678", "finished")
    assert len({c.job_id for c in calls}) == 1


async def test_calls_and_stops_survive_a_snapshot():
    world = new_world()
    await import_and_call(world, voice_row("R1", "+31612340002"))
    world.voice.stop_calling(6512, "R2")
    data = world.voice.state().model_dump_json()
    again = new_world()
    again.voice.restore(VoiceState.model_validate_json(data))
    assert again.voice.calls == world.voice.calls
    assert again.voice.stops == world.voice.stops
    assert again.voice.state().model_dump_json() == data
