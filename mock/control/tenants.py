"""Control API: health, new tenants, reset and snapshots."""

from typing import Any

from aiohttp import web

from .. import __version__, resources, snapshot
from ..core.errors import BadInput, parse_input
from ..core.values import format_datetime
from ..scenario.loader import ScenarioError, load_scenario, scenario_from_data
from ..scenario.models import Scenario, WebhookSpec
from ..world import World
from .common import ControlRequest, body_of, registry_of, world_of

routes = web.RouteTableDef()


class TenantRequest(ControlRequest):
    scenario: str | dict[str, Any] | None = None
    seed: int | None = None
    webhooks: list[WebhookSpec] | None = None


@routes.get("/_mock/health")
async def health(request: web.Request) -> web.Response:
    """`url` is where the server is reached, its port included when it was asked for any (`--port 0`)."""
    registry = registry_of(request)
    return web.json_response(
        {"status": "ok", "version": __version__, "url": registry.public_url, "tenants": len(registry.worlds)}
    )


@routes.post("/_mock/tenants")
async def create_tenant(request: web.Request) -> web.Response:
    wanted = parse_input(TenantRequest, await body_of(request), root="")
    scenario = _scenario(wanted.scenario)
    world = registry_of(request).create_tenant(scenario, seed=wanted.seed, webhooks=wanted.webhooks)
    return web.json_response(_tenant_state(world), status=201)


@routes.post("/_mock/reset")
async def reset(request: web.Request) -> web.Response:
    world = registry_of(request).reset(world_of(request))
    return web.json_response(_tenant_state(world))


@routes.get("/_mock/snapshot")
async def take_snapshot(request: web.Request) -> web.Response:
    return web.json_response(snapshot.take(world_of(request)).model_dump(mode="json"))


@routes.put("/_mock/snapshot")
async def restore_snapshot(request: web.Request) -> web.Response:
    taken = snapshot.parse(await body_of(request))
    world = registry_of(request).restore(world_of(request), taken)
    return web.json_response(_tenant_state(world))


def _scenario(source: str | dict[str, Any] | None) -> Scenario | None:
    """A shipped scenario by name, or one written inline; never a path on the server's disk."""
    if source is None:
        return None
    if isinstance(source, str) and source not in resources.scenario_names():
        raise BadInput.expected(
            "scenario",
            f"expected a shipped scenario ({', '.join(resources.scenario_names())}) or a scenario object",
            source,
        )
    try:
        if isinstance(source, dict):
            return scenario_from_data(source, origin="scenario")
        return load_scenario(resources.scenario_path(source))
    except ScenarioError as error:
        raise BadInput(f"scenario: {error}", field="scenario") from None


def _tenant_state(world: World) -> dict[str, Any]:
    tenant = world.tenant
    return {
        "customer": tenant.customer,
        "apiKey": tenant.api_keys[0].key,
        "seed": world.seed,
        "now": format_datetime(tenant.clock.now()),
    }
