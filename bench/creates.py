"""What one create costs as a day fills up: the documented createPayLink, in-process through the
server's GraphQL executor, in a tenant holding 100k PayLinks made that same simulated day, over
the same in a tenant holding 1k. The stored PayLinks come through the service's create, each
with its schedule and its events, as the API would have made them."""

import asyncio

from .measure import ROUNDS, Measured, Settings
from .worlds import InProcess, documented


def measure(settings: Settings) -> dict[str, Measured]:
    return asyncio.run(_measure(settings))


async def _measure(settings: Settings) -> dict[str, Measured]:
    at_small = await microseconds_per_create(settings.stored_small, settings.creates)
    at_large = await microseconds_per_create(settings.stored, settings.creates)
    return {"create_at_100k": Measured(at_large, at_small, "µs")}


async def microseconds_per_create(stored: int, creates: int) -> float:
    mock = InProcess.default()
    mock.create_paylinks(stored)
    return await mock.microseconds_per_run(documented("create_paylink"), creates // ROUNDS)
