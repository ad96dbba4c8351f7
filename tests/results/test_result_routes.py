"""GET /_mock/results lists a tenant's result files; GET /_mock/results/{name} serves one."""

from datetime import timedelta

import pytest

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from tests.conftest import PUBLIC_URL
from tests.results.helpers import api_paylink

HEADERS = {"X-AUTH-TOKEN": "demo-key"}


@pytest.fixture
async def app_client(aiohttp_client, scenario):
    app = create_app(scenario, public_url=PUBLIC_URL)
    client = await aiohttp_client(app)
    return client, app[REGISTRY].worlds[0]


async def test_routes_list_and_serve_the_files(app_client):
    client, world = app_client
    world.paylinks.pay(api_paylink(world))
    await world.tenant.clock.advance(by=timedelta(days=1))
    [written] = world.results.files

    listed = await client.get("/_mock/results", headers=HEADERS)
    assert listed.status == 200
    assert (await listed.json())["files"] == [
        {
            "name": written.name,
            "day": written.day.isoformat(),
            "script": None,
            "createdOn": "2024-06-12T22:00:00+00:00",
            "size": len(written.content),
            "url": f"{PUBLIC_URL}/_mock/results/{written.name}",
        }
    ]
    served = await client.get(f"/_mock/results/{written.name}", headers=HEADERS)
    assert served.status == 200
    assert served.content_type == "text/csv"
    assert await served.read() == written.content


async def test_unknown_result_file_is_a_json_404(app_client):
    client, _ = app_client
    answer = await client.get("/_mock/results/results_6500_1003_20990101.csv", headers=HEADERS)
    assert answer.status == 404
    assert (await answer.json())["error"]["code"] == "NOT_FOUND"


async def test_results_need_a_tenants_key(app_client):
    client, _ = app_client
    answer = await client.get("/_mock/results", headers={"X-AUTH-TOKEN": "nobody"})
    assert answer.status == 401
