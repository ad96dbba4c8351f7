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
from .common import ControlQuery, query_of, tenant_of, world_of

BODY_EXCERPT = 2000
Entry = dict[str, Any]


class Recorded(NamedTuple):
    """A request as the journal keeps it: the pieces as they came (the times as numbers, the body's
    first bytes), masked and formatted only when read, which few requests ever are (most of what
    recording every request cost)."""

    customer: str | None
    received: float  # time.time()
    simulated: datetime | None
    method: str
    path: str
    status: int
    duration: float  # seconds
    body: bytes

    def entry(self) -> Entry:
        return {
            "customer": self.customer,
            "receivedOn": format_datetime(datetime.fromtimestamp(self.received, UTC)),
            "simulatedTime": format_datetime(self.simulated) if self.simulated else None,
            "method": self.method,
            "path": masked(self.path),
            "status": self.status,
            "durationMs": round(self.duration * 1000, 3),
            # Passwords and keys (a new tenant's webhooks, an inline scenario) are masked: the
            # journal is readable by anyone holding the tenant's key.
            "body": masked(self.body.decode("utf-8", "replace")),
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


async def record_request(request: web.Request, status: int, started: float) -> None:
    """Files a request once it is answered (`started` from time.perf_counter()), whatever its
    outcome; the journal's own reads are left out."""
    if request.path != "/_mock/requests":
        # Read after the handler: it decides whether a body is too large. Most bodies were read by
        # then, and a request without one has nothing to wait for.
        body = await _excerpt(request) if request.body_exists else b""
        world = tenant_of(request)
        customer = world.tenant.customer if world else None
        request.app[JOURNAL].record(
            customer,
            Recorded(
                customer,
                time.time(),
                world.tenant.clock.now() if world else None,
                request.method,
                request.path_qs,
                status,
                time.perf_counter() - started,
                body,
            ),
        )


async def _excerpt(request: web.Request) -> bytes:
    """The start of the body; one too large to read is left to the handler to refuse."""
    try:
        return (await request.read())[:BODY_EXCERPT]
    except (web.HTTPRequestEntityTooLarge, RequestPayloadError):  # the handler refused it already
        return b""


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
