"""How long `--state-file` takes to save a tenant of N PayLinks, and how much of it holds the
event loop (serialising, on the loop) against what runs in a thread (writing and flushing).

    python bench/state_file.py [N]
"""

import sys
import tempfile
import time
from pathlib import Path

from reminders_mock import state_file
from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.loader import load_scenario
from tests.sandbox import pay_link_input


def build(n: int):
    registry = create_app(load_scenario("default"), public_url="http://bench")[REGISTRY]
    world = registry.find("demo-key")
    for i in range(n):
        world.paylinks.create_from_api(_snake(pay_link_input(invoiceReference=f"ref-{i}")))
    return registry


def _snake(fields: dict) -> dict:
    """The documented input as the GraphQL layer hands it on: snake_case names."""
    out = {}
    for name, value in fields.items():
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
        out[snake] = value
    return out


def main(n: int) -> None:
    registry = build(n)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "state.json"
        started = time.perf_counter()
        taken = state_file.dumps(registry)
        copied = time.perf_counter()
        state_file.write(taken, path)
        written = time.perf_counter()
        size = path.stat().st_size
    print(f"{n} PayLinks: serialised on the loop in {copied - started:.2f} s, ", end="")
    print(f"written and flushed off the loop in {written - copied:.2f} s, {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
