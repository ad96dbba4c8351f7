"""The registry of a server: tenants of several scenario files, each on its own file's clock and seed."""

from dataclasses import replace

import pytest

from reminders_mock.app import create_app
from reminders_mock.scenario.loader import load_scenarios
from tests.conftest import PUBLIC_URL, Control

DEMO_KEY = "webhook-demo-key"


@pytest.fixture
async def combined(aiohttp_client) -> Control:
    """`serve --scenario default --scenario webhook-demo`, as webhook-demo.yaml suggests."""
    app = create_app(*load_scenarios(["default", "webhook-demo"]), public_url=PUBLIC_URL)
    return Control(await aiohttp_client(app))


async def test_combined_scenarios_keep_each_files_clock(combined):
    _, default = await combined.get("/_mock/clock")
    _, demo = await replace(combined, key=DEMO_KEY).get("/_mock/clock")

    assert (default["customer"], default["mode"]) == ("6500", "manual")
    assert (demo["customer"], demo["mode"]) == ("6600", "60x")


async def test_combined_scenarios_keep_each_files_seed(combined):
    _, default = await combined.post("/_mock/reset")
    _, demo = await replace(combined, key=DEMO_KEY).post("/_mock/reset")

    assert (default["seed"], demo["seed"]) == (1, 7)


async def test_a_tenant_made_without_a_scenario_follows_the_first_file_on_a_fresh_seed(combined):
    _, tenant = await combined.post("/_mock/tenants", {})
    _, clock = await replace(combined, key=tenant["apiKey"]).get("/_mock/clock")

    assert clock["mode"] == "manual"
    assert tenant["seed"] != 1  # the file's seed is for the tenants serve starts with


async def test_a_tenant_made_from_a_scenario_takes_that_scenarios_clock_on_a_fresh_seed(combined):
    _, tenant = await combined.post("/_mock/tenants", {"scenario": "webhook-demo"})
    _, clock = await replace(combined, key=tenant["apiKey"]).get("/_mock/clock")

    assert clock["mode"] == "60x"
    assert tenant["seed"] != 7
