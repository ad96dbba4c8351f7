"""The request journal: the last N requests each tenant made, for a test to look back at."""

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError

from ..core.bounded import BoundedLog
from ..core.masks import masked
from ..core.values import Count, format_datetime
from ..world import World
from .common import ControlQuery, query_of, tenant_of, world_of

BODY_EXCERPT = 2000
Entry = dict[str, Any]


class Recorded(NamedTuple):
    """A request as the journal keeps it: as it came, masked and formatted only when read, which
    few requests ever are (most of what recording every request cost)."""

    customer: str | None
    received: datetime
    simulated: datetime | None
    method: str
    path: str
    status: int
    duration_ms: float
    body: str

    def entry(self) -> Entry:
        return {
            "customer": self.customer,
            "receivedOn": format_datetime(self.received),
            "simulatedTime": format_datetime(self.simulated) if self.simulated else None,
            "method": self.method,
            "path": masked(self.path),
            "status": self.status,
            "durationMs": self.duration_ms,
            # Passwords and keys (a new tenant's webhooks, an inline scenario) are masked: the
            # journal is readable by anyone holding the tenant's key.
            "body": masked(self.body),
        }


@dataclass
class Journal:
    """One bounded journal per tenant, and one for requests of no tenant (health checks, unknown
    keys): a thousand keyless requests never push a tenant's own out."""

    size: int = 1000
    _tenants: dict[str | None, BoundedLog[Recorded]] = field(default_factory=dict, init=False)

    def record(self, customer: str | None, entry: Recorded) -> None:
        journal = self._tenants.get(customer)
        if journal is None:
            journal = self._tenants[customer] = BoundedLog(self.size)
        journal.append(entry)

    def of(self, customer: str | None) -> BoundedLog[Recorded]:
        return self._tenants.get(customer) or BoundedLog(self.size)

    def entries(self, customer: str | None) -> list[Entry]:
        """The tenant's requests as they are shown, oldest first."""
        return [recorded.entry() for recorded in self.of(customer)]


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
        world = tenant_of(request)
        customer = world.tenant.customer if world else None
        request.app[JOURNAL].record(customer, _entry(request, world, status, body, started))


async def _excerpt(request: web.Request) -> str:
    """The start of the body; one too large to read is left to the handler to refuse."""
    try:
        return (await request.read())[:BODY_EXCERPT].decode("utf-8", "replace")
    except (web.HTTPRequestEntityTooLarge, RequestPayloadError):  # the handler refused it already
        return ""


def _entry(request: web.Request, world: World | None, status: int, body: str, started: float) -> Recorded:
    return Recorded(
        world.tenant.customer if world else None,
        datetime.now(UTC),
        world.tenant.clock.now() if world else None,
        request.method,
        request.path_qs,
        status,
        round((time.perf_counter() - started) * 1000, 3),
        body,
    )


routes = web.RouteTableDef()


class JournalQuery(ControlQuery):
    limit: Count | None = None


@routes.get("/_mock/requests")
async def requests(request: web.Request) -> web.Response:
    """The caller's tenant's requests, oldest first; ?limit=N keeps the newest N. `dropped` counts
    the older ones the journal's size pushed out."""
    journal = request.app[JOURNAL].of(world_of(request).tenant.customer)
    limit, entries = query_of(request, JournalQuery).limit, list(journal)
    if limit is not None:
        entries = entries[-limit:] if limit else []
    requests = [recorded.entry() for recorded in entries]
    return web.json_response({"requests": requests, "total": len(journal), "dropped": journal.dropped})
