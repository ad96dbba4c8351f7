"""A tenant's simulated clock and its scheduler: time moves only when it is told to.

Like SimPy's Environment: a heap of (due, sequence, action); actions due at the same instant
run in the order they were scheduled, and actions may schedule more actions. An action is a
name and a JSON-able payload, never a closure, so a snapshot can carry the pending schedule;
services register what each name does with `on`.

A client moves the clock by a span (`advance`), one instant at a time (`advance_to_next`, as
SimPy's `step`) or on until nothing is due within a bound (`run_until_idle`); each answers the
entries that ran. The schedule of a tenant may never empty (the result files' midnights), which
is why "until idle" takes a bound.

Modes: `manual` (frozen until advanced), `realtime`, `<N>x` (N simulated seconds per real
second), and `follow` (the process's wall clock, read afresh each time: a test that moves it with
freezegun's `freeze_time`, `tick` or `move_to` moves an in-process mock with it). The non-manual
modes are the same scheduler, moved forward by `catch_up`, which the server calls on a timer and
before every request.
"""

import asyncio
import heapq
import inspect
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, TypeAdapter

from .errors import BadInput

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[None] | None]
# Where simulated time may be: the services schedule days and years ahead of now and look back
# as far, and Python's datetime ends at year 9999, so the clock keeps well inside it.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# How far one request may move the clock: every simulated day holds at least one action (a
# midnight), so eight millennia in one advance ran for seconds while the server answered nothing.
MAX_ADVANCE = timedelta(days=3660)
CLOCK_MOMENTS = f"a moment from {EARLIEST.isoformat()} to {LATEST.isoformat()}"
MAX_SPEED = 1_000_000.0  # a simulated year in about half a real minute
# How far ahead `run_until_idle` may look: every day holds at least one action (a midnight), so
# the bound is also what keeps one request from running for ever.
MAX_IDLE_WITHIN = timedelta(days=366)
_DURATION = TypeAdapter(timedelta)  # shows a duration as ISO 8601 writes it
_SPEED = re.compile(r"([0-9]+(?:\.[0-9]+)?)x")
# How long a run may hold the event loop before other requests get a turn: a yield after every
# wave cost more than the actions of a wave of one, while a long run (a big import worked
# through in steps, a P3D advance) must still never hold the whole server.
TURN_SECONDS = 0.005


class ClockError(BadInput):
    """A move the clock refuses, such as going backwards."""


@dataclass
class ScheduledState:
    """One pending action of a snapshot: its payload is JSON-able by construction. A plain
    dataclass, which pydantic validates when a snapshot is read and orjson writes natively: a
    state file may hold hundreds of thousands of them."""

    due: AwareDatetime
    sequence: int
    action: str
    payload: dict[str, Any]


class ClockState(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built by the first snapshot

    now: AwareDatetime
    mode: str
    sequence: int  # the next action's, so ties after a restore break as they would have
    pending: list[ScheduledState]


class Scheduled(list):
    """One action waiting on the clock; `cancel()` keeps it from running.

    A list, `[due, sequence, action, holder, names, *values]`, not an object with fields: the
    heap compares lists item by item in C, by due time and then by sequence (which never ties,
    so the comparison never reaches the rest), where a Python `__lt__` was most of what a
    scheduled action cost; and the payload lies in the entry itself, its names a tuple shared
    by every entry scheduled with the same names, where a dict per entry was the largest part
    of a pending schedule's memory. `holder` is the clock while the entry waits, CANCELLED
    once cancelled, None once it has run."""

    __slots__ = ()

    @property
    def due(self) -> datetime:
        return self[_DUE]

    @property
    def sequence(self) -> int:
        return self[_SEQUENCE]

    @property
    def action(self) -> str:
        return self[_ACTION]

    @property
    def payload(self) -> dict[str, Any]:
        """The keywords the action's handler is called with: a fresh dict, built when asked."""
        return dict(zip(self[_NAMES], islice(self, _VALUES, None), strict=True))

    @property
    def cancelled(self) -> bool:
        return self[_HOLDER] is CANCELLED

    def cancel(self) -> None:
        holder = self[_HOLDER]
        if isinstance(holder, Clock):  # still waiting: counted once, and only while it waits
            holder._count_cancelled()
        self[_HOLDER] = CANCELLED

    def __repr__(self) -> str:
        return f"Scheduled({self.due.isoformat()}, {self.sequence}, {self.action!r}, {self.payload!r})"


# Where each part of a Scheduled lies.
_DUE, _SEQUENCE, _ACTION, _HOLDER, _NAMES, _VALUES = range(6)
CANCELLED = "cancelled"  # the holder of an entry cancelled while it waited


FOLLOW = "follow"


def wall_time() -> datetime:
    """The process's wall clock. `datetime` is looked up when called, so freezegun, which swaps
    it in every loaded module, is seen from the server's thread too."""
    return datetime.now(UTC)


def parse_mode(mode: str) -> float | None:
    """'manual' and 'follow' → None (no speed); 'realtime' → 1.0; '60x' → 60.0 simulated seconds
    per real second."""
    if mode in ("manual", FOLLOW):
        return None
    if mode == "realtime":
        return 1.0
    match = _SPEED.fullmatch(mode)
    if match is None or not 0 < float(match[1]) <= MAX_SPEED:
        raise ClockError.expected(
            "mode",
            f"expected 'manual', 'realtime', 'follow' or a speed such as '60x' (at most {MAX_SPEED:g}x)",
            mode,
        )
    return float(match[1])


class Clock:
    def __init__(
        self,
        start: datetime,
        *,
        wallclock: Callable[[], float] = time.monotonic,
        wall_time: Callable[[], datetime] = wall_time,
    ) -> None:
        if start.tzinfo is None:
            raise ClockError("the clock's start needs an offset")
        check_moment("clock.start", start)
        self._now = _utc(start)
        self._queue: list[Scheduled] = []
        self._cancelled = 0  # entries of the queue that will not run
        self._next_sequence = 0
        # One tuple per set of payload names, shared by every entry scheduled with it.
        self._names: dict[tuple[str, ...], tuple[str, ...]] = {}
        # The moments after the last instant asked about, by offset (see `after`).
        self._after: tuple[datetime | None, dict[timedelta, datetime]] = (None, {})
        self._handlers: dict[str, Handler] = {}
        self._known: dict[str, Callable[..., bool]] = {}
        self._lock = asyncio.Lock()
        self._wallclock = wallclock
        self._wall_time = wall_time
        self.mode = "manual"
        self._speed: float | None = None
        self._anchor = (start, 0.0)

    def now(self) -> datetime:
        return self._now

    def after(self, moment: datetime, offset: timedelta) -> datetime:
        """`moment + offset`, one object for every caller asking about the same moment (by
        identity) and offset: PayLinks made at one instant (an import's batch, a test's setup)
        share their expiries and their people's due times, 48 bytes each where a tenant holds
        100,000 of them."""
        instant, sums = self._after
        if instant is not moment:
            sums = {}
            self._after = (moment, sums)
        found = sums.get(offset)
        if found is None:
            found = sums[offset] = moment + offset
        return found

    def on(self, action: str, handler: Handler, *, known: Callable[..., bool] | None = None) -> None:
        """What to do when an action of this name falls due; the payload comes as keywords.
        `known` says whether a payload names objects the tenant has: a snapshot's pending
        actions are checked with it before the snapshot replaces anything."""
        self._handlers[action] = handler
        if known is not None:
            self._known[action] = known

    def check_pending(self, field: str) -> None:
        """Refuses a restored schedule whose actions could not run: a payload the action does not
        take, or naming objects that do not exist (each problem named by its place in `field`)."""
        problems = [
            ClockError.expected(
                f"{field}[{place}]",
                "expected an action on objects the snapshot holds",
                {"action": entry.action, "payload": entry.payload},
            )
            for place, entry in enumerate(self.pending)
            if not self._runnable(entry)
        ]
        if problems:
            raise BadInput.together(problems)

    def _runnable(self, entry: Scheduled) -> bool:
        try:
            inspect.signature(self._handlers[entry.action]).bind(**entry.payload)
        except TypeError:
            return False
        known = self._known.get(entry.action)
        return known is None or known(**entry.payload)

    def schedule(self, due: datetime, action: str, **payload: Any) -> Scheduled:
        """Run `action` once the clock reaches `due`; a due time in the past runs at the next advance."""
        if action not in self._handlers:
            raise KeyError(f"no handler for clock action {action!r}")
        entry = self._entry(due, self._next_sequence, action, payload)
        self._next_sequence += 1
        heapq.heappush(self._queue, entry)
        return entry

    def _entry(self, due: datetime, sequence: int, action: str, payload: dict[str, Any]) -> Scheduled:
        names = tuple(payload)
        names = self._names.setdefault(names, names)
        return Scheduled((due, sequence, action, self, names, *payload.values()))

    def schedule_in(self, delay: timedelta, action: str, **payload: Any) -> Scheduled:
        return self.schedule(self._now + delay, action, **payload)

    @property
    def pending(self) -> list[Scheduled]:
        """What will still run, in order: a sort, for snapshots and tests, never per request."""
        return sorted(entry for entry in self._queue if entry[_HOLDER] is self)

    @property
    def pending_count(self) -> int:
        """How many actions will still run: `len(pending)` kept as a count, so reading the clock
        costs the same at a hundred thousand pending actions as at none."""
        return len(self._queue) - self._cancelled

    @property
    def next_due(self) -> datetime | None:
        """When the first action that will still run is due (None when none will): the top of
        the heap once cancelled entries are dropped from it, so a step costs no sort."""
        while self._queue and self._queue[0][_HOLDER] is not self:
            self._pop()
        return self._queue[0][_DUE] if self._queue else None

    def _count_cancelled(self) -> None:
        self._cancelled += 1

    def _pop(self) -> Scheduled | None:
        """The top of the heap when it is to run, no longer counted as waiting (cancelling it
        after it has run changes nothing); None when it was cancelled."""
        entry = heapq.heappop(self._queue)
        if entry[_HOLDER] is not self:
            self._cancelled -= 1
            return None
        entry[_HOLDER] = None
        return entry

    async def advance(self, *, by: timedelta | None = None, to: datetime | None = None) -> list[Scheduled]:
        """Move to `now + by` or to `to`, running what falls due on the way; returns what ran.

        An action that answers an awaitable (a webhook attempt) is awaited before the clock
        moves past its instant, so what it schedules (a retry) lands in the same advance when it
        falls due."""
        async with self._lock:
            return await self._run_until(self._target(by, to), self._wallclock())

    async def advance_to_next(self) -> list[Scheduled]:
        """Move to the next instant an action is due at and run every action due then, those
        they schedule for that same instant included; returns what ran (nothing when nothing is
        pending). Overdue actions make that instant now: the clock never goes back."""
        async with self._lock:
            return await self._run_next()

    async def run_until_idle(self, within: timedelta) -> list[Scheduled]:
        """Run instant after instant until nothing is due up to `within` from now, what the run
        schedules on the way included; returns what ran. The bound is counted from where the
        clock was when asked, and the clock stops at the last instant something ran (where the
        world went quiet), not at the bound: it stays put when nothing was due."""
        if not timedelta(0) <= within <= MAX_IDLE_WITHIN:
            shown = _DURATION.dump_python(within, mode="json")
            raise ClockError.expected("within", "expected a duration from PT0S to P366D", shown)
        async with self._lock:
            horizon, ran = self._now + within, []
            while (due := self.next_due) is not None and due <= horizon:
                ran += await self._run_next()
            return ran

    async def settle(self) -> int:
        """Run whatever is due now, such as the first attempts of webhooks just caused; how many ran."""
        return len(await self.advance(by=timedelta(0)))

    def set_mode(self, mode: str) -> None:
        self._speed = parse_mode(mode)
        self.mode = mode
        self._anchor = (self._now, self._wallclock())

    async def catch_up(self) -> int:
        """In realtime and `Nx` modes, move to where real time since the last move has taken us;
        in `follow` mode, to the wall clock's time (never back, if it was moved back). A move
        under way is left to finish without waiting: a webhook receiver calling back during an
        advance must not wait for the advance that is waiting for it."""
        if self.mode == "manual" or self._lock.locked():
            return 0
        async with self._lock:  # the target is read under the lock: an advance may be running
            real_now = self._wallclock()
            if self.mode == FOLLOW:
                target = self._wall_time()
            else:
                since, real_then = self._anchor
                target = since + timedelta(seconds=(real_now - real_then) * (self._speed or 0))
            return len(await self._run_until(min(max(target, self._now), LATEST), real_now))

    async def _run_next(self) -> list[Scheduled]:
        due = self.next_due
        if due is None:
            return []
        return await self._run_until(max(due, self._now), self._wallclock())

    async def _run_until(self, target: datetime, real_now: float) -> list[Scheduled]:
        ran: list[Scheduled] = []
        turn_ends = time.monotonic() + TURN_SECONDS
        while self._queue and self._queue[0][_DUE] <= target:
            await self._run_instant(self._queue[0][_DUE], ran)
            if time.monotonic() >= turn_ends:
                # Other requests get their turn between two waves once this run has held the
                # loop a while: a long run never holds the whole server.
                await asyncio.sleep(0)
                turn_ends = time.monotonic() + TURN_SECONDS
        self._now = _utc(target)
        # Anchored at the real moment the target was read, so real time spent running the
        # actions still counts in realtime and Nx modes.
        self._anchor = (target, real_now)
        return ran

    async def _run_instant(self, due: datetime, ran: list[Scheduled]) -> None:
        """Every action due at one instant, in order of scheduling, added to `ran`. The
        awaitables they answer (webhook attempts) are awaited together, so slow receivers wait
        side by side rather than one after another; what each awaitable answers, when callable
        (its outcome to record, a retry to schedule), is called in the order of scheduling, so
        the run stays deterministic whichever answer came first. What these actions schedule
        for this same instant runs next."""
        queue, first = self._queue, len(ran)
        while queue and queue[0][_DUE] == due:
            entry = self._pop()
            if entry is not None:
                ran.append(entry)
        self._now = max(self._now, _utc(due))
        waiting = []
        for position in range(first, len(ran)):
            entry = ran[position]
            outcome = self._start(entry)
            if outcome is not None and inspect.isawaitable(outcome):
                waiting.append((entry, outcome))
        if waiting:
            await self._outcomes(waiting)

    async def _outcomes(self, waiting: list[tuple[Scheduled, Awaitable[Any]]]) -> None:
        answers = await asyncio.gather(*(outcome for _, outcome in waiting), return_exceptions=True)
        for (entry, _), answer in zip(waiting, answers, strict=True):
            if isinstance(answer, Exception):
                _skipped(entry, answer)
            elif isinstance(answer, BaseException):  # cancelled: the server is stopping
                raise answer
            elif callable(answer):
                try:
                    answer()
                except Exception as error:
                    _skipped(entry, error)

    def _start(self, entry: Scheduled) -> Any:
        """One action. One that fails (a bug, or a record a snapshot let in) is logged and
        skipped: the actions after it, other tenants' and the next advances still run."""
        try:
            return self._handlers[entry[_ACTION]](**entry.payload)
        except Exception as error:
            _skipped(entry, error)
            return None

    def _target(self, by: timedelta | None, to: datetime | None) -> datetime:
        if (by is None) == (to is None):
            raise ClockError("advance takes exactly one of 'by' (a duration) or 'to' (a moment)")
        if to is not None and to.tzinfo is None:
            raise ClockError("'to' needs an offset, e.g. 2024-06-12T10:00:00+00:00")
        field = "by" if by is not None else "to"
        if (by is not None and by > MAX_ADVANCE) or (to is not None and to - self._now > MAX_ADVANCE):
            message = f"{field}: expected a move of at most P{MAX_ADVANCE.days}D at once"
            raise ClockError(message, field=field)
        target = self._now + by if by is not None else to
        if target < self._now:
            raise ClockError(f"the clock never goes backwards: it is {self._now.isoformat()}", field=field)
        check_moment(field, target)
        return target

    def state(self) -> ClockState:
        """The clock as data, pending schedule included, for a snapshot; built without
        validation, from the clock's own entries."""
        # Each entry's payload comes as a fresh dict, the snapshot's own.
        pending = [ScheduledState(e.due, e.sequence, e.action, e.payload) for e in self.pending]
        return ClockState.model_construct(
            now=self._now, mode=self.mode, sequence=self._next_sequence, pending=pending
        )

    def restore(self, state: ClockState) -> None:
        unknown = sorted({entry.action for entry in state.pending} - set(self._handlers))
        if unknown:
            raise ClockError.expected("snapshot.clock.pending", "expected actions this server knows", unknown)
        check_moment("snapshot.clock.now", state.now)
        self._now = _utc(state.now)
        self._next_sequence = state.sequence
        self._queue = [self._entry(p.due, p.sequence, p.action, p.payload) for p in state.pending]
        self._cancelled = 0
        heapq.heapify(self._queue)
        self.set_mode(state.mode)


def _skipped(entry: Scheduled, error: Exception) -> None:
    """Logged with the error's traceback: an awaited outcome's failure is no longer being handled."""
    message = "clock action %s %s due %s failed; skipped"
    log.error(message, entry.action, entry.payload, entry.due, exc_info=error)


def within_the_clock(moment: datetime) -> bool:
    return EARLIEST <= moment <= LATEST


def check_moment(field: str, moment: datetime) -> None:
    if not within_the_clock(moment):
        raise ClockError.expected(field, f"expected {CLOCK_MOMENTS}", moment)


def _utc(moment: datetime) -> datetime:
    """The clock keeps UTC whatever zone a due time was written in: `now + 2 hours` is then two
    real hours on either side of a DST change, and a snapshot (which keeps offsets, not zone
    names) carries on with exactly the same arithmetic."""
    return moment.astimezone(UTC)
