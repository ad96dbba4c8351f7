"""The default scenario's tenant with a population, built in-process, and its clock moved on."""

import asyncio
from datetime import timedelta
from typing import Any

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.models import Scenario
from reminders_mock.scenario.population import PopulationSpec
from reminders_mock.world import World
from tests.conftest import PUBLIC_URL

# The default scenario starts on a Wednesday at 10:00 in Amsterdam; its next import window opens
# at 12:00 and the import of a few thousand records is through well within the hour after.
IMPORTED = timedelta(hours=4)


def populated(population: dict[str, Any], seed: int = 1, **tenant: Any) -> Scenario:
    """The default scenario, its tenant given this population (and any other tenant fields)."""
    scenario = load_scenario("default").with_seed(seed)
    first = scenario.tenants[0].model_copy(
        update={"population": PopulationSpec.model_validate(population), **tenant}
    )
    return scenario.model_copy(update={"tenants": [first]})


def world_of(scenario: Scenario) -> World:
    return create_app(scenario, public_url=PUBLIC_URL)[REGISTRY].find("demo-key")


def advanced(world: World, by: timedelta = IMPORTED) -> World:
    """The world after its clock moved on `by` (for tests that are not coroutines: hypothesis)."""
    asyncio.run(world.tenant.clock.advance(by=by))
    return world


def population_records(world: World) -> list:
    """Every record the import holds that the population sent, in import order."""
    return [
        record
        for batch in world.imports.batches
        for record in batch.records
        if record.extra.get("control_origin") == "population"
    ]
