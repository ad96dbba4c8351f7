"""A world of N PayLinks built the way a customer's portfolio arrives: a population of N debtors
on the two PayLink scripts of the default scenario, generated, imported as CSV files at the next
import window, and then a simulated day of payers visiting and paying, webhooks and all.

Prints how long each phase took and what the world holds after it; the last line is how much
faster than real time the simulated day ran.

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
    started = time.perf_counter()
    world = create_app(scenario(n), public_url="http://bench")[REGISTRY].find("demo-key")
    built = time.perf_counter() - started
    print(f"  generate the debtors and queue their import files   {built:8.2f} s")
    started = time.perf_counter()
    await world.tenant.clock.advance(by=DAY)
    day = time.perf_counter() - started
    print(f"  a simulated day: import at 12:00, mails, SMS, payers {day:8.2f} s")
    print("\n".join(what_it_holds(world)))
    print(f"  records per second, generated: {n / built:.0f}; imported and lived through: {n / day:.0f}")
    print(f"  simulated day / real time = {DAY.total_seconds() / day:.0f}x")


def what_it_holds(world) -> list[str]:
    statuses = Counter(str(link.status) for link in world.paylinks.store)
    return [
        f"    {len(world.imports.jobs.all)} jobs, {len(world.paylinks.store)} PayLinks (with the fixtures)",
        f"    PayLinks by status: {dict(sorted(statuses.items()))}",
        f"    messages: {len(world.messaging.messages)}, result files: {len(world.results.files)}",
    ]


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
