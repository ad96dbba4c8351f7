"""What every figure's module shares: the settings of a run, what a measurement answers, and the
timer of in-process work (the best of a few rounds, so another process's burst does not count)."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Settings:
    """How much each figure does (`full()` for the published table, `tiny()` for the test) and
    which load generator the throughput figures use."""

    http_seconds: int  # each load against one server (wrk takes whole seconds)
    http_warmup_seconds: int  # a load before it, not counted (0: none)
    connections: int
    search_paylinks: int  # the tenant the served advanced search runs over
    stored: int  # the "100k" of the in-process figures
    stored_small: int  # the "1k" create_at_100k compares with
    creates: int  # creates timed at each size
    searches: int  # searches timed per round
    scheduled_actions: int
    import_rows: int
    start_rounds: int
    load_generator: str = "auto"  # "wrk", "python", or "auto": wrk when it can be had

    @classmethod
    def full(cls, stored: int = 100_000) -> "Settings":
        return cls(
            http_seconds=8,
            http_warmup_seconds=1,
            connections=16,
            search_paylinks=500,
            stored=stored,
            stored_small=1_000,
            creates=1_000,
            searches=200,
            scheduled_actions=100_000,
            import_rows=10_000,
            start_rounds=3,
        )

    @classmethod
    def tiny(cls) -> "Settings":
        return cls(
            http_seconds=1,
            http_warmup_seconds=0,
            connections=16,
            search_paylinks=30,
            stored=2_000,
            stored_small=200,
            creates=50,
            searches=20,
            scheduled_actions=2_000,
            import_rows=300,
            start_rounds=1,
        )


@dataclass
class Measured:
    """One figure's two numbers, each in `unit`, measured in the same run; `details` are further
    numbers worth printing (percentiles, the parts of a maximum)."""

    measured: float
    baseline: float
    unit: str
    details: dict[str, float] = field(default_factory=dict)


ROUNDS = 5


async def best_seconds_per_call(
    call: Callable[[], Awaitable[Any]], count: int, rounds: int = ROUNDS
) -> float:
    """Seconds per awaited `call()`: `count` calls per round, the best round of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(count):
            await call()
        best = min(best, (time.perf_counter() - started) / count)
    return best


def best_seconds(work: Callable[[], Any], rounds: int = ROUNDS) -> float:
    """Seconds `work()` takes, the best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best
