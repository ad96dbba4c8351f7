"""Control API, webhook endpoints at run time: add one to a running tenant, list them, remove one."""

from typing import Any

from aiohttp import web

from ..core.errors import parse_input
from ..core.vocabulary import WEBHOOK_EVENTS  # a tuple: the events in the documentation's order
from ..scenario.models import WebhookSpec
from ..webhooks.endpoints import Endpoint
from .common import body_of, world_of

routes = web.RouteTableDef()


@routes.post("/_mock/webhooks/endpoints")
async def add_endpoint(request: web.Request) -> web.Response:
    """The body is an endpoint as a scenario writes one: an object, or its URL alone."""
    spec = parse_input(WebhookSpec, await body_of(request), root="")
    endpoint = world_of(request).webhooks.add_endpoint(spec)
    return web.json_response(endpoint_json(endpoint), status=201)


@routes.get("/_mock/webhooks/endpoints")
async def endpoints(request: web.Request) -> web.Response:
    found = world_of(request).webhooks.endpoints()
    return web.json_response({"endpoints": [endpoint_json(e) for e in found]})


@routes.delete("/_mock/webhooks/endpoints/{id}")
async def remove_endpoint(request: web.Request) -> web.Response:
    world_of(request).webhooks.remove_endpoint(request.match_info["id"])
    return web.Response(status=204)


def endpoint_json(endpoint: Endpoint) -> dict[str, Any]:
    """Everything about the endpoint except its password and secret, which are only said to be set;
    `events` as the endpoint receives them, its defaults or `all` spelled out."""
    spec = endpoint.spec
    shown = spec.model_dump(mode="json", by_alias=True, exclude={"password", "secret"})
    return {
        "id": endpoint.id,
        **shown,
        "events": [name for name in WEBHOOK_EVENTS if spec.receives(name)],
        "hasPassword": spec.password is not None,
        "hasSecret": spec.secret is not None,
    }
