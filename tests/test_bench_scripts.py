"""The benchmark scripts beside the figures still run against the code as it is (tiny sizes; no
timing is asserted). The figures themselves: tests/test_bench.py."""

import runpy
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(
    ("script", "size"),
    [("document_cache.py", "20"), ("population.py", "200"), ("new_tenant.py", "3")],
)
def test_a_benchmark_runs_and_prints_its_ratio(script, size, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [script, size])
    runpy.run_path(str(BENCH / script), run_name="__main__")
    assert "x" in capsys.readouterr().out.splitlines()[-1]  # the last line is a ratio such as 14.85x


@pytest.mark.parametrize("generic", [[], ["--generic"]])
def test_the_execution_benchmark_runs_planned_and_generic(generic, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["execution", *generic, "20"])
    runpy.run_module("bench.execution", run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "find_single_paylink",
        "advanced_paylink_search",
        "create_paylink",
    ]
    assert all(line.endswith("µs per request") for line in lines)
