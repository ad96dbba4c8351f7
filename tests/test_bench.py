"""`python -m bench` still measures every figure against the code as it is: tiny sizes, in a
process of its own as a user runs it. No timing is asserted: only that each figure is printed
and written as a number."""

import json
import subprocess
import sys
from pathlib import Path

from bench.figures import FIGURES

ROOT = Path(__file__).resolve().parents[1]
BENCH_BOUND_SECONDS = 600  # a bound for a loaded machine, not a timing assertion


def bench(tmp_path: Path, *options: str) -> tuple[str, dict]:
    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--json", str(results), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BENCH_BOUND_SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, json.loads(results.read_text())


def test_every_figure_is_printed_and_written_as_a_number(tmp_path):
    printed, written = bench(tmp_path)
    for key, figure in FIGURES.items():
        assert f"`{key}`" in printed
        measured = written["figures"][key]
        for number in ("measured", "baseline", "value"):
            assert isinstance(measured[number], float | int), (key, measured)
        assert measured["holds"] == figure.reaches(measured["value"], figure.must_reach)
    assert set(written["figures"]) == set(FIGURES)


def test_the_python_load_generator_stands_in_for_wrk(tmp_path):
    _, written = bench(tmp_path, "--only", "find_throughput", "--load-generator", "python")
    assert set(written["figures"]) == {"find_throughput"}
    assert written["settings"]["load_generator"] == "python"
    assert written["figures"]["find_throughput"]["measured"] > 0
