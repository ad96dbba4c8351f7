"""How an import's cost grows with its size: one CSV file of N records for a PayLink script,
run through its day (read, check, jobs, PayLinks, result file), timed per record.

    python bench/imports.py [N ...]     (default: 5000 10000 20000)

Linear work shows as a flat time per record; the last line is the ratio of the largest size's
time per record to the smallest's (about 1x when the work is linear).
"""

import asyncio
import base64
import sys
import time
from datetime import timedelta

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.loader import load_scenario

HEADER = (
    "identification_identifier;control_script;person_family_name;contact_email_address;"
    "contact_phone_number_1;invoice_description;invoice_date;invoice_reference;invoice_currency;"
    "invoice_amount\n"
)


SCRIPT = "1003"  # mail with PayLink: a job, a PayLink and a message per record


def csv_file(n: int, script: str) -> str:
    """N records every script of the default scenario accepts."""
    lines = (
        f"ref-{i};{script};Person {i};p{i}@example.com;+3161{i:07d};Invoice {i};2024-06-01;"
        f"inv-{i};EUR;{1000 + i}\n"
        for i in range(n)
    )
    return base64.b64encode((HEADER + "".join(lines)).encode()).decode()


async def one_day(n: int, script: str) -> float:
    world = create_app(load_scenario("default"), public_url="http://bench")[REGISTRY].find("demo-key")
    contents = csv_file(n, script)
    started = time.perf_counter()
    world.imports.add_file("csv", contents)
    await world.tenant.clock.advance(by=timedelta(days=1))
    return time.perf_counter() - started


def main(sizes: list[int], script: str) -> None:
    per_record = []
    for n in sizes:
        seconds = asyncio.run(one_day(n, script))
        per_record.append(seconds / n)
        print(f"{n:>7} records: {seconds:7.2f} s  ({seconds / n * 1e6:6.1f} µs per record)")
    print(f"time per record, largest over smallest: {per_record[-1] / per_record[0]:.2f}x")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000, 10000, 20000], SCRIPT)
