"""What the document cache saves: the documented "Advanced PayLink search" executed through the
server's Executor (parse and validate once, then cached), against a baseline measured in the
same run that parses and validates the same text on every request.

    python bench/document_cache.py [REQUESTS]
"""

import asyncio
import sys
import time

from graphql import execute, parse, specified_rules, validate

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.graphql import EXECUTOR, RequestContext
from reminders_mock.query_limits import QueryLimitsRule
from reminders_mock.scenario.loader import load_scenario

QUERY = (
    "query PayLinks( $filters: PayLinkFiltersInput $order: PayLinkOrderInput $offset: Int $limit: Int ) "
    "{ payLink { payLinks ( filters: $filters order: $order offset: $offset limit: $limit ) { items { id "
    "personName personGender status amountPaid createdOn updatedOn } pagination { offset limit total } } } }"
)
VARIABLES = {
    "filters": {
        "status": {"equalTo": "paid"},
        "createdOn": {"greaterThan": "2019-02-08T00:00:00+00:00", "lesserThan": "2019-02-09T00:00:00+00:00"},
    },
    "order": {"createdOn": "DESCENDING"},
    "offset": 0,
    "limit": 20,
}


async def main(requests: int) -> None:
    scenario = load_scenario("default")
    app = create_app(scenario, public_url="http://bench")
    world, executor = app[REGISTRY].find("demo-key"), app[EXECUTOR]
    context = RequestContext(world, None)
    body = {"query": QUERY, "variables": VARIABLES}

    started = time.perf_counter()
    for _ in range(requests):
        await executor.run(body, context)
    cached = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(requests):
        document = parse(QUERY)
        assert not validate(executor.schema, document, [QueryLimitsRule, *specified_rules])
        execute(executor.schema, document, context_value=context, variable_values=VARIABLES)
    uncached = time.perf_counter() - started

    print(f"{requests} requests of the documented Advanced PayLink search")
    print(f"  cached documents  {cached / requests * 1e6:8.1f} µs per request")
    print(f"  parse + validate  {uncached / requests * 1e6:8.1f} µs per request (baseline)")
    print(f"  baseline / cached = {uncached / cached:.2f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
