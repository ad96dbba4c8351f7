"""The Call API's routes under /apps/api/v1: HTTP basic auth with the company key and secret,
JSON in and out, every refusal as {"message": ...}. Each handler reads, calls the service, answers."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BasicAuth, hdrs, web

from ...bodies import parse_json, text_of
from ...core.errors import MockError
from .checks import AgentMustChoose
from .model import call_json
from .service import CcaiService

PREFIX = "/apps/api/v1"
routes = web.RouteTableDef()
Handler = Callable[[web.Request, CcaiService], Awaitable[web.Response]]
# The contact centre a company key and secret open (Registry.contact_centre), set where the app
# is wired: the face needs no more of the registry, and the control API's helpers are not its own.
CONTACT_CENTRES = web.AppKey("ccai_contact_centres", Callable[[str, str], CcaiService | None])


def call_api(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Finds the company the credentials open and answers the Call API's errors in its own shape."""

    async def handle(request: web.Request) -> web.Response:
        centre = _contact_centre_of(request)
        if centre is None:
            return _message("Unauthorized: expected HTTP basic auth with the company key and secret", 401)
        try:
            return await handler(request, centre)
        except MockError as error:
            return _message(error.message, error.http_status)
        except AgentMustChoose as choice:
            return web.json_response(choice.echo, status=choice.status)

    return handle


def _contact_centre_of(request: web.Request) -> CcaiService | None:
    try:
        credentials = BasicAuth.decode(request.headers.get(hdrs.AUTHORIZATION, ""))
    except ValueError:
        return None
    return request.app[CONTACT_CENTRES](credentials.login, credentials.password)


async def _body(request: web.Request) -> Any:
    """Read as /v1 and the control API read theirs (mock/bodies.py); no body reads as {}."""
    text = await text_of(request)
    return parse_json(text) if text else {}


def _message(message: str, status: int) -> web.Response:
    return web.json_response({"message": message}, status=status)


@routes.post(f"{PREFIX}/calls")
@call_api
async def create_call(request: web.Request, centre: CcaiService) -> web.Response:
    return web.json_response(call_json(centre.create(await _body(request))), status=201)


@routes.get(PREFIX + "/calls/{id}")
@call_api
async def get_call(request: web.Request, centre: CcaiService) -> web.Response:
    return web.json_response(call_json(centre.get(request.match_info["id"])))


@routes.delete(PREFIX + "/calls/{id}")
@call_api
async def cancel_call(request: web.Request, centre: CcaiService) -> web.Response:
    return web.json_response(call_json(centre.cancel(request.match_info["id"])))


@routes.get(PREFIX + "/calls/{id}/customer_flag")
@call_api
async def customer_flag(request: web.Request, centre: CcaiService) -> web.Response:
    return web.json_response(centre.get(request.match_info["id"]).flags)


@routes.patch(PREFIX + "/calls/{id}/customer_flag")
@call_api
async def set_customer_flag(request: web.Request, centre: CcaiService) -> web.Response:
    return web.json_response(centre.flag(request.match_info["id"], await _body(request)))


@routes.route("*", PREFIX + "/{tail:.*}")
async def unknown(request: web.Request) -> web.Response:
    return _message("Resource not found: check the path and your subdomain", 404)
