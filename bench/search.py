"""How much the indexed PayLink search saves over scanning every PayLink.

Builds one tenant with N PayLinks (statuses and a 'reference' attribute spread like an import's),
then times a reference lookup, a status filter and a status + date-window filter, each against a
baseline measured in the same run: a plain scan that tests every PayLink.

    python bench/search.py [N]
"""

import random
import sys
import timeit
from datetime import timedelta

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.core.store import Search
from reminders_mock.core.vocabulary import PayLinkStatus
from reminders_mock.paylinks.model import Attribute
from reminders_mock.scenario.loader import load_scenario


def build(n: int):
    scenario = load_scenario("default")
    world = create_app(scenario, public_url="http://bench")[REGISTRY].find("demo-key")
    rng = random.Random(1)
    start = scenario.clock.start
    for i in range(n):
        world.paylinks.add(
            created_on=start + timedelta(minutes=i),
            attributes=[Attribute("origin", "sms"), Attribute("reference", f"ref-{i}")],
            status=rng.choice(list(PayLinkStatus)),
            person_name="P",
            invoice_amount="100",
            invoice_currency="EUR",
            invoice_description="d",
            invoice_reference="r",
            invoice_date=start,
        )
    return world.paylinks.store, start


def main(n: int) -> None:
    store, start = build(n)
    everything = list(store)
    window = (start + timedelta(minutes=n // 2), start + timedelta(minutes=n // 2 + 500))
    cases = {
        "reference lookup": (
            Search(equal=(("attributes", ("reference", f"ref-{n // 3}")),)),
            lambda: [
                p
                for p in everything
                if any(a.id == "reference" and a.value == f"ref-{n // 3}" for a in p.attributes)
            ][:20],
        ),
        "status = failed": (
            Search(equal=(("status", "failed"),)),
            lambda: [p for p in everything if p.status == "failed"][:20],
        ),
        "status + 500-minute window": (
            Search(equal=(("status", "paid"),), created_after=window[0], created_before=window[1]),
            lambda: [p for p in everything if p.status == "paid" and window[0] < p.created_on < window[1]][
                :20
            ],
        ),
    }
    print(f"{n} PayLinks; each figure is the best of 5 runs of 20 searches")
    for name, (search, scan) in cases.items():
        indexed = min(timeit.repeat(lambda s=search: store.search(s), number=20, repeat=5))
        baseline = min(timeit.repeat(scan, number=20, repeat=5))
        print(
            f"  {name:28s} indexed {indexed / 20 * 1e3:8.3f} ms   scan {baseline / 20 * 1e3:8.3f} ms"
            f"   scan / indexed = {baseline / indexed:7.1f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
