"""The control API's messaging part: the mail and SMS a tenant has sent, and how they fared."""

from aiohttp import web

from ..registry import world_of

routes = web.RouteTableDef()


@routes.get("/_mock/messages")
async def messages(request: web.Request) -> web.Response:
    query = request.query
    found = world_of(request).messaging.search(query.get("reference"), query.get("channel"))
    return web.json_response({"messages": [m.to_json() for m in found]})


@routes.get("/_mock/messages/{id}")
async def message(request: web.Request) -> web.Response:
    return web.json_response(world_of(request).messaging.get(request.match_info["id"]).to_json())
