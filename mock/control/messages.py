"""Control API, messages: the mail and SMS a tenant has sent, and how they fared."""

from aiohttp import web

from .common import as_json, world_of

routes = web.RouteTableDef()


@routes.get("/_mock/messages")
async def messages(request: web.Request) -> web.Response:
    query = request.query
    found = world_of(request).messaging.search(query.get("reference"), query.get("channel"))
    return web.json_response({"messages": [as_json(m) for m in found]})


@routes.get("/_mock/messages/{id}")
async def message(request: web.Request) -> web.Response:
    return web.json_response(as_json(world_of(request).messaging.get(request.match_info["id"])))
