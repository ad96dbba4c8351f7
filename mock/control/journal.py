"""The request journal: the last N requests the server answered, for a test to look back at."""

import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError

from ..core.values import Count, format_datetime
from .common import ControlQuery, query_of, tenant_of, world_of

BODY_EXCERPT = 2000


@dataclass
class Journal:
    size: int = 1000

    def __post_init__(self) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=self.size)


JOURNAL = web.AppKey("journal", Journal)


@web.middleware
async def journal_requests(request: web.Request, handler) -> web.StreamResponse:
    """Records every request but the journal's own reads, whatever its outcome. aiohttp raises
    some answers (a 404 for an unknown path, a landing page's redirect): recorded with their
    status, then raised on as before."""
    started = time.perf_counter()
    try:
        response = await handler(request)
    except web.HTTPException as answer:
        await _record(request, answer.status, started)
        raise
    await _record(request, response.status, started)
    return response


async def _record(request: web.Request, status: int, started: float) -> None:
    if request.path != "/_mock/requests":
        body = await _excerpt(request)  # after the handler: it decides whether a body is too large
        request.app[JOURNAL].entries.append(_entry(request, status, body, started))


async def _excerpt(request: web.Request) -> str:
    """The start of the body; one too large to read is left to the handler to refuse."""
    try:
        return (await request.read())[:BODY_EXCERPT].decode("utf-8", "replace")
    except (web.HTTPRequestEntityTooLarge, RequestPayloadError):  # the handler refused it already
        return ""


def _entry(request: web.Request, status: int, body: str, started: float) -> dict[str, Any]:
    world = tenant_of(request)
    return {
        "customer": world.tenant.customer if world else None,
        "receivedOn": format_datetime(datetime.now(UTC)),
        "simulatedTime": format_datetime(world.tenant.clock.now()) if world else None,
        "method": request.method,
        "path": request.path_qs,
        "status": status,
        "durationMs": round((time.perf_counter() - started) * 1000, 3),
        "body": body,
    }


routes = web.RouteTableDef()


class JournalQuery(ControlQuery):
    limit: Count | None = None


@routes.get("/_mock/requests")
async def requests(request: web.Request) -> web.Response:
    """The caller's tenant's requests, oldest first; ?limit=N keeps the newest N."""
    customer = world_of(request).tenant.customer
    limit = query_of(request, JournalQuery).limit
    entries = [e for e in request.app[JOURNAL].entries if e["customer"] == customer]
    if limit is not None:
        entries = entries[-limit:] if limit else []
    return web.json_response({"requests": entries})
