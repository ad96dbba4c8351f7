"""How long a P3D advance takes in real time when the tenant's webhook receiver is slow: N PayLinks
(default 200) visited and paid by the built-in rules, every attempt answered after DELAY seconds.

    python bench/webhook_advance.py [N] [DELAY]     (default: 200 0.5)

Attempts due at one instant are sent side by side (at most ENDPOINT_CONCURRENCY to one endpoint);
sent one after another, the advance took about N x events x DELAY.
"""

import asyncio
import sys
import time
from datetime import timedelta
from pathlib import Path

from aiohttp import web
from pydantic.alias_generators import to_snake

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' documented input
from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.control.webhooks import TRANSPORT
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.models import WebhookSpec
from tests.sandbox import pay_link_input


async def main(paylinks: int, delay: float) -> None:
    received = 0

    async def slow(request: web.Request) -> web.Response:
        nonlocal received
        received += 1
        await asyncio.sleep(delay)
        return web.Response(text="ok")

    receiver = web.Application()
    receiver.router.add_post("/hook", slow)
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"

    scenario = load_scenario("default")
    tenant = scenario.tenants[0].model_copy(update={"webhooks": [WebhookSpec(url=url)]})
    app = create_app(scenario.model_copy(update={"tenants": [tenant]}), public_url="http://bench")
    world = app[REGISTRY].find("demo-key")
    for n in range(paylinks):  # amounts without a magic ending: the default rule visits and pays
        documented = pay_link_input(invoiceAmount=str(15_497 + n * 1000))
        world.paylinks.create_from_api({to_snake(name): value for name, value in documented.items()})
    started = time.perf_counter()
    await world.tenant.clock.advance(by=timedelta(days=3))
    took = time.perf_counter() - started
    await app[TRANSPORT].close()
    await runner.cleanup()
    print(
        f"P3D over {paylinks} PayLinks, receiver answering in {delay:g} s: {took:.1f} s real time, "
        f"{received} webhook requests"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(int(args[0]) if args else 200, float(args[1]) if len(args) > 1 else 0.5))
