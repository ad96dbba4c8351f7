"""The default tenant's world, beside the app the root conftest serves."""

import pytest

from mock.registry import REGISTRY
from mock.world import World


@pytest.fixture
def world(client) -> World:
    [world] = [w for w in client.app[REGISTRY].worlds if w.tenant.customer == "6500"]
    return world
