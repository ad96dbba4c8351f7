"""Control API: the tenant's clock. Read it, move it on (running what falls due), change its mode."""

from typing import Any

from aiohttp import web
from pydantic import AwareDatetime

from ..core.errors import parse_input
from ..core.values import Duration, format_datetime
from ..world import World
from .common import ControlRequest, body_of, world_of

routes = web.RouteTableDef()


class AdvanceRequest(ControlRequest):
    by: Duration | None = None
    to: AwareDatetime | None = None


class ModeRequest(ControlRequest):
    mode: str


@routes.get("/_mock/clock")
async def clock(request: web.Request) -> web.Response:
    return web.json_response(clock_state(world_of(request)))


@routes.post("/_mock/clock/advance")
async def advance(request: web.Request) -> web.Response:
    world = world_of(request)
    move = parse_input(AdvanceRequest, await body_of(request), root="")
    ran = await world.tenant.clock.advance(by=move.by, to=move.to)
    return web.json_response({**clock_state(world), "ran": ran})


@routes.post("/_mock/clock/mode")
async def mode(request: web.Request) -> web.Response:
    world = world_of(request)
    wanted = parse_input(ModeRequest, await body_of(request), root="")
    world.tenant.clock.set_mode(wanted.mode)
    return web.json_response(clock_state(world))


def clock_state(world: World) -> dict[str, Any]:
    clock = world.tenant.clock
    pending = clock.pending
    return {
        "customer": world.tenant.customer,
        "now": format_datetime(clock.now()),
        "mode": clock.mode,
        "pending": len(pending),
        "nextDue": format_datetime(pending[0].due) if pending else None,
    }
