"""Shared fixtures: the app on the default scenario, in-process, and a small GraphQL caller."""

import os
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import settings

from reminders_mock.app import create_app
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.models import Scenario

PUBLIC_URL = "http://mock.test"

# CI runs property tests with a fixed seed and a bounded number of examples;
# HYPOTHESIS_PROFILE=long explores further on demand.
settings.register_profile("ci", derandomize=True, max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario("default")


@pytest.fixture
async def client(aiohttp_client, scenario) -> TestClient:
    return await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL))


@dataclass
class GraphQL:
    """Posts operations to /v1 as a tenant; `ok` insists on a 200 without errors."""

    client: TestClient
    key: str = "demo-key"

    async def __call__(self, query: str, variables: dict | None = None, *, key: str | None = None):
        response = await self.client.post(
            "/v1",
            json={"query": query, "variables": variables},
            headers={"X-AUTH-TOKEN": key or self.key},
        )
        return response.status, await response.json()

    async def ok(self, query: str, variables: dict | None = None) -> dict[str, Any]:
        status, body = await self(query, variables)
        assert status == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error(self, query: str, variables: dict | None = None) -> dict[str, Any]:
        """The first error of an operation that must fail."""
        status, body = await self(query, variables)
        assert status == 200, body
        assert body.get("errors"), body
        return body["errors"][0]


@pytest.fixture
def gql(client) -> GraphQL:
    return GraphQL(client)


@dataclass
class Control:
    """Calls the /_mock control API as a tenant."""

    client: TestClient
    key: str = "demo-key"

    async def get(self, path: str) -> tuple[int, Any]:
        response = await self.client.get(path, headers={"X-AUTH-TOKEN": self.key})
        return response.status, await response.json()

    async def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        response = await self.client.post(path, json=body, headers={"X-AUTH-TOKEN": self.key})
        return response.status, await response.json()

    async def put(self, path: str, body: Any = None) -> tuple[int, Any]:
        response = await self.client.put(path, json=body, headers={"X-AUTH-TOKEN": self.key})
        return response.status, await response.json()


@pytest.fixture
def control(client) -> Control:
    return Control(client)
