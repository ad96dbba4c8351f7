"""A world of N PayLinks built the way a customer's portfolio arrives: a population of N debtors
on the two PayLink scripts of the default scenario, generated, imported as CSV files at the next
import window, and then a simulated day of payers visiting and paying, webhooks and all.

Prints how long each phase took (wall and CPU time) and what the world holds after it; the last
line is how much faster than the CPU time it cost the simulated day ran.

    python bench/population.py [N]          (default 100000)
"""

import asyncio
import sys
import time
from collections import Counter
from datetime import timedelta

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.population import PopulationSpec

DAY = timedelta(days=1)


def scenario(n: int):
    base = load_scenario("default")
    population = PopulationSpec(size=n, scripts={"1001": 1, "1003": 1})
    tenant = base.tenants[0].model_copy(update={"population": population})
    return base.model_copy(update={"tenants": [tenant]})


async def main(n: int) -> None:
    print(f"population of {n} debtors on scripts 1001 (mail) and 1003 (SMS), both with a PayLink")
    print("  (wall and CPU seconds: on a shared machine the wall time also measures the neighbours)")
    started = clocks()
    world = create_app(scenario(n), public_url="http://bench")[REGISTRY].find("demo-key")
    built = since(started, "generate the debtors and queue their import files")
    started = clocks()
    await world.tenant.clock.advance(by=DAY)
    day = since(started, "a simulated day: import at 12:00, mails, SMS, payers")
    print("\n".join(what_it_holds(world)))
    print(f"  records per CPU second, generated: {n / built:.0f}; imported and lived through: {n / day:.0f}")
    print(f"  simulated day / CPU time = {DAY.total_seconds() / day:.0f}x")


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(started: tuple[float, float], label: str) -> float:
    """Prints the phase's wall and CPU seconds; answers the CPU seconds."""
    wall, cpu = (now - then for now, then in zip(clocks(), started, strict=True))
    print(f"  {label:52s} wall {wall:8.2f} s   CPU {cpu:8.2f} s")
    return cpu


def what_it_holds(world) -> list[str]:
    statuses = Counter(str(link.status) for link in world.paylinks.store)
    return [
        f"    {len(world.imports.jobs.all)} jobs, {len(world.paylinks.store)} PayLinks (with the fixtures)",
        f"    PayLinks by status: {dict(sorted(statuses.items()))}",
        f"    messages: {len(world.messaging.messages)}, result files: {len(world.results.files)}",
    ]


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
