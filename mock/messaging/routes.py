"""The control API's messaging part: the mail and SMS a tenant has sent, and how they fared."""

from aiohttp import web

from mock.registry import REGISTRY
from mock.world import World

routes = web.RouteTableDef()


@routes.get("/_mock/messages")
async def messages(request: web.Request) -> web.Response:
    query = request.query
    found = _world(request).messaging.search(query.get("reference"), query.get("channel"))
    return web.json_response({"messages": [m.to_json() for m in found]})


@routes.get("/_mock/messages/{id}")
async def message(request: web.Request) -> web.Response:
    return web.json_response(_world(request).messaging.get(request.match_info["id"]).to_json())


def _world(request: web.Request) -> World:
    """The tenant of the key; its `messaging` is the Messaging service of mock.messaging."""
    return request.app[REGISTRY].world_for_key(request.headers.get("X-AUTH-TOKEN"))
