"""Scheduled actions per second through a tenant's clock: N cheap actions scheduled a microsecond
apart (each its own instant) and run by one advance over them, against a bare heapq loop that
pushes the same (due, sequence, action, payload) entries and pops them all into the same handler."""

import asyncio
import heapq
import time
from datetime import datetime, timedelta

from .measure import Measured, Settings, best_seconds
from .worlds import InProcess

ACTION = "bench.nothing"
ROUNDS = 3


def nothing(**payload: object) -> None:
    """The cheap action: what is timed is the clock's own work around it."""


def measure(settings: Settings) -> dict[str, Measured]:
    return asyncio.run(_measure(settings.scheduled_actions))


async def _measure(count: int) -> dict[str, Measured]:
    clock = InProcess.default().world.tenant.clock
    clock.on(ACTION, nothing)
    best = float("inf")
    for _ in range(ROUNDS):
        dues = instants(clock.now(), count)
        started = time.perf_counter()
        for number, due in enumerate(dues):
            clock.schedule(due, ACTION, number=number)
        ran = await clock.advance(to=dues[-1])
        best = min(best, time.perf_counter() - started)
        if len(ran) < count:
            raise RuntimeError(f"the clock ran {len(ran)} of {count} actions")
    dues = instants(clock.now(), count)
    baseline = best_seconds(lambda: heapq_loop(dues), ROUNDS)
    return {"scheduled_actions": Measured(count / best, count / baseline, "actions/s")}


def instants(after: datetime, count: int) -> list[datetime]:
    return [after + timedelta(microseconds=number + 1) for number in range(count)]


def heapq_loop(dues: list[datetime]) -> None:
    queue: list[tuple[datetime, int, str, dict]] = []
    for number, due in enumerate(dues):
        heapq.heappush(queue, (due, number, ACTION, {"number": number}))
    while queue:
        _, _, _, payload = heapq.heappop(queue)
        nothing(**payload)
