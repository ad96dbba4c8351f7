"""Control API, the live feed: GET /_mock/events streams the tenant's domain events and webhook
attempts as server-sent events, as they happen (the CLI's `listen`, the dashboard)."""

import json

from aiohttp import web
from aiohttp_sse import sse_response

from .common import ControlQuery, query_of, world_of_reader

routes = web.RouteTableDef()


class EventsQuery(ControlQuery):
    # A browser's EventSource cannot send headers: it names the tenant by its key in the query.
    key: str | None = None
    since: int | None = None


@routes.get("/_mock/events")
async def events(request: web.Request) -> web.StreamResponse:
    """`event: domain` or `event: delivery`, `id:` the message's number in the tenant's feed, data its
    JSON. After `?since=N` or a Last-Event-ID header, first what came after message N, as far as
    the feed's history goes back."""
    query = query_of(request, EventsQuery)
    world = world_of_reader(request, query.key)
    since = query.since if query.since is not None else _last_event_id(request)
    async with sse_response(request) as stream:
        with world.feed.listening(since) as listener:
            async for message in listener:
                await stream.send(json.dumps(message.data), id=str(message.id), event=message.kind)
    return stream


def _last_event_id(request: web.Request) -> int | None:
    """The number EventSource sends back when it reconnects; anything else starts from now."""
    last = request.headers.get("Last-Event-ID", "")
    return int(last) if last.isdecimal() else None
