"""A tenant's simulated clock and its scheduler: time moves only when it is told to.

Like SimPy's Environment: a heap of (due, sequence, action); actions due at the same instant
run in the order they were scheduled, and actions may schedule more actions. An action is a
name and a JSON-able payload, never a closure, so a snapshot can carry the pending schedule;
services register what each name does with `on`.

A client moves the clock by a span (`advance`), one instant at a time (`advance_to_next`, as
SimPy's `step`) or on until nothing is due within a bound (`run_until_idle`); each answers the
entries that ran. The schedule of a tenant may never empty (the result files' midnights), which
is why "until idle" takes a bound.

Modes: `manual` (frozen until advanced), `realtime`, and `<N>x` (N simulated seconds per real
second). The non-manual modes are the same scheduler, moved forward by `catch_up`, which the
server calls on a timer.
"""

import asyncio
import heapq
import inspect
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, TypeAdapter

from .errors import BadInput

Handler = Callable[..., Awaitable[None] | None]
MAX_SPEED = 1_000_000.0  # a simulated year in about half a real minute
# How far ahead `run_until_idle` may look: every day holds at least one action (a midnight), so
# the bound is also what keeps one request from running for ever.
MAX_IDLE_WITHIN = timedelta(days=366)
_DURATION = TypeAdapter(timedelta)  # shows a duration as ISO 8601 writes it
_SPEED = re.compile(r"([0-9]+(?:\.[0-9]+)?)x")


class ClockError(BadInput):
    """A move the clock refuses, such as going backwards."""


class ScheduledState(BaseModel):
    """One pending action of a snapshot: its payload is JSON-able by construction."""

    due: AwareDatetime
    sequence: int
    action: str
    payload: dict[str, Any]


class ClockState(BaseModel):
    now: AwareDatetime
    mode: str
    sequence: int  # the next action's, so ties after a restore break as they would have
    pending: list[ScheduledState]


@dataclass(order=True)
class Scheduled:
    """One action waiting on the clock; `cancel()` keeps it from running."""

    due: datetime
    sequence: int
    action: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False, default_factory=dict)
    cancelled: bool = field(compare=False, default=False)

    def cancel(self) -> None:
        self.cancelled = True


def parse_mode(mode: str) -> float | None:
    """'manual' → None; 'realtime' → 1.0; '60x' → 60.0 simulated seconds per real second."""
    if mode == "manual":
        return None
    if mode == "realtime":
        return 1.0
    match = _SPEED.fullmatch(mode)
    if match is None or not 0 < float(match[1]) <= MAX_SPEED:
        raise ClockError.expected(
            "mode", f"expected 'manual', 'realtime' or a speed such as '60x' (at most {MAX_SPEED:g}x)", mode
        )
    return float(match[1])


class Clock:
    def __init__(self, start: datetime, *, wallclock: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ClockError("the clock's start needs an offset")
        self._now = _utc(start)
        self._queue: list[Scheduled] = []
        self._next_sequence = 0
        self._handlers: dict[str, Handler] = {}
        self._lock = asyncio.Lock()
        self._wallclock = wallclock
        self.mode = "manual"
        self._speed: float | None = None
        self._anchor = (start, 0.0)

    def now(self) -> datetime:
        return self._now

    def on(self, action: str, handler: Handler) -> None:
        """What to do when an action of this name falls due; the payload comes as keywords."""
        self._handlers[action] = handler

    def schedule(self, due: datetime, action: str, **payload: Any) -> Scheduled:
        """Run `action` once the clock reaches `due`; a due time in the past runs at the next advance."""
        if action not in self._handlers:
            raise KeyError(f"no handler for clock action {action!r}")
        entry = Scheduled(due, self._next_sequence, action, payload)
        self._next_sequence += 1
        heapq.heappush(self._queue, entry)
        return entry

    def schedule_in(self, delay: timedelta, action: str, **payload: Any) -> Scheduled:
        return self.schedule(self._now + delay, action, **payload)

    @property
    def pending(self) -> list[Scheduled]:
        return sorted(entry for entry in self._queue if not entry.cancelled)

    @property
    def pending_count(self) -> int:
        """How many actions will still run: `len(pending)` without sorting the queue."""
        return sum(1 for entry in self._queue if not entry.cancelled)

    @property
    def next_due(self) -> datetime | None:
        """When the first action that will still run is due (None when none will): the top of
        the heap once cancelled entries are dropped from it, so a step costs no sort."""
        while self._queue and self._queue[0].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0].due if self._queue else None

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
        """In realtime and `Nx` modes, move to where real time since the last move has taken us."""
        async with self._lock:  # the target is read under the lock: an advance may be running
            if self._speed is None:
                return 0
            since, real_then = self._anchor
            real_now = self._wallclock()
            target = since + timedelta(seconds=(real_now - real_then) * self._speed)
            return len(await self._run_until(max(target, self._now), real_now))

    async def _run_next(self) -> list[Scheduled]:
        due = self.next_due
        if due is None:
            return []
        return await self._run_until(max(due, self._now), self._wallclock())

    async def _run_until(self, target: datetime, real_now: float) -> list[Scheduled]:
        ran: list[Scheduled] = []
        while self._queue and self._queue[0].due <= target:
            ran += await self._run_instant(self._queue[0].due)
            # Other requests get their turn between two waves: a long run (a big import worked
            # through in steps, a P3D advance) never holds the whole server.
            await asyncio.sleep(0)
        self._now = _utc(target)
        # Anchored at the real moment the target was read, so real time spent running the
        # actions still counts in realtime and Nx modes.
        self._anchor = (target, real_now)
        return ran

    async def _run_instant(self, due: datetime) -> list[Scheduled]:
        """Every action due at one instant, in order of scheduling. The awaitables they answer
        (webhook attempts) are awaited together, so slow receivers wait side by side rather than
        one after another; what each awaitable answers, when callable (its outcome to record, a
        retry to schedule), is called in the order of scheduling, so the run stays deterministic
        whichever answer came first. What these actions schedule for this same instant runs next."""
        wave: list[Scheduled] = []
        while self._queue and self._queue[0].due == due:
            entry = heapq.heappop(self._queue)
            if not entry.cancelled:
                wave.append(entry)
        self._now = max(self._now, _utc(due))
        outcomes = [self._handlers[entry.action](**entry.payload) for entry in wave]
        waiting = [outcome for outcome in outcomes if inspect.isawaitable(outcome)]
        answers = await asyncio.gather(*waiting, return_exceptions=True)
        for answer in answers:  # every outcome recorded before a failure is raised
            if callable(answer):
                answer()
        failure = next((answer for answer in answers if isinstance(answer, BaseException)), None)
        if failure is not None:
            raise failure
        return wave

    def _target(self, by: timedelta | None, to: datetime | None) -> datetime:
        if (by is None) == (to is None):
            raise ClockError("advance takes exactly one of 'by' (a duration) or 'to' (a moment)")
        if to is not None and to.tzinfo is None:
            raise ClockError("'to' needs an offset, e.g. 2024-06-12T10:00:00+00:00")
        target = self._now + by if by is not None else to
        if target < self._now:
            raise ClockError(f"the clock never goes backwards: it is {self._now.isoformat()}")
        return target

    def state(self) -> ClockState:
        """The clock as data, pending schedule included, for a snapshot."""
        return ClockState(
            now=self._now,
            mode=self.mode,
            sequence=self._next_sequence,
            pending=[
                ScheduledState(due=e.due, sequence=e.sequence, action=e.action, payload=dict(e.payload))
                for e in self.pending
            ],
        )

    def restore(self, state: ClockState) -> None:
        unknown = sorted({entry.action for entry in state.pending} - set(self._handlers))
        if unknown:
            raise ClockError.expected("snapshot.clock.pending", "expected actions this server knows", unknown)
        self._now = _utc(state.now)
        self._next_sequence = state.sequence
        self._queue = [Scheduled(p.due, p.sequence, p.action, dict(p.payload)) for p in state.pending]
        heapq.heapify(self._queue)
        self.set_mode(state.mode)


def _utc(moment: datetime) -> datetime:
    """The clock keeps UTC whatever zone a due time was written in: `now + 2 hours` is then two
    real hours on either side of a DST change, and a snapshot (which keeps offsets, not zone
    names) carries on with exactly the same arithmetic."""
    return moment.astimezone(UTC)
