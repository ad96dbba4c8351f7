"""The control API under /_mock: the test's own handle on the simulation. JSON in and out;
the tenant is chosen by X-AUTH-TOKEN, without the key's IP allow-list."""

from datetime import timedelta
from typing import Any

from aiohttp import web
from pydantic import AwareDatetime, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from mock import __version__, resources
from mock.core.errors import BadInput, parse_input
from mock.core.values import format_datetime
from mock.graphql import REGISTRY
from mock.registry import Registry
from mock.scenario.loader import ScenarioError, load_scenario, scenario_from_data
from mock.scenario.models import Scenario, WebhookSpec
from mock.world import World

routes = web.RouteTableDef()


class ControlRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class AdvanceRequest(ControlRequest):
    by: timedelta | None = None
    to: AwareDatetime | None = None


class TenantRequest(ControlRequest):
    scenario: str | dict[str, Any] | None = None
    seed: int | None = None
    webhooks: list[WebhookSpec] | None = None


@routes.get("/_mock/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response(
        {"status": "ok", "version": __version__, "tenants": len(_registry(request).worlds)}
    )


@routes.get("/_mock/clock")
async def clock(request: web.Request) -> web.Response:
    return web.json_response(_clock_state(_world(request)))


@routes.post("/_mock/clock/advance")
async def advance(request: web.Request) -> web.Response:
    world = _world(request)
    move = parse_input(AdvanceRequest, await _body(request), root="")
    ran = world.tenant.clock.advance(by=move.by, to=move.to)
    return web.json_response({**_clock_state(world), "ran": ran})


@routes.post("/_mock/tenants")
async def create_tenant(request: web.Request) -> web.Response:
    wanted = parse_input(TenantRequest, await _body(request), root="")
    scenario = _scenario(wanted.scenario)
    world = _registry(request).create_tenant(scenario, seed=wanted.seed, webhooks=wanted.webhooks)
    return web.json_response(_tenant_state(world), status=201)


@routes.post("/_mock/reset")
async def reset(request: web.Request) -> web.Response:
    world = _registry(request).reset(_world(request))
    return web.json_response(_tenant_state(world))


def _registry(request: web.Request) -> Registry:
    return request.app[REGISTRY]


def _world(request: web.Request) -> World:
    return _registry(request).world_for_key(request.headers.get("X-AUTH-TOKEN"))


async def _body(request: web.Request) -> Any:
    if not request.can_read_body:
        return {}
    try:
        return await request.json()
    except ValueError:
        raise BadInput("request body: expected a JSON object") from None


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


def _clock_state(world: World) -> dict[str, Any]:
    clock = world.tenant.clock
    pending = clock.pending
    return {
        "customer": world.tenant.customer,
        "now": format_datetime(clock.now()),
        "mode": "manual",
        "pending": len(pending),
        "nextDue": format_datetime(pending[0].due) if pending else None,
    }


def _tenant_state(world: World) -> dict[str, Any]:
    tenant = world.tenant
    return {
        "customer": tenant.customer,
        "apiKey": tenant.api_keys[0].key,
        "seed": world.seed,
        "now": format_datetime(tenant.clock.now()),
    }
