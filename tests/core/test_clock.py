"""The simulated clock: what `advance` runs, in which order, the moves it refuses, its modes and
its snapshot.

Actions are names with a JSON-able payload; each test registers what its names do with `on`.
"""

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminders_mock.core.clock import (
    MAX_IDLE_WITHIN,
    TURN_SECONDS,
    Clock,
    ClockError,
    ClockState,
    Scheduled,
    parse_mode,
)
from reminders_mock.core.errors import BadInput

START = datetime(2024, 6, 12, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


class FakeWall:
    """A wallclock the test moves by hand: real seconds since some origin."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def recording(clock: Clock, log: list) -> Clock:
    """Register `record`: each run appends (its name, the clock's now when it ran) to `log`;
    and `nothing`, which does nothing."""
    clock.on("record", lambda name: log.append((name, clock.now())))
    clock.on("nothing", lambda: None)
    return clock


def names(log: list) -> list[str]:
    return [name for name, *_ in log]


@pytest.fixture
def log() -> list:
    return []


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall()


@pytest.fixture
def clock(log, wall) -> Clock:
    return recording(Clock(START, wallclock=wall), log)


# --- starting --------------------------------------------------------------------------


def test_clock_starts_where_it_is_told_and_stays_frozen(clock):
    assert clock.now() == START
    assert clock.now() == START
    assert clock.mode == "manual"


def test_a_start_without_offset_is_refused():
    with pytest.raises(ClockError):
        Clock(datetime(2024, 6, 12, 10, 0))


# --- naming actions --------------------------------------------------------------------


def test_scheduling_an_action_with_no_handler_raises_key_error(clock):
    with pytest.raises(KeyError, match="no-such-action"):
        clock.schedule(at(10), "no-such-action", name="x")
    with pytest.raises(KeyError, match="no-such-action"):
        clock.schedule_in(timedelta(seconds=10), "no-such-action")

    assert clock.pending == []


async def test_the_payload_arrives_as_keyword_arguments(clock):
    received: list[dict] = []
    clock.on("capture", lambda **kwargs: received.append(kwargs))
    clock.on("named", lambda *, subject, attempt: received.append({"named": (subject, attempt)}))
    clock.schedule(at(10), "capture", subject="PL1", attempt=2, headers={"x": [1, 2]})
    clock.schedule(at(20), "capture")
    clock.schedule(at(30), "named", attempt=3, subject="MA1")

    await clock.advance(by=timedelta(minutes=1))

    assert received == [
        {"subject": "PL1", "attempt": 2, "headers": {"x": [1, 2]}},
        {},
        {"named": ("MA1", 3)},
    ]


async def test_registering_a_name_again_replaces_what_it_does(clock, log):
    clock.schedule(at(10), "record", name="first")
    clock.on("record", lambda name: log.append((name.upper(), clock.now())))

    await clock.advance(by=timedelta(minutes=1))

    assert log == [("FIRST", at(10))]


# --- order -----------------------------------------------------------------------------


async def test_advance_by_runs_due_actions_in_order_of_due_time(clock, log):
    clock.schedule(at(30), "record", name="third")
    clock.schedule(at(10), "record", name="first")
    clock.schedule(at(20), "record", name="second")

    ran = await clock.advance(by=timedelta(minutes=1))

    assert len(ran) == 3
    assert names(log) == ["first", "second", "third"]


async def test_advance_to_runs_due_actions_in_order_of_due_time(clock, log):
    clock.schedule(at(20), "record", name="second")
    clock.schedule(at(10), "record", name="first")

    await clock.advance(to=at(60))

    assert names(log) == ["first", "second"]
    assert clock.now() == at(60)


async def test_actions_due_at_the_same_instant_run_in_scheduling_order(clock, log):
    for name in ["a", "b", "c", "d", "e"]:
        clock.schedule(at(10), "record", name=name)

    await clock.advance(by=timedelta(seconds=10))

    assert names(log) == ["a", "b", "c", "d", "e"]


async def test_actions_after_the_target_wait_for_a_later_advance(clock, log):
    clock.schedule(at(10), "record", name="soon")
    clock.schedule(at(100), "record", name="later")

    assert len(await clock.advance(by=timedelta(seconds=50))) == 1
    assert names(log) == ["soon"]
    assert len(await clock.advance(by=timedelta(seconds=50))) == 1
    assert names(log) == ["soon", "later"]


async def test_an_action_due_exactly_at_the_target_runs(clock, log):
    clock.schedule(at(60), "record", name="edge")

    await clock.advance(to=at(60))

    assert names(log) == ["edge"]


async def test_actions_scheduled_by_actions_within_the_window_run_in_the_same_advance(clock, log):
    def parent() -> None:
        log.append(("parent", clock.now()))
        clock.schedule_in(timedelta(seconds=5), "record", name="child")
        clock.schedule_in(timedelta(seconds=500), "record", name="too late")

    clock.on("parent", parent)
    clock.schedule(at(10), "parent")
    clock.schedule(at(12), "record", name="sibling")

    ran = await clock.advance(by=timedelta(minutes=1))

    assert len(ran) == 3
    assert log == [("parent", at(10)), ("sibling", at(12)), ("child", at(15))]
    assert [(entry.due, entry.payload) for entry in clock.pending] == [(at(510), {"name": "too late"})]


async def test_an_action_scheduled_by_an_action_for_its_own_instant_runs_after_the_others_due_then(
    clock, log
):
    def parent() -> None:
        log.append(("parent", clock.now()))
        clock.schedule_in(timedelta(0), "record", name="child")

    clock.on("parent", parent)
    clock.schedule(at(10), "parent")
    clock.schedule(at(10), "record", name="sibling")

    await clock.advance(by=timedelta(seconds=10))

    assert names(log) == ["parent", "sibling", "child"]


async def test_now_during_an_action_is_that_actions_due_time(clock, log):
    clock.schedule(at(7), "record", name="a")
    clock.schedule(at(42), "record", name="b")

    await clock.advance(by=timedelta(hours=1))

    assert log == [("a", at(7)), ("b", at(42))]


async def test_a_run_that_holds_the_loop_lets_other_tasks_in_between_two_instants(clock, log):
    """Waves no longer yield one by one, but a run that has held the loop a turn lets the server
    answer before the next instant runs (a big import is worked through in such steps)."""
    others: list[str] = []

    def step(name: str) -> None:
        time.sleep(TURN_SECONDS * 2)  # one step of a big import: real work, holding the loop
        log.append((name, list(others)))

    clock.on("step", step)
    clock.schedule(at(1), "step", name="first")
    clock.schedule(at(2), "step", name="second")
    asyncio.get_running_loop().call_soon(others.append, "answered")  # a request's next step

    await clock.advance(by=timedelta(minutes=1))

    assert log == [("first", []), ("second", ["answered"])]


# --- async actions ---------------------------------------------------------------------


async def test_async_actions_due_at_one_instant_wait_side_by_side_and_the_clock_waits_for_them(clock, log):
    release = asyncio.Event()

    async def deliver(name: str) -> None:
        log.append((f"{name} starts", clock.now()))
        await release.wait()  # a slow receiver: nothing else may move the clock past this instant
        log.append((f"{name} ends", clock.now()))

    clock.on("deliver", deliver)
    clock.schedule(at(10), "deliver", name="first")
    clock.schedule(at(10), "deliver", name="second")
    clock.schedule(at(11), "record", name="a second later")

    advancing = asyncio.create_task(clock.advance(by=timedelta(minutes=1)))
    for _ in range(5):
        await asyncio.sleep(0)
    assert log == [("first starts", at(10)), ("second starts", at(10))]  # both waiting at once
    release.set()

    assert len(await advancing) == 3
    assert log[2:] == [("first ends", at(10)), ("second ends", at(10)), ("a second later", at(11))]


async def test_what_async_actions_answer_is_called_in_the_order_they_were_scheduled(clock, log):
    """Whichever receiver answers first, outcomes (retries scheduled, ids drawn) follow the
    schedule's order, so a run is the same every time."""

    async def deliver(name: str, slow: bool):
        for _ in range(10 if slow else 1):
            await asyncio.sleep(0)
        log.append((f"{name} answered", clock.now()))
        return lambda: log.append((f"{name} recorded", clock.now()))

    clock.on("deliver", deliver)
    clock.schedule(at(10), "deliver", name="slow", slow=True)
    clock.schedule(at(10), "deliver", name="quick", slow=False)

    await clock.advance(by=timedelta(minutes=1))

    assert [entry for entry, _ in log] == [
        "quick answered",
        "slow answered",
        "slow recorded",
        "quick recorded",
    ]


async def test_a_retry_an_async_action_schedules_inside_the_window_runs_in_the_same_advance(clock, log):
    async def deliver(attempt: int) -> None:
        await asyncio.sleep(0)
        log.append((attempt, clock.now()))
        if attempt < 4:
            clock.schedule_in(timedelta(seconds=30 * 2**attempt), "deliver", attempt=attempt + 1)

    clock.on("deliver", deliver)
    clock.schedule(at(0), "deliver", attempt=1)
    clock.schedule(at(100), "record", name="between retries")

    ran = await clock.advance(by=timedelta(minutes=4))  # retries due at 60, 180 and 420 seconds

    assert len(ran) == 4
    assert log == [(1, at(0)), (2, at(60)), ("between retries", at(100)), (3, at(180))]
    assert [(entry.due, entry.action, entry.payload) for entry in clock.pending] == [
        (at(420), "deliver", {"attempt": 4})
    ]

    assert len(await clock.advance(to=at(420))) == 1
    assert log[-1] == (4, at(420))
    assert clock.pending == []


async def test_settle_runs_what_is_due_now_including_an_async_actions_immediate_follow_up(clock, log):
    async def deliver() -> None:
        await asyncio.sleep(0)
        log.append(("delivered", clock.now()))
        clock.schedule_in(timedelta(0), "record", name="follow-up")

    clock.on("deliver", deliver)
    clock.schedule(START, "deliver")
    clock.schedule(at(1), "record", name="not yet")

    assert await clock.settle() == 2

    assert log == [("delivered", START), ("follow-up", START)]
    assert clock.now() == START


# --- where the clock ends --------------------------------------------------------------


async def test_the_clock_ends_at_the_target_of_advance_by(clock):
    clock.schedule(at(10), "nothing")

    await clock.advance(by=timedelta(hours=2))

    assert clock.now() == START + timedelta(hours=2)


async def test_the_clock_ends_at_the_target_of_advance_to_even_with_nothing_due(clock):
    assert len(await clock.advance(to=at(3600))) == 0

    assert clock.now() == at(3600)


async def test_advance_to_accepts_a_moment_in_another_offset(clock):
    amsterdam = timezone(timedelta(hours=2))

    await clock.advance(to=datetime(2024, 6, 12, 13, 0, tzinfo=amsterdam))

    assert clock.now() == START + timedelta(hours=1)


# --- refused moves ---------------------------------------------------------------------


async def test_going_backwards_by_a_negative_duration_raises_a_bad_input(clock):
    with pytest.raises(ClockError) as raised:
        await clock.advance(by=timedelta(seconds=-1))

    assert isinstance(raised.value, BadInput)
    assert raised.value.code == "BAD_USER_INPUT"
    assert "backwards" in raised.value.message
    assert clock.now() == START


async def test_going_backwards_to_an_earlier_moment_raises_a_bad_input(clock):
    await clock.advance(by=timedelta(hours=1))

    with pytest.raises(ClockError) as raised:
        await clock.advance(to=START)

    assert raised.value.code == "BAD_USER_INPUT"
    assert clock.now() == START + timedelta(hours=1)


async def test_a_refused_move_runs_nothing(clock, log):
    clock.schedule(at(-10), "record", name="overdue")

    with pytest.raises(ClockError):
        await clock.advance(to=at(-5))

    assert log == []
    assert len(clock.pending) == 1


async def test_advance_with_both_by_and_to_raises(clock):
    with pytest.raises(ClockError) as raised:
        await clock.advance(by=timedelta(seconds=1), to=at(1))

    assert raised.value.code == "BAD_USER_INPUT"
    assert "exactly one" in raised.value.message


async def test_advance_with_neither_by_nor_to_raises(clock):
    with pytest.raises(ClockError) as raised:
        await clock.advance()

    assert raised.value.code == "BAD_USER_INPUT"
    assert "exactly one" in raised.value.message


async def test_advance_to_a_naive_moment_raises(clock):
    with pytest.raises(ClockError) as raised:
        await clock.advance(to=datetime(2024, 6, 12, 11, 0))

    assert raised.value.code == "BAD_USER_INPUT"
    assert "offset" in raised.value.message
    assert clock.now() == START


# --- cancelling ------------------------------------------------------------------------


async def test_a_cancelled_action_never_runs(clock, log):
    clock.schedule(at(10), "record", name="kept")
    clock.schedule(at(20), "record", name="cancelled").cancel()

    ran = await clock.advance(by=timedelta(hours=1))

    assert len(ran) == 1
    assert names(log) == ["kept"]


async def test_an_action_cancelled_by_an_earlier_action_never_runs(clock, log):
    victim = clock.schedule(at(20), "record", name="victim")
    clock.on("cancel victim", victim.cancel)
    clock.schedule(at(10), "cancel victim")

    ran = await clock.advance(by=timedelta(hours=1))

    assert len(ran) == 1
    assert log == []


# --- overdue actions -------------------------------------------------------------------


async def test_an_action_scheduled_in_the_past_runs_at_the_next_advance(clock, log):
    clock.schedule(at(-60), "record", name="overdue")

    assert log == []
    await clock.advance(by=timedelta(seconds=1))

    assert names(log) == ["overdue"]


async def test_an_action_scheduled_in_the_past_runs_even_on_an_advance_by_zero(clock, log):
    clock.schedule(at(-60), "record", name="overdue")

    ran = await clock.advance(by=timedelta(0))

    assert len(ran) == 1
    assert names(log) == ["overdue"]
    assert clock.now() == START


async def test_an_overdue_action_sees_the_present_not_its_past_due_time(clock, log):
    clock.schedule(at(-60), "record", name="overdue")

    await clock.settle()

    assert log == [("overdue", START)]


# --- pending ---------------------------------------------------------------------------


def test_pending_lists_only_uncancelled_entries_sorted(clock):
    late = clock.schedule(at(30), "record", name="late")
    early = clock.schedule(at(10), "record", name="early")
    tied = clock.schedule(at(10), "record", name="tied")
    clock.schedule(at(20), "record", name="cancelled").cancel()

    pending = clock.pending

    assert pending == [early, tied, late]
    assert [entry.payload["name"] for entry in pending] == ["early", "tied", "late"]
    assert all(isinstance(entry, Scheduled) and entry.action == "record" for entry in pending)


async def test_pending_forgets_what_has_run(clock):
    clock.schedule(at(10), "record", name="ran")
    waiting = clock.schedule(at(100), "record", name="waiting")

    await clock.advance(by=timedelta(seconds=50))

    assert clock.pending == [waiting]


async def test_schedule_in_counts_from_the_current_moment(clock):
    await clock.advance(by=timedelta(hours=1))

    entry = clock.schedule_in(timedelta(minutes=5), "nothing")

    assert entry.due == START + timedelta(hours=1, minutes=5)


# --- stepping: the next instant, and on until idle -----------------------------------------


def ran_at(ran: list[Scheduled]) -> list[tuple[str, datetime]]:
    """What a move answers it ran: (action, due) of each, in the order they ran."""
    return [(entry.action, entry.due) for entry in ran]


async def test_advance_to_next_runs_every_action_due_at_the_next_instant_and_stops_there(clock, log):
    def parent() -> None:
        log.append(("parent", clock.now()))
        clock.schedule_in(timedelta(0), "record", name="child, same instant")
        clock.schedule_in(timedelta(microseconds=1), "record", name="child, a microsecond on")

    clock.on("parent", parent)
    clock.schedule(at(60), "record", name="a minute on")
    clock.schedule(at(0.25), "parent")
    clock.schedule(at(0.25), "record", name="sibling")

    ran = await clock.advance_to_next()

    assert ran_at(ran) == [("parent", at(0.25)), ("record", at(0.25)), ("record", at(0.25))]
    assert log == [("parent", at(0.25)), ("sibling", at(0.25)), ("child, same instant", at(0.25))]
    assert clock.now() == at(0.25)
    assert clock.next_due == at(0.25) + timedelta(microseconds=1)


async def test_advance_to_next_skips_cancelled_actions_to_the_first_that_will_run(clock, log):
    clock.schedule(at(5), "record", name="cancelled").cancel()
    clock.schedule(at(7.5), "record", name="kept")

    assert clock.next_due == at(7.5)
    ran = await clock.advance_to_next()

    assert ran_at(ran) == [("record", at(7.5))]
    assert log == [("kept", at(7.5))]
    assert clock.now() == at(7.5)


async def test_advance_to_next_with_nothing_pending_runs_nothing_and_leaves_the_clock(clock, log):
    clock.schedule(at(5), "record", name="cancelled").cancel()

    assert clock.next_due is None
    assert await clock.advance_to_next() == []
    assert clock.now() == START
    assert log == []


async def test_advance_to_next_runs_overdue_actions_now_without_going_back(clock, log):
    await clock.advance(by=timedelta(minutes=1))
    clock.schedule(at(-30), "record", name="overdue")
    clock.schedule(at(60), "record", name="due now")
    clock.schedule(at(61), "record", name="next second")

    ran = await clock.advance_to_next()

    assert ran_at(ran) == [("record", at(-30)), ("record", at(60))]
    assert log == [("overdue", at(60)), ("due now", at(60))]
    assert clock.now() == at(60)


def test_pending_count_counts_what_will_still_run(clock):
    clock.schedule(at(5), "record", name="cancelled").cancel()
    clock.schedule(at(10), "record", name="a")
    clock.schedule(at(10), "record", name="b")

    assert clock.pending_count == 2 == len(clock.pending)


async def test_pending_count_stays_right_as_entries_run_are_cancelled_twice_or_after_running(clock):
    """The count is kept, not scanned for: a cancel counts once, and only while the entry waits."""
    ran = clock.schedule(at(5), "record", name="runs, then is cancelled")
    twice = clock.schedule(at(6), "record", name="cancelled twice")
    clock.schedule(at(20), "record", name="waits")
    twice.cancel()
    twice.cancel()

    await clock.advance(to=at(10))
    ran.cancel()  # as voice does to a call that was waiting: it has run already

    assert clock.pending_count == 1 == len(clock.pending)
    clock.restore(clock.state())
    assert clock.pending_count == 1


async def test_run_until_idle_runs_up_to_now_plus_within_and_stops_at_the_last_instant_it_ran(clock, log):
    async def deliver(attempt: int) -> None:
        log.append((f"attempt {attempt}", clock.now()))
        if attempt < 3:
            clock.schedule_in(timedelta(minutes=10 * attempt), "deliver", attempt=attempt + 1)

    clock.on("deliver", deliver)
    clock.schedule(at(0.5), "deliver", attempt=1)
    clock.schedule(at(3600), "record", name="past the bound")

    ran = await clock.run_until_idle(timedelta(minutes=45))

    # Retries the window's own actions scheduled ran too: 0.5 s, 10 min 0.5 s, 30 min 0.5 s.
    assert ran_at(ran) == [("deliver", at(0.5)), ("deliver", at(600.5)), ("deliver", at(1800.5))]
    assert names(log) == ["attempt 1", "attempt 2", "attempt 3"]
    assert clock.now() == at(1800.5)
    assert clock.next_due == at(3600)


async def test_run_until_idle_with_nothing_due_within_leaves_the_clock(clock, log):
    clock.schedule(at(3600), "record", name="later")

    assert await clock.run_until_idle(timedelta(minutes=59)) == []
    assert clock.now() == START
    assert log == []


async def test_run_until_idle_bounds_an_action_that_comes_back_every_day(clock, log):
    """A daily action (as the result files' midnight) never lets the schedule empty: the bound,
    counted from where the clock was when asked, is what ends the run."""

    def daily(day: int) -> None:
        log.append((f"day {day}", clock.now()))
        clock.schedule_in(timedelta(days=1), "daily", day=day + 1)

    clock.on("daily", daily)
    clock.schedule(at(60), "daily", day=1)

    ran = await clock.run_until_idle(timedelta(days=3))

    assert names(log) == ["day 1", "day 2", "day 3"]
    assert len(ran) == 3
    assert clock.now() == at(60) + timedelta(days=2)
    assert clock.next_due == at(60) + timedelta(days=3)


@pytest.mark.parametrize("within", [timedelta(seconds=-1), MAX_IDLE_WITHIN + timedelta(seconds=1)])
async def test_run_until_idle_refuses_a_bound_out_of_range_naming_within(clock, log, within):
    clock.schedule(at(0), "record", name="due now")

    with pytest.raises(ClockError) as raised:
        await clock.run_until_idle(within)

    assert raised.value.field == "within"
    assert raised.value.message.startswith("within: expected a duration from PT0S to P366D")
    assert log == []


# --- modes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "speed"),
    [("manual", None), ("realtime", 1.0), ("60x", 60.0), ("2.5x", 2.5), ("1x", 1.0), ("0.5x", 0.5)],
)
def test_parse_mode_reads_the_modes(mode, speed):
    assert parse_mode(mode) == speed


@pytest.mark.parametrize(
    "mode", ["fast", "0x", "0.0x", "-1x", "x", "60", "60X", " 60x", "60x ", "1e3x", "Manual", ""]
)
def test_parse_mode_refuses_anything_else_naming_the_mode(mode):
    with pytest.raises(ClockError) as raised:
        parse_mode(mode)

    assert raised.value.code == "BAD_USER_INPUT"
    assert raised.value.field == "mode"
    assert "mode" in raised.value.message


def test_set_mode_refuses_a_bad_mode_and_keeps_the_old_one(clock):
    clock.set_mode("60x")

    with pytest.raises(ClockError):
        clock.set_mode("fast")

    assert clock.mode == "60x"


async def test_catch_up_in_manual_mode_does_nothing(clock, wall, log):
    clock.schedule(at(1), "record", name="due a second in")
    wall.seconds += 3600

    assert await clock.catch_up() == 0

    assert clock.now() == START
    assert log == []
    assert len(clock.pending) == 1


async def test_catch_up_at_60x_moves_a_simulated_minute_per_real_second_and_runs_what_fell_due(
    clock, wall, log
):
    clock.set_mode("60x")
    clock.schedule(at(90), "record", name="fell due")
    clock.schedule(at(120), "record", name="due at the new now")
    clock.schedule(at(121), "record", name="not yet")
    wall.seconds += 2

    ran = await clock.catch_up()

    assert ran == 2
    assert clock.now() == START + timedelta(minutes=2)
    assert log == [("fell due", at(90)), ("due at the new now", at(120))]
    assert [entry.payload["name"] for entry in clock.pending] == ["not yet"]


async def test_catch_up_counts_real_time_from_the_last_move_only(clock, wall):
    clock.set_mode("60x")
    wall.seconds += 2
    await clock.catch_up()

    assert await clock.catch_up() == 0  # no real time has passed since
    assert clock.now() == at(120)

    await clock.advance(by=timedelta(hours=1))  # a manual jump re-bases the clock
    wall.seconds += 0.5
    await clock.catch_up()

    assert clock.now() == at(120 + 3600 + 30)


async def test_catch_up_in_follow_mode_moves_to_the_wall_clock_and_never_back(log):
    now = [at(90)]
    clock = recording(Clock(START, wall_time=lambda: now[0]), log)
    clock.set_mode("follow")
    clock.schedule(at(60), "record", name="fell due")
    clock.schedule(at(91), "record", name="not yet")

    assert await clock.catch_up() == 1
    assert (clock.now(), names(log)) == (at(90), ["fell due"])

    now[0] = at(30)  # the wall clock moved back (freezegun's move_to): the mock's stays
    assert await clock.catch_up() == 0
    assert clock.now() == at(90)


async def test_catch_up_waits_for_no_move_under_way(clock, wall):
    """A webhook receiver calling the mock back during an advance must not wait for it."""
    clock.set_mode("60x")
    wall.seconds += 60
    async with clock._lock:
        assert await clock.catch_up() == 0
    assert clock.now() == START


async def test_catch_up_in_realtime_mode_follows_real_seconds(clock, wall):
    clock.set_mode("realtime")
    wall.seconds += 2.5

    await clock.catch_up()

    assert clock.now() == at(2.5)


async def test_time_before_a_mode_change_does_not_count(clock, wall):
    wall.seconds += 3600  # an hour in manual mode
    clock.set_mode("60x")
    wall.seconds += 1

    await clock.catch_up()

    assert clock.now() == at(60)


async def test_switching_back_to_manual_freezes_the_clock(clock, wall):
    clock.set_mode("60x")
    clock.set_mode("manual")
    wall.seconds += 10

    assert await clock.catch_up() == 0
    assert clock.now() == START
    assert clock.mode == "manual"


async def test_real_time_spent_running_actions_still_counts_at_the_next_catch_up(clock, wall):
    async def slow() -> None:
        wall.seconds += 1  # the webhook took a real second

    clock.on("slow", slow)
    clock.set_mode("60x")
    clock.schedule(at(30), "slow")
    wall.seconds += 2
    await clock.catch_up()  # to 120 simulated seconds; real time is now 3 seconds in
    wall.seconds += 1

    await clock.catch_up()

    assert clock.now() == at(4 * 60)


async def test_a_catch_up_during_an_advance_waits_for_it_and_does_not_fail(clock, wall):
    gate = asyncio.Event()

    async def blocked() -> None:
        await gate.wait()

    clock.on("blocked", blocked)
    clock.set_mode("60x")
    clock.schedule(at(10), "blocked")
    advancing = asyncio.create_task(clock.advance(by=timedelta(hours=1)))
    await asyncio.sleep(0)
    wall.seconds += 2
    catching_up = asyncio.create_task(clock.catch_up())
    await asyncio.sleep(0)
    gate.set()

    assert len(await advancing) == 1
    await catching_up
    assert clock.now() >= at(3600)


# --- state and restore -----------------------------------------------------------------


def twin_handlers(clock: Clock, log: list) -> Clock:
    """The handlers a service would register: `record`, and `parent`, which schedules children."""

    def parent(name: str, children: list[int]) -> None:
        log.append((name, clock.now()))
        for index, delay in enumerate(children):
            clock.schedule_in(timedelta(seconds=delay), "record", name=f"{name}.{index}")

    clock.on("record", lambda name: log.append((name, clock.now())))
    clock.on("parent", parent)
    return clock


async def test_a_restored_clock_runs_the_same_pending_actions_in_the_same_order_at_the_same_times(
    wall,
):
    original_log: list = []
    original = twin_handlers(Clock(START, wallclock=wall), original_log)
    original.schedule(at(10), "record", name="ran before the snapshot")
    original.schedule(at(300), "record", name="late")
    original.schedule(at(100), "parent", name="parent", children=[0, 50, 200])
    original.schedule(at(150), "record", name="tie, scheduled first")
    original.schedule(at(150), "record", name="tie, scheduled second")
    original.schedule(at(-30), "record", name="overdue")
    await original.advance(by=timedelta(seconds=60))
    original.schedule(at(100), "record", name="after the parent")

    state = original.state()
    restored_log: list = []
    restored = twin_handlers(Clock(datetime(2000, 1, 1, tzinfo=UTC), wallclock=wall), restored_log)
    restored.restore(state)

    assert restored.now() == original.now() == at(60)
    assert restored.mode == "manual"
    assert [(e.due, e.sequence, e.action, e.payload) for e in restored.pending] == [
        (e.due, e.sequence, e.action, e.payload) for e in original.pending
    ]

    # What both schedule from here on gets the same sequence, so ties break the same way.
    for twin in (original, restored):
        twin.schedule(at(300), "record", name="tie with late, scheduled after the snapshot")

    for twin in (original, restored):
        await twin.advance(by=timedelta(seconds=100))
        await twin.advance(to=at(1000))

    expected_after_snapshot = [
        ("parent", at(100)),
        ("after the parent", at(100)),
        ("parent.0", at(100)),
        ("tie, scheduled first", at(150)),
        ("tie, scheduled second", at(150)),
        ("parent.1", at(150)),
        ("late", at(300)),
        ("tie with late, scheduled after the snapshot", at(300)),
        ("parent.2", at(300)),
    ]
    assert restored_log == expected_after_snapshot
    assert original_log == [("overdue", START), ("ran before the snapshot", at(10)), *expected_after_snapshot]
    assert restored.now() == original.now() == at(1000)
    assert restored.pending == original.pending == []


def test_cancelled_entries_are_not_carried_by_state(clock):
    kept = clock.schedule(at(10), "record", name="kept")
    clock.schedule(at(20), "record", name="cancelled").cancel()

    state = clock.state()

    assert [(p.sequence, p.payload) for p in state.pending] == [(kept.sequence, {"name": "kept"})]

    fresh = recording(Clock(START), [])
    fresh.restore(state)

    assert [entry.payload["name"] for entry in fresh.pending] == ["kept"]


async def test_cancelled_entries_never_run_on_a_restored_clock(wall):
    log: list = []
    original = recording(Clock(START, wallclock=wall), [])
    original.schedule(at(10), "record", name="kept")
    original.schedule(at(20), "record", name="cancelled").cancel()
    fresh = recording(Clock(START, wallclock=wall), log)
    fresh.restore(original.state())

    assert len(await fresh.advance(by=timedelta(hours=1))) == 1
    assert names(log) == ["kept"]


def test_state_carries_now_mode_and_sequence_as_data(clock):
    clock.set_mode("60x")
    clock.schedule(at(10), "record", name="a")
    clock.schedule(at(5), "nothing")

    state = clock.state()

    assert state.model_dump() == {
        "now": START,
        "mode": "60x",
        "sequence": 2,
        "pending": [
            {"due": at(5), "sequence": 1, "action": "nothing", "payload": {}},
            {"due": at(10), "sequence": 0, "action": "record", "payload": {"name": "a"}},
        ],
    }
    # As JSON and back, it is the same state.
    assert ClockState.model_validate(json.loads(state.model_dump_json())) == state


async def test_a_restored_clock_keeps_its_mode_and_counts_real_time_from_the_restore(wall, log):
    original = recording(Clock(START, wallclock=wall), [])
    original.set_mode("60x")
    original.schedule(at(90), "record", name="due")
    state = original.state()
    wall.seconds += 1000  # time passing before the restore does not count

    fresh = recording(Clock(START, wallclock=wall), log)
    fresh.restore(state)
    wall.seconds += 2

    assert fresh.mode == "60x"
    assert await fresh.catch_up() == 1
    assert fresh.now() == at(120)
    assert log == [("due", at(90))]


# --- property: the order of a whole run ------------------------------------------------

delays = st.integers(min_value=0, max_value=12).map(lambda tens: tens * 10)  # many ties
plans = st.lists(
    # (delay, whether the action is async, delays of what it schedules)
    st.tuples(delays, st.booleans(), st.lists(delays, max_size=2)),
    max_size=25,
)
steps = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12)


@given(plan=plans, advance_steps=steps, use_to=st.booleans())
def test_every_action_runs_once_in_order_of_due_then_scheduling(plan, advance_steps, use_to):
    """Async actions due at one instant wait side by side, after the instant's plain actions
    have run: so the order is by due time, and within an instant by scheduling among the plain
    actions and among the async ones; and it is the same order on every run."""
    first, again = run_plan(plan, advance_steps, use_to), run_plan(plan, advance_steps, use_to)
    assert first == again
    ran, asynchronous = first
    assert [due for due, _, _ in ran] == sorted(due for due, _, _ in ran)
    for kind in (True, False):
        of_kind = [(due, number) for due, number, _ in ran if (number in asynchronous) == kind]
        assert of_kind == sorted(of_kind)


def run_plan(plan: list, advance_steps: list[int], use_to: bool):
    clock = Clock(START)
    ran: list[tuple[datetime, int, datetime]] = []  # (due, our own scheduling number, now)
    asynchronous: set[int] = set()
    dues = plan_on(clock, plan, ran, asynchronous)

    def scheduled_by(moment: datetime) -> list[tuple[datetime, int]]:
        return sorted((due, number) for number, due in enumerate(dues) if due <= moment)

    async def run() -> None:
        for step in advance_steps:
            if use_to:
                await clock.advance(to=clock.now() + timedelta(seconds=step))
            else:
                await clock.advance(by=timedelta(seconds=step))
            # Each job due by now ran exactly once, and none ran early.
            assert sorted((due, number) for due, number, _ in ran) == scheduled_by(clock.now())

        await clock.advance(by=timedelta(seconds=500))

    asyncio.run(run())

    assert sorted((due, number) for due, number, _ in ran) == scheduled_by(clock.now())
    assert all(now == due for due, _, now in ran)  # each ran at its own due time
    assert clock.pending == []
    return ran, asynchronous


def plan_on(
    clock: Clock, plan: list, ran: list[tuple[datetime, int, datetime]], asynchronous: set[int] | None = None
) -> list[datetime]:
    """Schedules a plan of `plans` on the clock; each job appends (due, number, now) to `ran`
    when it runs, and schedules its children, async jobs awaiting a moment first. Answers the
    due time of every job by its number, a list that grows as children are scheduled; the
    numbers of async jobs go into `asynchronous`."""
    dues: list[datetime] = []

    def schedule(delay: int, is_async: bool, children: list[int]) -> None:
        if is_async and asynchronous is not None:
            asynchronous.add(len(dues))
        dues.append(clock.now() + timedelta(seconds=delay))
        action = "async job" if is_async else "job"
        clock.schedule_in(timedelta(seconds=delay), action, number=len(dues) - 1, children=children)

    def job(number: int, children: list[int]) -> None:
        ran.append((dues[number], number, clock.now()))
        for child_delay in children:
            schedule(child_delay, number % 2 == 0, [])

    async def async_job(number: int, children: list[int]) -> None:
        await asyncio.sleep(0)
        job(number, children)

    clock.on("job", job)
    clock.on("async job", async_job)
    for delay, is_async, children in plan:
        schedule(delay, is_async, children)
    return dues


@given(plan=plans)
def test_stepping_to_the_next_instant_until_none_is_left_runs_what_one_advance_runs(plan):
    """The same actions in the same order, each at the same moment, as one advance past them all."""

    async def run(step: bool) -> list:
        clock, ran = Clock(START), []
        plan_on(clock, plan, ran)
        if not step:
            await clock.advance(by=timedelta(seconds=500))
        while step and clock.next_due is not None:
            before = clock.now()
            assert await clock.advance_to_next()  # every step runs something
            assert clock.now() >= before
        return ran

    assert asyncio.run(run(step=True)) == asyncio.run(run(step=False))


def test_a_day_on_the_clock_is_24_hours_across_a_dst_change_also_after_a_restore():
    """Zone-aware arithmetic would make the day before summer time 23 hours, and a snapshot
    (offsets, not zone names) would make it 24 again: the clock keeps UTC, so both agree."""
    amsterdam = ZoneInfo("Europe/Amsterdam")
    clock = Clock(datetime(2024, 3, 30, 12, tzinfo=amsterdam))  # 11:00 UTC, the day before the change
    restored = Clock(datetime(2024, 1, 1, tzinfo=UTC))
    restored.restore(ClockState.model_validate_json(clock.state().model_dump_json()))

    a_day_later = datetime(2024, 3, 31, 11, tzinfo=UTC)
    assert clock.now() + timedelta(days=1) == a_day_later
    assert restored.now() + timedelta(days=1) == a_day_later


async def test_an_action_that_fails_is_logged_and_skipped_and_the_clock_moves_on(clock, log, caplog):
    def broken() -> None:
        raise RuntimeError("a record a snapshot let in")

    clock.on("broken", broken)
    clock.schedule(at(10), "broken")
    clock.schedule(at(20), "record", name="after")
    ran = await clock.advance(by=timedelta(seconds=30))
    assert [entry.action for entry in ran] == ["broken", "record"]
    assert names(log) == ["after"]
    assert clock.now() == at(30)
    assert "clock action broken {} due" in caplog.text and "failed; skipped" in caplog.text
    assert "RuntimeError: a record a snapshot let in" in caplog.text  # with its traceback


async def test_an_awaited_action_that_fails_is_logged_with_its_traceback_and_the_wave_goes_on(
    clock, log, caplog
):
    async def broken_attempt() -> None:
        raise RuntimeError("the receiver's answer could not be read")

    clock.on("broken", broken_attempt)
    clock.schedule(at(10), "broken")
    clock.schedule(at(10), "record", name="beside it")
    clock.schedule(at(20), "record", name="after")
    await clock.advance(by=timedelta(seconds=30))
    assert names(log) == ["beside it", "after"]
    assert "RuntimeError: the receiver's answer could not be read" in caplog.text


def test_moments_after_one_instant_are_one_object_per_offset(clock):
    """PayLinks made at one instant share their expiries; the sums are still each moment's own."""
    now, day = clock.now(), timedelta(days=1)

    assert clock.after(now, day) == now + day
    assert clock.after(now, day) is clock.after(now, day)
    assert clock.after(now, timedelta(hours=1)) == now + timedelta(hours=1)
    local = now.astimezone(ZoneInfo("Europe/Amsterdam"))  # the same instant, written otherwise
    assert clock.after(local, day).isoformat() == (local + day).isoformat()
