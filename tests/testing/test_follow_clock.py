"""The `follow` clock mode under freezegun: the tenant's clock reads the process's wall clock, and
each request runs what fell due, so moving frozen time moves an in-process mock with it."""

from freezegun import freeze_time

from reminders_mock import Client

START = "2024-06-12T08:00:00+00:00"  # the default scenario's clock start


def test_inside_freeze_time_a_tick_of_an_hour_shows_the_paylink_paid_with_no_advance(reminders_mock: Client):
    with freeze_time(START) as frozen:
        reminders_mock.set_clock_mode("follow")
        link = reminders_mock.create_paylink("15497")  # the default rule: paid after 30 minutes
        assert reminders_mock.paylink(link["id"])["status"] == "ready"

        frozen.tick(3600)

        found = reminders_mock.paylink(link["id"])
        assert (found["status"], found["amountPaid"]) == ("paid", 15497)
        assert reminders_mock.clock()["now"] == "2024-06-12T09:00:00+00:00"


def test_move_to_jumps_the_clock_and_moving_back_leaves_it_where_it_was(reminders_mock: Client):
    with freeze_time(START) as frozen:
        answer = reminders_mock.set_clock_mode("follow")
        assert (answer["mode"], answer["now"]) == ("follow", START)

        frozen.move_to("2024-06-12T12:00:00+00:00")
        assert reminders_mock.clock()["now"] == "2024-06-12T12:00:00+00:00"

        frozen.move_to(START)
        assert reminders_mock.clock()["now"] == "2024-06-12T12:00:00+00:00"


def test_a_manual_clock_ignores_frozen_time(reminders_mock: Client):
    with freeze_time(START) as frozen:
        link = reminders_mock.create_paylink("15497")
        frozen.tick(3600)
        assert reminders_mock.paylink(link["id"])["status"] == "ready"
        assert reminders_mock.clock()["now"] == START
