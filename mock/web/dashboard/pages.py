"""The dashboard's pages (GET): the tenant picker, a tenant's overview, its lists and each
object's page. Every page answers HTML, its errors too."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ...control.admin import ADMIN_TOKEN, DASHBOARD
from ...control.clock import clock_state
from ...control.common import ControlQuery, query_of, registry_of
from ...control.journal import JOURNAL
from ...control.webhooks import INBOXES
from ...core.errors import BadInput, MockError, NotFound
from ...webhooks.formats import WEBHOOK_EVENTS
from ...webhooks.transport import inbox_name
from ...world import World
from . import details, lists
from .render import page, shown_time
from .session import key_for, opened
from .shapes import Filter

OVERVIEW_ROWS = 8
Page = Callable[[web.Request, World], Awaitable[web.Response]]


class ListQuery(ControlQuery):
    status: str | None = None
    reference: str | None = None


class DeliveriesQuery(ControlQuery):
    status: str | None = None
    event: str | None = None


def tenant_page(handler: Page) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A page of the tenant the path names, if this session opened it; errors as HTML pages."""

    async def answer(request: web.Request) -> web.StreamResponse:
        world = opened_world(request)
        if world is None:
            raise web.HTTPSeeOther(f"{DASHBOARD}?tenant={request.match_info['tenant']}")
        await world.tenant.clock.catch_up()  # a running clock shows what fell due
        try:
            return await handler(request, world)
        except MockError as error:
            return tenant_view(request, world, "error.html", status=error.http_status, error=error.message)

    return answer


def opened_world(request: web.Request) -> World | None:
    customer = request.match_info["tenant"]
    return next((world for world in opened(request) if world.tenant.customer == customer), None)


def tenant_view(
    request: web.Request, world: World, template: str, status: int = 200, **context: Any
) -> web.Response:
    """A tenant's page: its clock, its menu and the live feed's address come with every one."""
    clock = clock_state(world)
    next_due = world.tenant.clock.next_due
    return page(
        request,
        template,
        status,
        world=world,
        base=lists.base(world),
        clock=clock,
        now=shown_time(world.tenant.clock.now(), world),
        next_due=shown_time(next_due, world) if next_due else None,
        timezone=str(world.tenant.timezone),
        key=key_for(request, world),
        inboxes=lists.inbox_names(world),
        here=request.path_qs,
        **context,
    )


async def home(_: web.Request) -> web.Response:
    raise web.HTTPFound(DASHBOARD)


async def picker(request: web.Request) -> web.Response:
    """Every tenant of the server; the ones this session opened are a click away, the others
    ask for their API key."""
    mine = {world.tenant.customer for world in opened(request)}
    tenants = [
        {
            "customer": world.tenant.customer,
            "name": world.tenant.name,
            "now": shown_time(world.tenant.clock.now(), world),
            "mode": world.tenant.clock.mode,
            "opened": world.tenant.customer in mine,
        }
        for world in registry_of(request).worlds
    ]
    return page(
        request,
        "picker.html",
        tenants=tenants,
        wanted=request.query.get("tenant"),
        admin=ADMIN_TOKEN in request.app,
        here=request.path_qs,
    )


async def login_form(request: web.Request) -> web.Response:
    if ADMIN_TOKEN not in request.app:
        raise web.HTTPSeeOther(DASHBOARD)
    return page(request, "login.html", next=_next(request.query.get("next")), here=request.path_qs)


def _next(wanted: str | None) -> str:
    """Where to go after logging in: a dashboard page only, never another site."""
    return wanted if wanted and wanted.startswith(f"{DASHBOARD}") and "//" not in wanted else DASHBOARD


@tenant_page
async def overview(request: web.Request, world: World) -> web.Response:
    tables = [make(world, None, None, OVERVIEW_ROWS) for make in lists.LISTS.values()]
    deliveries = lists.deliveries(world, None, None, OVERVIEW_ROWS)
    return tenant_view(request, world, "overview.html", tables=[deliveries, *tables])


@tenant_page
async def listing(request: web.Request, world: World) -> web.Response:
    kind = request.match_info["kind"]
    query = query_of(request, ListQuery)
    _check_choice("status", query.status, lists.statuses(kind, world))
    table = lists.LISTS[kind](world, query.status, query.reference)
    shown = Filter(lists.statuses(kind, world), query.status, query.reference)
    return tenant_view(request, world, "listing.html", table=table, filter=shown, kind=kind)


@tenant_page
async def detail(request: web.Request, world: World) -> web.Response:
    kind, object_id = request.match_info["kind"], request.match_info["id"]
    return tenant_view(request, world, "detail.html", detail=_detail(world, kind, object_id))


def _detail(world: World, kind: str, object_id: str) -> details.Detail:
    if kind == "paylinks":
        return details.paylink(world, world.paylinks.get(object_id))
    if kind == "mandates":
        return details.mandate(world, world.mandates.get(object_id))
    if kind == "messages":
        return details.message(world, world.messaging.get(object_id))
    found = world.imports.batches.get(object_id) if kind == "batches" else world.voice.get(object_id)
    if found is None:
        raise NotFound(f"{kind[:-1]} {object_id}: no such {kind[:-1]} in this tenant")
    return details.batch(world, found) if kind == "batches" else details.call(world, found)


@tenant_page
async def webhooks(request: web.Request, world: World) -> web.Response:
    query = query_of(request, DeliveriesQuery)
    _check_choice("status", query.status, lists.statuses("webhooks", world))
    _check_choice("event", query.event, sorted(WEBHOOK_EVENTS))
    shown = Filter(
        lists.statuses("webhooks", world),
        query.status,
        None,
        extra={"event": sorted(WEBHOOK_EVENTS)},
        chosen={"event": query.event},
    )
    table = lists.deliveries(world, query.status, query.event)
    return tenant_view(
        request, world, "webhooks.html", table=table, filter=shown, endpoints=lists.endpoints(world)
    )


@tenant_page
async def delivery(request: web.Request, world: World) -> web.Response:
    found = world.webhooks.delivery(request.match_info["id"])
    return tenant_view(request, world, "detail.html", detail=details.delivery(world, found))


@tenant_page
async def inbox(request: web.Request, world: World) -> web.Response:
    """What `inbox:NAME` received, newest first, each body readable: GET /_mock/inbox/{name}
    without typing the key into a header."""
    name, inboxes = request.match_info["name"], request.app[INBOXES]
    held = inbox_name(world.tenant.customer, name)
    received = inboxes.received(held)[::-1][: lists.SHOWN]
    return tenant_view(
        request, world, "inbox.html", name=name, received=received, total=len(inboxes.received(held))
    )


@tenant_page
async def journal(request: web.Request, world: World) -> web.Response:
    entries = request.app[JOURNAL].entries(world.tenant.customer)
    return tenant_view(
        request, world, "listing.html", table=lists.requests(world, entries), filter=None, kind="requests"
    )


def _check_choice(name: str, value: str | None, choices: list[str]) -> None:
    if value is not None and value not in choices:
        raise BadInput.expected(name, f"expected one of {', '.join(choices) or '(none yet)'}", value)
