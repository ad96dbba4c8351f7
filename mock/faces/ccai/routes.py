"""The Call API's routes under /apps/api/v1: HTTP basic auth with the company key and secret,
JSON in and out, every refusal as {"message": ...}. Each handler reads, calls the service, answers."""

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BasicAuth, hdrs, web

from ...control.common import registry_of
from ...core.errors import MockError
from ...world import World
from .checks import AgentMustChoose
from .model import call_json

PREFIX = "/apps/api/v1"
routes = web.RouteTableDef()
Handler = Callable[[web.Request, World], Awaitable[web.Response]]


def call_api(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Finds the company the credentials open and answers the Call API's errors in its own shape."""

    async def handle(request: web.Request) -> web.Response:
        world = _company_of(request)
        if world is None:
            return _message("Unauthorized: expected HTTP basic auth with the company key and secret", 401)
        try:
            return await handler(request, world)
        except MockError as error:
            return _message(error.message, error.http_status)
        except AgentMustChoose as choice:
            return web.json_response(choice.echo, status=choice.status)

    return handle


def _company_of(request: web.Request) -> World | None:
    try:
        credentials = BasicAuth.decode(request.headers.get(hdrs.AUTHORIZATION, ""))
    except ValueError:
        return None
    return registry_of(request).by_company(credentials.login, credentials.password)


async def _body(request: web.Request) -> Any:
    try:
        return json.loads(await request.read() or b"{}")
    except ValueError:
        raise MockError("Request body must be JSON") from None


def _message(message: str, status: int) -> web.Response:
    return web.json_response({"message": message}, status=status)


@routes.post(f"{PREFIX}/calls")
@call_api
async def create_call(request: web.Request, world: World) -> web.Response:
    return web.json_response(call_json(world.ccai.create(await _body(request))), status=201)


@routes.get(PREFIX + "/calls/{id}")
@call_api
async def get_call(request: web.Request, world: World) -> web.Response:
    return web.json_response(call_json(world.ccai.get(request.match_info["id"])))


@routes.delete(PREFIX + "/calls/{id}")
@call_api
async def cancel_call(request: web.Request, world: World) -> web.Response:
    return web.json_response(call_json(world.ccai.cancel(request.match_info["id"])))


@routes.get(PREFIX + "/calls/{id}/customer_flag")
@call_api
async def customer_flag(request: web.Request, world: World) -> web.Response:
    return web.json_response(world.ccai.get(request.match_info["id"]).flags)


@routes.patch(PREFIX + "/calls/{id}/customer_flag")
@call_api
async def set_customer_flag(request: web.Request, world: World) -> web.Response:
    return web.json_response(world.ccai.flag(request.match_info["id"], await _body(request)))


@routes.route("*", PREFIX + "/{tail:.*}")
async def unknown(request: web.Request) -> web.Response:
    return _message("Resource not found: check the path and your subdomain", 404)
