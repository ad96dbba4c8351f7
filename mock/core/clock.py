"""A tenant's simulated clock and its scheduler: time moves only when it is told to.

Like SimPy's Environment: a heap of (due, sequence, action); actions due at the same
instant run in the order they were scheduled, and actions may schedule more actions.
"""

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mock.core.errors import BadInput


class ClockError(BadInput):
    """A move the clock refuses, such as going backwards."""


@dataclass(order=True)
class Scheduled:
    """One action waiting on the clock; `cancel()` keeps it from running."""

    due: datetime
    sequence: int
    action: Callable[[], None] = field(compare=False)
    name: str = field(compare=False, default="")
    cancelled: bool = field(compare=False, default=False)

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """Manual mode: frozen until `advance`, which runs every action that falls due, in order."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ClockError("the clock's start needs an offset")
        self._now = start
        self._queue: list[Scheduled] = []
        self._sequence = itertools.count()

    def now(self) -> datetime:
        return self._now

    def schedule(self, due: datetime, action: Callable[[], None], name: str = "") -> Scheduled:
        """Run `action` once the clock reaches `due`; a due time in the past runs at the next advance."""
        entry = Scheduled(due, next(self._sequence), action, name)
        heapq.heappush(self._queue, entry)
        return entry

    def schedule_in(self, delay: timedelta, action: Callable[[], None], name: str = "") -> Scheduled:
        return self.schedule(self._now + delay, action, name)

    @property
    def pending(self) -> list[Scheduled]:
        return sorted(entry for entry in self._queue if not entry.cancelled)

    def advance(self, *, by: timedelta | None = None, to: datetime | None = None) -> int:
        """Move to `now + by` or to `to`, running what falls due on the way; returns how many ran."""
        target = self._target(by, to)
        ran = 0
        while self._queue and self._queue[0].due <= target:
            entry = heapq.heappop(self._queue)
            if entry.cancelled:
                continue
            self._now = max(self._now, entry.due)
            entry.action()
            ran += 1
        self._now = target
        return ran

    def _target(self, by: timedelta | None, to: datetime | None) -> datetime:
        if (by is None) == (to is None):
            raise ClockError("advance takes exactly one of 'by' (a duration) or 'to' (a moment)")
        if to is not None and to.tzinfo is None:
            raise ClockError("'to' needs an offset, e.g. 2024-06-12T10:00:00+00:00")
        target = self._now + by if by is not None else to
        if target < self._now:
            raise ClockError(f"the clock never goes backwards: it is {self._now.isoformat()}")
        return target
