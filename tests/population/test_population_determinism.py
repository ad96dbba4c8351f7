"""Two servers with the same scenario and seed generate the same records byte for byte and, after the
same clock moves, send the same webhooks; another seed makes other people."""

import json

from aiohttp import web

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.imports.model import Record
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
    # The records as the import read them from the files (a file is dropped once read).
    files = [b for b in world.imports.batches if any(_generated(r) for r in b.records)]
    records = [[r.reference, r.fields, r.extra] for batch in files for r in batch.records]
    summary = await control.client.get("/_mock/population", headers={"X-AUTH-TOKEN": "demo-key"})
    return {
        "files": len(files),
        "records": json.dumps(records, default=str).encode(),
        "population": await summary.read(),
        "webhooks": b"\n".join(bodies),
    }


def _generated(record: Record) -> bool:
    return record.extra.get("control_origin") == "population"


async def test_the_same_scenario_and_seed_give_the_same_records_and_webhook_stream(
    aiohttp_client, aiohttp_server
):
    first = await run(aiohttp_client, aiohttp_server, seed=7)
    second = await run(aiohttp_client, aiohttp_server, seed=7)

    assert first == second
    assert first["files"] == 3  # three arrival files over the three weekdays
    assert first["webhooks"].count(b'"PayLinkPaid"') > 10


async def test_another_seed_generates_other_records_and_webhooks(aiohttp_client, aiohttp_server):
    first = await run(aiohttp_client, aiohttp_server, seed=7)
    other = await run(aiohttp_client, aiohttp_server, seed=8)

    assert first["records"] != other["records"]
    assert first["webhooks"] != other["webhooks"]
