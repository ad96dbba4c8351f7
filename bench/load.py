"""A longer load than the suite's: clients mixing creates, searches, clock moves and health checks
against `reminders-mock serve`, the webhook receiver slow and failing one request in five.
Prints latency percentiles and the server's resident memory before and after.

    python bench/load.py [CLIENTS] [REQUESTS_PER_CLIENT]     (default: 50 40)
"""

import asyncio
import sys
import tempfile
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' helpers
from tests.load import run_load


async def main(clients: int, requests: int) -> None:
    runner: web.AppRunner | None = None

    async def receiver_url(handle) -> str:
        nonlocal runner
        app = web.Application()
        app.router.add_post("/hook", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}/hook"

    with tempfile.TemporaryDirectory() as directory:
        load = await run_load(Path(directory), receiver_url, clients, requests)
    await runner.cleanup()
    print(load.summary())
    print(
        f"error answers: {len(load.errors)}; events lost: "
        f"{len({d['body']['id'] for d in load.deliveries} - load.receiver.accepted)}"
    )


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:3]]
    asyncio.run(main(*(numbers + [50, 40][len(numbers) :])))
