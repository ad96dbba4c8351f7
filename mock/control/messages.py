"""Control API, messages: the mail and SMS a tenant has sent, and how they fared."""

from aiohttp import web

from ..messaging.model import Channel
from .common import PageQuery, as_json, page, query_of, world_of

routes = web.RouteTableDef()


class MessagesQuery(PageQuery):
    reference: str | None = None
    channel: Channel | None = None


@routes.get("/_mock/messages")
async def messages(request: web.Request) -> web.Response:
    query = query_of(request, MessagesQuery)
    shown, paging = page(world_of(request).messaging.search(query.reference, query.channel), query)
    return web.json_response({"messages": [as_json(m) for m in shown], **paging})


@routes.get("/_mock/messages/{id}")
async def message(request: web.Request) -> web.Response:
    return web.json_response(as_json(world_of(request).messaging.get(request.match_info["id"])))
