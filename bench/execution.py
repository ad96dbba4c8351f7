"""What GraphQL execution costs per request, in-process: the documented Find Single PayLink,
createPayLink and advanced search (over 500 documented PayLinks made and paid on the clock's day, a
full page of 20, as the served search figure has it) through the server's executor
(`EXECUTOR.run`, what POST /v1 calls, minus HTTP), µs of this process's CPU per request (not
wall time: on a shared machine, waiting for a core is not the executor's), the best of five rounds.
`--generic` runs them as graphql-core executes them, without the documents' plans: the two
side by side show what the plans save.

    python -m bench.execution [--generic] [REQUESTS]
"""

import asyncio
import dataclasses
import sys
import time
from datetime import timedelta
from typing import Any

from reminders_mock.graphql import RequestContext

from .worlds import InProcess, documented

ROUNDS = 5


async def main(requests: int, planned: bool = True) -> None:
    world = InProcess.default()
    for _ in range(500):
        await world.run(documented("create_paylink"))
    await world.world.tenant.clock.advance(by=timedelta(hours=1))  # visited, then paid
    bodies = {  # the creates last: each adds to the day the search looks through
        "find_single_paylink": documented("find_single_paylink"),
        "advanced_paylink_search": paid_today(world),
        "create_paylink": documented("create_paylink"),
    }
    for name, body in bodies.items():
        count = requests if name != "advanced_paylink_search" else requests // 4
        print(f"{name:24} {await best_of(world, body, count, planned):8.1f} µs per request")


def paid_today(world: InProcess) -> dict[str, Any]:
    day = world.world.tenant.clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    variables = {**documented("advanced_paylink_search")["variables"]}
    variables["filters"] = {
        "status": {"equalTo": "paid"},
        "createdOn": {"greaterThan": day.isoformat(), "lesserThan": (day + timedelta(days=1)).isoformat()},
    }
    return documented("advanced_paylink_search", **variables)


async def best_of(world: InProcess, body: dict[str, Any], requests: int, planned: bool) -> float:
    await world.run(body)  # parsed, validated and planned before the clock starts
    if not planned:  # the cached document kept, its plan dropped: graphql-core executes it
        prepared = world.executor.documents[body["query"]]
        world.executor.documents[body["query"]] = dataclasses.replace(prepared, plan=None)
    context, best = RequestContext(world.world, None), float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(requests // ROUNDS):
            await world.executor.run(body, context)
        best = min(best, (time.process_time() - started) / (requests // ROUNDS))
    return best * 1e6


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--generic"]
    asyncio.run(main(int(arguments[0]) if arguments else 5000, planned="--generic" not in sys.argv))
