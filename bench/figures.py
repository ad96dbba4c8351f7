"""The figures of issue 17's table: what each compares, what it must reach and the goal, and the
module function that measures its group. Ratios compare the mock with a baseline measured in the
same run; `bytes_per_paylink` alone is absolute (its baseline column is its target)."""

import importlib
from dataclasses import dataclass
from typing import Literal

from .measure import Measured, Settings


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    better: Literal["higher", "lower"]
    must_reach: float
    goal: float
    absolute: bool = False  # compared as measured, not as a ratio to its baseline

    def value(self, measured: float, baseline: float) -> float:
        """What is compared with `must_reach` and `goal`."""
        return measured if self.absolute else measured / baseline

    def reaches(self, value: float, target: float) -> bool:
        return value >= target if self.better == "higher" else value <= target


@dataclass(frozen=True)
class Group:
    """Figures measured together, by `measure` ("module:function"), in one fresh process: the
    function takes the run's Settings and answers a Measured per figure key."""

    measure: str
    figures: tuple[Figure, ...]

    def run(self, settings: Settings) -> dict[str, Measured]:
        """Measures the group here (bench/__main__.py calls it in a fresh process)."""
        module, function = self.measure.split(":")
        return getattr(importlib.import_module(module), function)(settings)


GROUPS = (
    Group(
        "bench.served:create_throughput",
        (
            Figure(
                "create_throughput", "createPayLink req/s / bare aiohttp POST handler", "higher", 0.25, 0.5
            ),
        ),
    ),
    Group(
        "bench.served:find_throughput",
        (Figure("find_throughput", "Find Single PayLink req/s / bare handler", "higher", 0.40, 0.6),),
    ),
    Group(
        "bench.served:search_throughput",
        (Figure("search_throughput", "advanced search req/s / bare handler", "higher", 0.25, 0.4),),
    ),
    Group(
        "bench.search:measure",
        (
            Figure("search_one_filter", "search by status or one attribute / lookup by id", "lower", 2, 1.2),
            Figure("search_two_filters", "search by status and attribute / lookup by id", "lower", 3, 1.5),
        ),
    ),
    Group(
        "bench.creates:measure",
        (Figure("create_at_100k", "one create at 100k stored / at 1k stored", "lower", 1.2, 1.0),),
    ),
    Group(
        "bench.scheduler:measure",
        (Figure("scheduled_actions", "scheduled actions per s / bare heapq loop", "higher", 0.05, 0.2),),
    ),
    Group(
        "bench.imports:measure",
        (Figure("import_rows", "addRecords(file) rows per s to created / csv.reader", "higher", 0.05, 0.2),),
    ),
    Group(
        "bench.memory:measure",
        (
            Figure(
                "bytes_per_paylink",
                "resident bytes per stored PayLink, with its schedule",
                "lower",
                1_500,
                600,
                absolute=True,
            ),
        ),
    ),
    Group(
        "bench.start:measure",
        (Figure("serve_start", "serve to first answer / python -c 'import aiohttp'", "lower", 2, 1.5),),
    ),
)

FIGURES = {figure.key: figure for group in GROUPS for figure in group.figures}
