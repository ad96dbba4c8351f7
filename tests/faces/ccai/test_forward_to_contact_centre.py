"""One platform: a reminder call whose callee presses the forward digit is handed to the contact
centre, where it waits as an inbound CCAI call on the scenario's forward menu, the record's
reference on it for the agent."""

from datetime import timedelta

from reminders_mock.faces.ccai.model import call_json
from tests.voice.helpers import import_and_call, new_world, voice_row


async def test_a_callee_who_presses_the_forward_digit_becomes_an_inbound_ccai_call():
    world = new_world()
    # Script 18301's menu forwards on 1; the voice magic ending 0009 presses 1 there.
    await import_and_call(world, voice_row("R-FWD-1", "+31612340009", script="18301"), then=timedelta(0))
    [call] = world.ccai.calls.values()
    answer = call_json(call)
    assert answer["call_type"] == "Voice Inbound (API)"
    assert answer["queued_at"] == answer["created_at"]  # queued the moment the reminder forwards
    assert answer["selected_menu"]["id"] == world.spec.ccai.forward_menu == 12
    assert answer["out_ticket_id"] == "R-FWD-1"
    assert call.end_user_number == "+31612340009"
    await world.tenant.clock.advance(by=timedelta(minutes=10))
    assert call_json(call)["status"] == "finished"


async def test_a_callee_who_does_not_press_the_forward_digit_stays_with_the_reminder():
    world = new_world()
    await import_and_call(world, voice_row("R-FWD-2", "+31612340007", script="18301"))  # presses 3
    assert world.ccai.calls == {}
