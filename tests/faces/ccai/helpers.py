"""Calling the CCAI face as an integrator does: basic auth with the company key and secret, as
the default tenant or as a tenant made through POST /_mock/tenants from a changed default scenario."""

import copy
from dataclasses import dataclass
from typing import Any

import aiohttp
import yaml
from aiohttp.test_utils import TestClient

from reminders_mock import resources

CALLS = "/apps/api/v1/calls"
SECRET = "demo-company-secret"


@dataclass
class CallApi:
    client: TestClient
    key: str = "demo-company-key"  # the company key; also the tenant's API key for a made tenant
    secret: str = SECRET

    def headers(self) -> dict[str, str]:
        return {"Authorization": aiohttp.encode_basic_auth(self.key, self.secret)}

    async def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        response = await self.client.request(method, path, json=body, headers=self.headers())
        return response.status, await response.json()

    async def create(self, body: Any) -> tuple[int, Any]:
        return await self("POST", CALLS, body)

    async def call(self, call_id: int) -> dict[str, Any]:
        status, call = await self("GET", f"{CALLS}/{call_id}")
        assert status == 200, call
        return call

    async def advance(self, by: str) -> None:
        """Moves this tenant's clock (the control API knows the tenant by its API key)."""
        api_key = "demo-key" if self.key == "demo-company-key" else self.key
        response = await self.client.post(
            "/_mock/clock/advance", json={"by": by}, headers={"X-AUTH-TOKEN": api_key}
        )
        assert response.status == 200, await response.text()


def default_scenario() -> dict[str, Any]:
    """The shipped default scenario as data, to change and send inline."""
    return yaml.safe_load(resources.scenario_path("default").read_text(encoding="utf-8"))


async def company_with(client: TestClient, change: Any) -> CallApi:
    """A new tenant of the default scenario after `change(scenario)`; its company key is its API key."""
    scenario = copy.deepcopy(default_scenario())
    change(scenario)
    response = await client.post("/_mock/tenants", json={"scenario": scenario})
    assert response.status == 201, await response.text()
    return CallApi(client, (await response.json())["apiKey"])


def ccai_of(scenario: dict[str, Any]) -> dict[str, Any]:
    return scenario["tenants"][0]["ccai"]


def agent(scenario: dict[str, Any], email: str) -> dict[str, Any]:
    return next(a for a in ccai_of(scenario)["agents"] if a["email"] == email)


def menu(scenario: dict[str, Any], menu_id: int) -> dict[str, Any]:
    return next(m for m in ccai_of(scenario)["menus"] if m["id"] == menu_id)
