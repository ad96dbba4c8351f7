"""What every figure's module shares: the settings of a run, what a measurement answers, and the
timer of in-process work (the best of a few rounds, so another process's burst does not count)."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

# How much each figure does: (full, tiny). Full is the published table's, in under ten minutes on
# two cores; tiny runs every figure in seconds, for tests/test_bench.py.
SIZES = {
    "http_seconds": (5, 1),  # each load against one server (wrk takes whole seconds)
    "http_rounds": (2, 1),  # loads on each server, taking turns; the best counts
    "http_warmup_seconds": (1, 0),  # a load on each before them, not counted (0: none)
    "connections": (16, 16),
    "search_paylinks": (500, 30),  # the tenant the served advanced search runs over
    "stored": (100_000, 2_000),  # the "100k" of the in-process figures (--size)
    "stored_small": (1_000, 200),  # the "1k" create_at_100k compares with
    "creates": (500, 50),  # creates timed at each size (the "1k" ends at 1.5k)
    "searches": (200, 20),  # searches timed per round
    # 10k: heapq's own speed over datetime entries falls with the heap's size (0.5M/s at 10k,
    # 0.15M/s at 100k on these machines), and the baseline is the former.
    "scheduled_actions": (10_000, 2_000),
    "import_rows": (10_000, 300),
    "start_rounds": (3, 1),
}


@dataclass(frozen=True)
class Settings:
    """The sizes of a run (see SIZES) and the load generator of the throughput figures."""

    http_seconds: int
    http_rounds: int
    http_warmup_seconds: int
    connections: int
    search_paylinks: int
    stored: int
    stored_small: int
    creates: int
    searches: int
    scheduled_actions: int
    import_rows: int
    start_rounds: int
    load_generator: str = "auto"  # "wrk", "python", or "auto": wrk when it can be had

    @classmethod
    def sized(cls, tiny: bool, **changes: Any) -> "Settings":
        """The full or the tiny sizes, some changed."""
        return cls(**{**{name: sizes[tiny] for name, sizes in SIZES.items()}, **changes})


@dataclass
class Measured:
    """One figure's two numbers, each in `unit`, measured in the same run; `details` are further
    numbers worth printing (percentiles, the parts of a maximum)."""

    measured: float
    baseline: float
    unit: str
    details: dict[str, float] = field(default_factory=dict)


ROUNDS = 5
ROUND_SECONDS = 0.5  # what one round of calls may take, at most


async def best_microseconds_each(
    calls: dict[str, Callable[[], Awaitable[Any]]], count: int, rounds: int = ROUNDS
) -> dict[str, float]:
    """Microseconds per awaited call of each of `calls`: at most `count` calls a round (fewer for
    a call so slow that they would take over ROUND_SECONDS), the best round of each. The rounds
    take turns, so a burst of another process weighs on all of them alike."""
    per_round = {
        name: min(count, max(1, int(ROUND_SECONDS / await _once(call)))) for name, call in calls.items()
    }
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for name, call in calls.items():
            started = time.perf_counter()
            for _ in range(per_round[name]):
                await call()
            best[name] = min(best[name], (time.perf_counter() - started) / per_round[name] * 1e6)
    return best


async def _once(call: Callable[[], Awaitable[Any]]) -> float:
    """Seconds one call takes (the first also warms what later calls share: a parsed document)."""
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


def best_seconds(work: Callable[[], Any], rounds: int = ROUNDS) -> float:
    """Seconds `work()` takes, the best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best
