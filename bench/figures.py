"""The figures of issue 17's table: what each compares, which way is better, what it must reach
and the goal, and the function that measures it. Ratios compare the mock with a baseline measured
in the same run; `bytes_per_paylink` alone is absolute (its baseline column is its target)."""

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from .measure import Measured, Settings

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    better: str  # HIGHER or LOWER
    must_reach: float
    goal: float
    # "module:function" in bench/: takes the run's Settings, answers a Measured per figure key.
    # Figures of one function are measured together, in one fresh process.
    measure: str
    absolute: bool = False  # compared as measured, not as a ratio to its baseline

    def value(self, measured: float, baseline: float) -> float:
        """What is compared with `must_reach` and `goal`."""
        return measured if self.absolute else measured / baseline

    def reaches(self, value: float, target: float) -> bool:
        return value >= target if self.better == HIGHER else value <= target


# The title says what is measured over what; bench/README.md says how.
FIGURES = {
    figure.key: figure
    for figure in (
        Figure("create_throughput", "createPayLink / bare, req/s", HIGHER, 0.25, 0.5, "served:create"),
        Figure("find_throughput", "Find Single PayLink / bare, req/s", HIGHER, 0.40, 0.6, "served:find"),
        Figure("search_throughput", "advanced search / bare, req/s", HIGHER, 0.25, 0.4, "served:search"),
        Figure("search_one_filter", "by status or attribute / by id", LOWER, 2, 1.2, "search:measure"),
        Figure("search_two_filters", "by status and attribute / by id", LOWER, 3, 1.5, "search:measure"),
        Figure("create_at_100k", "a create at 100k / at 1k stored", LOWER, 1.2, 1.0, "creates:measure"),
        Figure("scheduled_actions", "clock actions / heapq loop", HIGHER, 0.05, 0.2, "scheduler:measure"),
        Figure("import_rows", "addRecords(file) rows / csv.reader", HIGHER, 0.05, 0.2, "imports:measure"),
        Figure("bytes_per_paylink", "resident bytes per PayLink", LOWER, 1500, 600, "memory:measure", True),
        Figure("serve_start", "serve to answer / import aiohttp", LOWER, 2, 1.5, "start:measure"),
    )
}


def groups(keys: Iterable[str]) -> dict[str, list[Figure]]:
    """The figures of `keys` by the function that measures them, in the table's order."""
    wanted, grouped = set(keys), {}
    for figure in FIGURES.values():
        if figure.key in wanted:
            grouped.setdefault(figure.measure, []).append(figure)
    return grouped


def run(measure: str, settings: Settings) -> dict[str, Measured]:
    """Measures here (bench/__main__.py calls it in a fresh process)."""
    module, function = measure.split(":")
    return getattr(importlib.import_module(f"bench.{module}"), function)(settings)
