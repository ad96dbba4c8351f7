"""What one create costs as a day fills up: the documented createPayLink, in-process through the
server's GraphQL executor, in a tenant holding 100k PayLinks made that same simulated day, over
the same in a tenant holding 1k. The stored PayLinks come through the service's create, each
with its schedule and its events, as the API would have made them."""

import asyncio
import functools

from .measure import ROUNDS, Measured, Settings, best_microseconds_each
from .worlds import InProcess, documented


def measure(settings: Settings) -> dict[str, Measured]:
    return asyncio.run(_measure(settings))


async def _measure(settings: Settings) -> dict[str, Measured]:
    small, large = InProcess.default(), InProcess.default()
    small.create_paylinks(settings.stored_small)
    large.create_paylinks(settings.stored)
    body = documented("create_paylink")
    timed = await best_microseconds_each(
        {"small": functools.partial(small.run, body), "large": functools.partial(large.run, body)},
        settings.creates // ROUNDS,
    )
    return {"create_at_100k": Measured(timed["large"], timed["small"], "µs")}
