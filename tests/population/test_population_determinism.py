"""Two servers with the same scenario and seed generate the same records byte for byte and, after the
same clock moves, send the same webhooks; another seed makes other people."""

from aiohttp import web

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.models import WebhookSpec
from tests.conftest import PUBLIC_URL, Control
from tests.population.populated import populated
from tests.served import receiving

MOVES = ["PT3H", "PT20H", "P2D"]


async def run(aiohttp_client, aiohttp_server, seed: int) -> dict[str, bytes]:
    """A fresh server's import files, population summary and webhook bodies after the same moves."""
    bodies: list[bytes] = []

    async def receive(request: web.Request) -> web.Response:
        bodies.append(await request.read())
        return web.Response()

    hooks = [WebhookSpec(url=await receiving(aiohttp_server, receive, "/hook") + "/hook", events="all")]
    scenario = populated({"size": 150, "arrivals": "60 per weekday"}, seed, webhooks=hooks)
    app = create_app(scenario, public_url=PUBLIC_URL)
    control = Control(await aiohttp_client(app))
    for move in MOVES:
        status, _ = await control.post("/_mock/clock/advance", {"by": move})
        assert status == 200
    world = app[REGISTRY].find("demo-key")
    files = b"\n".join(batch.file.contents.encode() for batch in world.imports.batches if batch.file)
    summary = await control.client.get("/_mock/population", headers={"X-AUTH-TOKEN": "demo-key"})
    return {"files": files, "population": await summary.read(), "webhooks": b"\n".join(bodies)}


async def test_the_same_scenario_and_seed_give_the_same_records_and_webhook_stream(
    aiohttp_client, aiohttp_server
):
    first = await run(aiohttp_client, aiohttp_server, seed=7)
    second = await run(aiohttp_client, aiohttp_server, seed=7)

    assert first == second
    assert first["files"].count(b"\n") == 2  # three arrival files over the three weekdays
    assert first["webhooks"].count(b'"PayLinkPaid"') > 10


async def test_another_seed_generates_other_records_and_webhooks(aiohttp_client, aiohttp_server):
    first = await run(aiohttp_client, aiohttp_server, seed=7)
    other = await run(aiohttp_client, aiohttp_server, seed=8)

    assert first["files"] != other["files"]
    assert first["webhooks"] != other["webhooks"]
