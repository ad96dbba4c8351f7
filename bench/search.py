"""Searches over many stored PayLinks against a lookup by id, in-process through the server's
GraphQL executor (the same layer for both): by status, by one attribute, and by both together,
each the documented advanced search's query answering its first page of 20.

The PayLinks are stored through the service's `add` (statuses and an 'origin' attribute spread
as a day of traffic leaves them), not created one by one: the figure is the search's, and a
hundred thousand creates would cost the run most of a minute."""

import asyncio
import functools
import random

from reminders_mock.core.vocabulary import PayLinkStatus
from reminders_mock.paylinks.model import Attribute

from .measure import Measured, Settings, best_microseconds_each
from .worlds import InProcess, documented

ORIGINS = ("api", "mail", "sms", "voice")
STATUS = {"status": {"equalTo": "paid"}}
ATTRIBUTE = {"attributes": [{"id": "origin", "equalTo": "sms"}]}
SEARCHES = {"by_status": STATUS, "by_attribute": ATTRIBUTE, "by_both": {**STATUS, **ATTRIBUTE}}


def measure(settings: Settings) -> dict[str, Measured]:
    return asyncio.run(_measure(settings))


async def _measure(settings: Settings) -> dict[str, Measured]:
    mock = stored(settings.stored)
    # The lookup is the documented example's: its id is the default scenario's own PayLink.
    bodies = {
        "lookup": documented("find_single_paylink"),
        **{
            name: documented("advanced_paylink_search", filters=filters, offset=0, limit=20)
            for name, filters in SEARCHES.items()
        },
    }
    timed = await best_microseconds_each(
        {name: functools.partial(mock.run, body) for name, body in bodies.items()}, settings.searches
    )
    return {
        "search_one_filter": Measured(
            max(timed["by_status"], timed["by_attribute"]),
            timed["lookup"],
            "µs",
            {"by_status_us": timed["by_status"], "by_attribute_us": timed["by_attribute"]},
        ),
        "search_two_filters": Measured(timed["by_both"], timed["lookup"], "µs"),
    }


def stored(count: int) -> InProcess:
    mock = InProcess.default()
    rng = random.Random(17)
    start, statuses = mock.world.tenant.clock.now(), list(PayLinkStatus)
    for i in range(count):
        mock.world.paylinks.add(
            created_on=start,
            attributes=[Attribute("origin", rng.choice(ORIGINS)), Attribute("reference", f"ref-{i}")],
            status=rng.choice(statuses),
            person_name=f"Person {i}",
            invoice_amount="15497",
            invoice_currency="EUR",
            invoice_description="Example",
            invoice_reference=f"inv-{i}",
            invoice_date=start,
        )
    return mock
