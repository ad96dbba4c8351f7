"""The default tenant's world, beside the app the root conftest serves."""

import pytest

from reminders_mock.control.common import REGISTRY
from reminders_mock.world import World


@pytest.fixture
def world(client) -> World:
    [world] = [w for w in client.app[REGISTRY].worlds if w.tenant.customer == "6500"]
    return world
