"""One tenant waiting on a hanging webhook receiver holds its own clock only: another tenant's
running clock keeps moving, and the server keeps answering."""

import asyncio

from aiohttp import web

from reminders_mock.app import create_app
from reminders_mock.scenario.models import WebhookSpec
from tests.conftest import Control, GraphQL
from tests.sandbox import create_paylink
from tests.served import default_with_endpoints, receiving

HANG_SECONDS = 5  # the endpoint's timeout: how long the first tenant's payment waits at most
WAIT_BOUND = 20  # for a loaded machine: a bound, not a timing assertion


async def test_a_hanging_receiver_of_one_tenant_never_holds_another_tenants_running_clock(
    aiohttp_client, aiohttp_server
):
    reached, release = asyncio.Event(), asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        reached.set()
        await release.wait()
        return web.Response(text="late")

    hook = await receiving(aiohttp_server, hang, "/hook") + "/hook"
    scenario = default_with_endpoints(WebhookSpec(url=hook, timeout=HANG_SECONDS))
    client = await aiohttp_client(create_app(scenario, public_url="http://mock.test"))
    made = await (await client.post("/_mock/tenants", json={})).json()
    hanging, other = Control(client), Control(client, made["apiKey"])
    assert (await other.post("/_mock/clock/mode", {"mode": "1000x"}))[0] == 200

    link = await create_paylink(GraphQL(client), amount="15497")
    paying = asyncio.create_task(hanging.post(f"/_mock/paylinks/{link['id']}/pay"))
    await asyncio.wait_for(reached.wait(), WAIT_BOUND)  # the first tenant now waits on its receiver

    before = (await other.get("/_mock/clock"))[1]["now"]
    await asyncio.sleep(0.3)  # 300 simulated seconds at 1000x
    after = (await other.get("/_mock/clock"))[1]["now"]
    assert after > before
    assert not paying.done()

    release.set()
    status, _ = await asyncio.wait_for(paying, WAIT_BOUND)
    assert status == 200
