"""Landing pages behind PayLink and mandate short and long URLs: the simulated payer or debtor
clicks through them, and every click is the same act the control API performs, on the tenant's clock."""

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from aiohttp import web

from ..bodies import form_of
from ..control.common import REGISTRY
from ..core.errors import BadInput, InvalidTransition, MockError, NotFound
from ..core.values import format_money
from ..core.vocabulary import PayLinkStatus
from ..mandates.model import Mandate
from ..paylinks.model import PayLink
from ..world import World
from .templates import environment, page

__all__ = ["routes"]

HERE = Path(__file__).parent
routes = web.RouteTableDef()
routes.static("/static", HERE / "static")

PAYLINK_ACTS = ("pay", "cancel", "fail")
MANDATE_ACTS = ("authorize", "confirm")
AMOUNT = re.compile(r"\d{1,9}(?:[.,]\d{1,2})?")  # units and cents, as the page writes money
DONE = {
    "pay": "The payment went through.",
    "cancel": "The payment was cancelled.",
    "fail": "The payment failed at the bank.",
    "authorize": "The mandate was authorized; it waits for confirmation.",
    "confirm": "The mandate was confirmed.",
}


def _moment(value: datetime, world: World) -> str:
    local = value.astimezone(world.tenant.timezone)
    return f"{local.day} {local:%B %Y, %H:%M %Z}"


@routes.get("/{code:[a-z0-9]{7}}")
async def short_url(request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    world = request.app[REGISTRY].by_short_code(code)
    if world is not None:
        stores = (world.paylinks.store, world.mandates.store)
        found = next((obj for store in stores if (obj := store.get_by("short_code", code))), None)
        if found is not None:
            raise web.HTTPFound(found.long_url)
    raise _not_found(f"No PayLink or mandate has the short code {code}.")


@routes.get("/pay/{customer}/{id}")
async def paylink_page(request: web.Request) -> web.Response:
    world, link = _paylink(request)
    if _is_a_visit(request) and _may_visit(world, link):
        world.paylinks.act(link.id, "visit")  # opening the page starts a transaction
        await world.tenant.clock.settle()
    return _paylink_view(world, link, notice=DONE.get(request.query.get("done", "")))


@routes.post("/pay/{customer}/{id}")
async def paylink_act(request: web.Request) -> web.Response:
    world, link = _paylink(request)
    try:
        form = await form_of(request)
        action = form.get("action", "")
        if action not in PAYLINK_ACTS:
            raise BadInput(f"Action: expected one of {', '.join(PAYLINK_ACTS)}, got {action!r}.")
        amount = _amount(str(form.get("amount", "")).strip(), link) if action == "pay" else "full"
        world.paylinks.act(link.id, action, amount=amount)
    except MockError as error:
        return _paylink_view(world, link, error=error.message, status=error.http_status)
    await world.tenant.clock.settle()
    raise web.HTTPSeeOther(f"{request.path}?done={action}")


@routes.get("/mandate/{customer}/{id}")
async def mandate_page(request: web.Request) -> web.Response:
    world, mandate = _mandate(request)
    return _mandate_view(world, mandate, notice=DONE.get(request.query.get("done", "")))


@routes.post("/mandate/{customer}/{id}")
async def mandate_act(request: web.Request) -> web.Response:
    world, mandate = _mandate(request)
    try:
        action = (await form_of(request)).get("action", "")
        if action not in MANDATE_ACTS:
            raise BadInput(f"Action: expected one of {', '.join(MANDATE_ACTS)}, got {action!r}.")
        world.mandates.act(mandate.id, action)
    except MockError as error:
        return _mandate_view(world, mandate, error=error.message, status=error.http_status)
    await world.tenant.clock.settle()
    raise web.HTTPSeeOther(f"{request.path}?done={action}")


def _world(request: web.Request) -> World:
    world = request.app[REGISTRY].by_customer(request.match_info["customer"])
    if world is not None:
        return world
    raise _not_found("No such page: the link may be mistyped or belong to another sandbox.")


def _paylink(request: web.Request) -> tuple[World, PayLink]:
    world = _world(request)
    try:
        return world, world.paylinks.get(request.match_info["id"])
    except NotFound:
        raise _not_found("No such PayLink: the link may be mistyped or belong to another sandbox.") from None


def _mandate(request: web.Request) -> tuple[World, Mandate]:
    world = _world(request)
    try:
        return world, world.mandates.get(request.match_info["id"])
    except NotFound:
        raise _not_found("No such mandate: the link may be mistyped or belong to another sandbox.") from None


def _is_a_visit(request: web.Request) -> bool:
    """A person opening the page. aiohttp answers HEAD with the GET handler; a HEAD (`curl -I`, a
    chat app's link preview) only asks for the headers, and coming back after a button is no new visit."""
    return request.method == "GET" and "done" not in request.query


def _may_visit(world: World, link: PayLink) -> bool:
    """A page view starts a transaction unless one is open, or the status or date forbids it."""
    if link.status == PayLinkStatus.started or link.expired:
        return False
    try:
        link.check("visit", world.tenant.clock.now())
    except InvalidTransition:
        return False
    return True


def _amount(text: str, link: PayLink) -> str | int:
    """The 'Pay part' field, in the PayLink's currency ('12,50' or '12.50'); empty means everything
    that is open."""
    if not text:
        return "full"
    if not AMOUNT.fullmatch(text):
        expected = f"expected an amount in {link.invoice_currency} such as 12,50"
        raise BadInput(f"Amount: {expected}, got {text!r}.", field="amount")
    cents = int(Decimal(text.replace(",", ".")) * 100)
    if link.outstanding > 0 and not 0 < cents <= link.outstanding:
        currency = link.invoice_currency
        raise BadInput(
            f"Amount: expected at least {format_money(1, currency)} and at most the open "
            f"{format_money(link.outstanding, currency)}, got {format_money(cents, currency)}.",
            field="amount",
        )
    return cents


def _paylink_view(world: World, link: PayLink, status: int = 200, **messages: str | None) -> web.Response:
    now = world.tenant.clock.now()
    payable = link.status == PayLinkStatus.started and now < link.visible_until
    return page(
        "paylink.html",
        status,
        link=link,
        customer=world.tenant.customer,
        payable=payable,
        expired=link.expired or now >= link.visible_until,
        visible_until=_moment(link.visible_until, world),
        now=_moment(now, world),
        **messages,
    )


def _mandate_view(world: World, mandate: Mandate, status: int = 200, **messages: str | None) -> web.Response:
    return page(
        "mandate.html", status, mandate=mandate, now=_moment(world.tenant.clock.now(), world), **messages
    )


def _not_found(message: str) -> web.HTTPNotFound:
    """Raised, so the JSON error middleware lets the HTML page through untouched."""
    html = environment.get_template("not_found.html").render(message=message, notice=None, error=None)
    return web.HTTPNotFound(text=html, content_type="text/html")
