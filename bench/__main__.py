"""`python -m bench`: measures the figures of issue 17, each group in a fresh process, prints the
table and writes the JSON (see bench/README.md).

    python -m bench [--tiny] [--only NAME ...] [--size N] [--json PATH] [--load-generator wrk|python]
                     [--in-process]
"""

import argparse
import multiprocessing
import shlex
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import loadgen
from .figures import FIGURES, Figure, groups, run
from .measure import Settings
from .report import Result, machine, table, write_json


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    unknown = set(args.only) - FIGURES.keys()
    if unknown:
        parser().error(f"--only: no figure {', '.join(sorted(unknown))}; the figures: {', '.join(FIGURES)}")
    sizes = {"stored": args.size} if args.size else {}
    settings = Settings.sized(args.tiny, load_generator=loadgen.generator(args.load_generator), **sizes)
    started = machine()
    results = []
    for measure, figures in groups(args.only or FIGURES).items():
        results += measure_group(measure, figures, settings, args.in_process)
    print(table(results))
    write_json(args.json, results, settings, shlex.join(["python", "-m", "bench", *argv]), started)
    print(
        f"\n{started['cpus']} CPUs, Python {started['python']}, load generator {settings.load_generator}; "
        f"JSON written to {args.json}"
    )
    return 1 if any(result.error for result in results) else 0


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tiny", action="store_true", help="tiny sizes: every figure in seconds (for the test)"
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="only this figure; repeatable"
    )
    parser.add_argument(
        "--size", type=int, help="PayLinks stored for the 100k figures (default 100000; 2000 with --tiny)"
    )
    parser.add_argument("--json", type=Path, default=Path("bench-results.json"), metavar="PATH")
    parser.add_argument("--load-generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="measure in this process, not a fresh one per group: for pyinstrument or py-spy",
    )
    return parser


def measure_group(measure: str, figures: list[Figure], settings: Settings, in_process: bool) -> list[Result]:
    """Figures measured together, in a fresh process (the heap of one group does not slow the
    next) unless `in_process`, for a profiler that watches this one."""
    names = ", ".join(figure.key for figure in figures)
    print(f"measuring {names}...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        if in_process:
            measured = run(measure, settings)
        else:
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                measured = pool.submit(run, measure, settings).result()
    except Exception as error:  # a figure that cannot be measured is reported, and the rest measured
        traceback.print_exc()
        return [Result(figure, None, f"{type(error).__name__}: {error}") for figure in figures]
    print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return [Result(figure, measured[figure.key]) for figure in figures]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
