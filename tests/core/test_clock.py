"""The simulated clock: what `advance` runs, in which order, and the moves it refuses."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock.core.clock import Clock, ClockError, Scheduled
from mock.core.errors import BadInput

START = datetime(2024, 6, 12, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def recorder(clock: Clock, log: list) -> Callable[[str], Callable[[], None]]:
    """An action factory: each action appends (its name, the clock's now when it ran) to `log`."""

    def action_named(name: str):
        return lambda: log.append((name, clock.now()))

    return action_named


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


def test_clock_starts_where_it_is_told_and_stays_frozen(clock):
    assert clock.now() == START
    assert clock.now() == START


def test_a_start_without_offset_is_refused():
    with pytest.raises(ClockError):
        Clock(datetime(2024, 6, 12, 10, 0))


def test_advance_by_runs_due_actions_in_order_of_due_time(clock):
    log: list = []
    action = recorder(clock, log)
    clock.schedule(at(30), action("third"))
    clock.schedule(at(10), action("first"))
    clock.schedule(at(20), action("second"))

    ran = clock.advance(by=timedelta(minutes=1))

    assert ran == 3
    assert [name for name, _ in log] == ["first", "second", "third"]


def test_advance_to_runs_due_actions_in_order_of_due_time(clock):
    log: list = []
    action = recorder(clock, log)
    clock.schedule(at(20), action("second"))
    clock.schedule(at(10), action("first"))

    clock.advance(to=at(60))

    assert [name for name, _ in log] == ["first", "second"]
    assert clock.now() == at(60)


def test_actions_due_at_the_same_instant_run_in_scheduling_order(clock):
    log: list = []
    action = recorder(clock, log)
    for name in ["a", "b", "c", "d", "e"]:
        clock.schedule(at(10), action(name))

    clock.advance(by=timedelta(seconds=10))

    assert [name for name, _ in log] == ["a", "b", "c", "d", "e"]


def test_actions_after_the_target_wait_for_a_later_advance(clock):
    log: list = []
    action = recorder(clock, log)
    clock.schedule(at(10), action("soon"))
    clock.schedule(at(100), action("later"))

    assert clock.advance(by=timedelta(seconds=50)) == 1
    assert [name for name, _ in log] == ["soon"]
    assert clock.advance(by=timedelta(seconds=50)) == 1
    assert [name for name, _ in log] == ["soon", "later"]


def test_an_action_due_exactly_at_the_target_runs(clock):
    log: list = []
    clock.schedule(at(60), recorder(clock, log)("edge"))

    clock.advance(to=at(60))

    assert [name for name, _ in log] == ["edge"]


def test_actions_scheduled_by_actions_within_the_window_run_in_the_same_advance(clock):
    log: list = []
    action = recorder(clock, log)

    def parent() -> None:
        log.append(("parent", clock.now()))
        clock.schedule_in(timedelta(seconds=5), action("child"))
        clock.schedule_in(timedelta(seconds=500), action("too late"))

    clock.schedule(at(10), parent)
    clock.schedule(at(12), action("sibling"))

    clock.advance(by=timedelta(minutes=1))

    assert log == [("parent", at(10)), ("sibling", at(12)), ("child", at(15))]
    assert [entry.due for entry in clock.pending] == [at(510)]


def test_an_action_scheduled_by_an_action_for_its_own_instant_runs_after_the_others_due_then(clock):
    log: list = []
    action = recorder(clock, log)

    def parent() -> None:
        log.append(("parent", clock.now()))
        clock.schedule_in(timedelta(0), action("child"))

    clock.schedule(at(10), parent)
    clock.schedule(at(10), action("sibling"))

    clock.advance(by=timedelta(seconds=10))

    assert [name for name, _ in log] == ["parent", "sibling", "child"]


def test_now_during_an_action_is_that_actions_due_time(clock):
    log: list = []
    action = recorder(clock, log)
    clock.schedule(at(7), action("a"))
    clock.schedule(at(42), action("b"))

    clock.advance(by=timedelta(hours=1))

    assert log == [("a", at(7)), ("b", at(42))]


def test_the_clock_ends_at_the_target_of_advance_by(clock):
    clock.schedule(at(10), lambda: None)

    clock.advance(by=timedelta(hours=2))

    assert clock.now() == START + timedelta(hours=2)


def test_the_clock_ends_at_the_target_of_advance_to_even_with_nothing_due(clock):
    clock.advance(to=at(3600))

    assert clock.now() == at(3600)


def test_advance_to_accepts_a_moment_in_another_offset(clock):
    amsterdam = timezone(timedelta(hours=2))

    clock.advance(to=datetime(2024, 6, 12, 13, 0, tzinfo=amsterdam))

    assert clock.now() == START + timedelta(hours=1)


def test_going_backwards_by_a_negative_duration_raises_a_bad_input(clock):
    with pytest.raises(ClockError) as raised:
        clock.advance(by=timedelta(seconds=-1))

    assert isinstance(raised.value, BadInput)
    assert raised.value.code == "BAD_USER_INPUT"
    assert "backwards" in raised.value.message
    assert clock.now() == START


def test_going_backwards_to_an_earlier_moment_raises_a_bad_input(clock):
    clock.advance(by=timedelta(hours=1))

    with pytest.raises(ClockError) as raised:
        clock.advance(to=START)

    assert raised.value.code == "BAD_USER_INPUT"
    assert clock.now() == START + timedelta(hours=1)


def test_a_refused_move_runs_nothing(clock):
    log: list = []
    clock.schedule(at(-10), recorder(clock, log)("overdue"))

    with pytest.raises(ClockError):
        clock.advance(to=at(-5))

    assert log == []
    assert len(clock.pending) == 1


def test_advance_with_both_by_and_to_raises(clock):
    with pytest.raises(ClockError) as raised:
        clock.advance(by=timedelta(seconds=1), to=at(1))

    assert raised.value.code == "BAD_USER_INPUT"
    assert "exactly one" in raised.value.message


def test_advance_with_neither_by_nor_to_raises(clock):
    with pytest.raises(ClockError) as raised:
        clock.advance()

    assert raised.value.code == "BAD_USER_INPUT"
    assert "exactly one" in raised.value.message


def test_advance_to_a_naive_moment_raises(clock):
    with pytest.raises(ClockError) as raised:
        clock.advance(to=datetime(2024, 6, 12, 11, 0))

    assert raised.value.code == "BAD_USER_INPUT"
    assert "offset" in raised.value.message
    assert clock.now() == START


def test_a_cancelled_action_never_runs(clock):
    log: list = []
    action = recorder(clock, log)
    clock.schedule(at(10), action("kept"))
    clock.schedule(at(20), action("cancelled")).cancel()

    ran = clock.advance(by=timedelta(hours=1))

    assert ran == 1
    assert [name for name, _ in log] == ["kept"]


def test_an_action_cancelled_by_an_earlier_action_never_runs(clock):
    log: list = []
    action = recorder(clock, log)
    victim = clock.schedule(at(20), action("victim"))
    clock.schedule(at(10), victim.cancel)

    clock.advance(by=timedelta(hours=1))

    assert log == []


def test_an_action_scheduled_in_the_past_runs_at_the_next_advance(clock):
    log: list = []
    clock.schedule(at(-60), recorder(clock, log)("overdue"))

    assert log == []
    clock.advance(by=timedelta(seconds=1))

    assert [name for name, _ in log] == ["overdue"]


def test_an_action_scheduled_in_the_past_runs_even_on_an_advance_by_zero(clock):
    log: list = []
    clock.schedule(at(-60), recorder(clock, log)("overdue"))

    ran = clock.advance(by=timedelta(0))

    assert ran == 1
    assert [name for name, _ in log] == ["overdue"]
    assert clock.now() == START


def test_an_overdue_action_sees_the_present_not_its_past_due_time(clock):
    log: list = []
    clock.schedule(at(-60), recorder(clock, log)("overdue"))

    clock.advance(by=timedelta(0))

    assert log == [("overdue", START)]


def test_pending_lists_only_uncancelled_entries_sorted(clock):
    late = clock.schedule(at(30), lambda: None, "late")
    early = clock.schedule(at(10), lambda: None, "early")
    tied = clock.schedule(at(10), lambda: None, "tied")
    clock.schedule(at(20), lambda: None, "cancelled").cancel()

    pending = clock.pending

    assert pending == [early, tied, late]
    assert [entry.name for entry in pending] == ["early", "tied", "late"]
    assert all(isinstance(entry, Scheduled) for entry in pending)


def test_pending_forgets_what_has_run(clock):
    clock.schedule(at(10), lambda: None, "ran")
    waiting = clock.schedule(at(100), lambda: None, "waiting")

    clock.advance(by=timedelta(seconds=50))

    assert clock.pending == [waiting]


def test_schedule_in_counts_from_the_current_moment(clock):
    clock.advance(by=timedelta(hours=1))

    entry = clock.schedule_in(timedelta(minutes=5), lambda: None)

    assert entry.due == START + timedelta(hours=1, minutes=5)


# --- property: the order of a whole run ------------------------------------------------

delays = st.integers(min_value=0, max_value=12).map(lambda tens: tens * 10)  # many ties
plans = st.lists(
    st.tuples(delays, st.lists(delays, max_size=2)),  # (delay, delays of what it schedules)
    max_size=25,
)
steps = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12)


@given(plan=plans, advance_steps=steps, use_to=st.booleans())
def test_every_action_runs_once_in_order_of_due_then_scheduling(plan, advance_steps, use_to):
    clock = Clock(START)
    scheduled: list[tuple[datetime, int]] = []  # (due, our own scheduling number)
    ran: list[tuple[datetime, int]] = []

    def schedule(delay: int, children: list[int]) -> None:
        job = (clock.now() + timedelta(seconds=delay), len(scheduled))

        def action() -> None:
            assert clock.now() == job[0]
            ran.append(job)
            for child_delay in children:
                schedule(child_delay, [])

        scheduled.append(job)
        clock.schedule_in(timedelta(seconds=delay), action)

    for delay, children in plan:
        schedule(delay, children)

    for step in advance_steps:
        if use_to:
            clock.advance(to=clock.now() + timedelta(seconds=step))
        else:
            clock.advance(by=timedelta(seconds=step))
        # Each job due by now ran exactly once, and none ran early.
        assert sorted(ran) == sorted(job for job in scheduled if job[0] <= clock.now())

    clock.advance(by=timedelta(seconds=500))

    assert ran == sorted(scheduled)
    assert clock.pending == []
