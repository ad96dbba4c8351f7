"""A run's figures as the issue's table (Markdown, so the README can take it as printed) and as
JSON for tools: each figure's measured value, baseline, ratio, targets and whether it holds."""

import json
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .figures import Figure
from .measure import Measured, Settings


@dataclass
class Result:
    figure: Figure
    measured: Measured | None  # None when measuring it failed
    error: str | None = None

    @property
    def value(self) -> float | None:
        if self.measured is None:
            return None
        return self.figure.value(self.measured.measured, self.measured.baseline)

    def holds(self, target: float) -> bool | None:
        return None if self.value is None else self.figure.reaches(self.value, target)


def table(results: list[Result]) -> str:
    rows = [
        "| figure | measured | baseline | ratio | must reach | goal | holds |",
        "|---|---|---|---|---|---|---|",
    ]
    rows += [_row(result) for result in results]
    return "\n".join(rows + [""] + [note for result in results if (note := _note(result))])


def _row(result: Result) -> str:
    figure, measured = result.figure, result.measured
    sign = "≥" if figure.better == "higher" else "≤"
    unit = f" {measured.unit}" if figure.absolute and measured else ""
    must, goal = f"{sign} {_number(figure.must_reach)}{unit}", f"{sign} {_number(figure.goal)}{unit}"
    name = f"`{figure.key}`: {figure.title}"
    if measured is None:
        return f"| {name} | failed | | | {must} | {goal} | no |"
    ratio = "absolute" if figure.absolute else _number(result.value)
    holds = "yes" if result.holds(figure.must_reach) else "**no**"
    if result.holds(figure.goal):
        holds += " (goal too)"
    return (
        f"| {name} | {_number(measured.measured)} {measured.unit} | "
        f"{_number(measured.baseline)} {measured.unit} | {ratio} | {must} | {goal} | {holds} |"
    )


def _note(result: Result) -> str:
    if result.error:
        return f"- `{result.figure.key}` failed: {result.error}"
    if result.measured is None or not result.measured.details:
        return ""
    details = ", ".join(f"{name} {_number(value)}" for name, value in result.measured.details.items())
    return f"- `{result.figure.key}`: {details}"


def _number(value: float | None) -> str:
    """Three significant digits, thousands grouped: 0.153, 12.4, 9,512."""
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


def write_json(path: Path, results: list[Result], settings: Settings, command: str, started: dict) -> None:
    figures = {
        result.figure.key: {
            "title": result.figure.title,
            "unit": result.measured.unit if result.measured else None,
            "measured": result.measured.measured if result.measured else None,
            "baseline": result.measured.baseline if result.measured else None,
            "ratio": None if result.figure.absolute else result.value,
            "value": result.value,  # what must_reach and goal are compared with
            "better": result.figure.better,
            "must_reach": result.figure.must_reach,
            "goal": result.figure.goal,
            "holds": result.holds(result.figure.must_reach),
            "goal_reached": result.holds(result.figure.goal),
            "details": result.measured.details if result.measured else {},
            "error": result.error,
        }
        for result in results
    }
    run = {"command": command, "machine": started, "settings": asdict(settings), "figures": figures}
    path.write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
