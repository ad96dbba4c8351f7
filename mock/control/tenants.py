"""Control API: health, new tenants, reset and snapshots."""

from typing import Annotated, Any

from aiohttp import web
from pydantic import BeforeValidator

from .. import __version__, resources, snapshot
from ..core.errors import parse_input
from ..core.values import format_datetime
from ..scenario.loader import load_scenario
from ..scenario.models import Scenario, WebhookSpec
from ..world import World
from .common import ControlRequest, body_of, registry_of, world_of

routes = web.RouteTableDef()


def _shipped_or_inline(source: Any) -> Any:
    """A shipped scenario by name, or one written inline; never a path on the server's disk. An
    inline one is validated as part of the request, so its problems come with the others'."""
    if not isinstance(source, str):
        return source
    shipped = resources.scenario_names()
    if source not in shipped:
        raise ValueError(f"expected a shipped scenario ({', '.join(shipped)}) or a scenario object")
    return load_scenario(resources.scenario_path(source))


class TenantRequest(ControlRequest):
    scenario: Annotated[Scenario | None, BeforeValidator(_shipped_or_inline)] = None
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
    world = registry_of(request).create_tenant(wanted.scenario, seed=wanted.seed, webhooks=wanted.webhooks)
    return web.json_response(_tenant_state(world), status=201)


@routes.post("/_mock/reset")
async def reset(request: web.Request) -> web.Response:
    world = registry_of(request).reset(world_of(request))
    return web.json_response(_tenant_state(world))


@routes.get("/_mock/snapshot")
async def take_snapshot(request: web.Request) -> web.Response:
    # Written at once from the live objects: no await comes between the view and its bytes.
    taken = snapshot.dumps(snapshot.view(world_of(request)))
    return web.Response(body=taken, content_type="application/json")


@routes.put("/_mock/snapshot")
async def restore_snapshot(request: web.Request) -> web.Response:
    taken = snapshot.parse(await body_of(request))
    world = registry_of(request).restore(world_of(request), taken)
    return web.json_response(_tenant_state(world))


def _tenant_state(world: World) -> dict[str, Any]:
    tenant = world.tenant
    return {
        "customer": tenant.customer,
        "apiKey": tenant.api_keys[0].key,
        "seed": world.seed,
        "now": format_datetime(tenant.clock.now()),
    }
