"""What every landing page shares: the stylesheet, short URLs, finding the tenant of a page, the
not-found page, and moments written as a person reads them."""

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from aiohttp import web

from ...control.common import REGISTRY
from ...core.store import IndexedStore
from ...world import World
from ..templates import environment

T = TypeVar("T")


async def short_url(request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    world = request.app[REGISTRY].by_short_code(code)
    if world is not None:
        stores = (world.paylinks.store, world.mandates.store)
        found = next((obj for store in stores if (obj := store.get_by("short_code", code))), None)
        if found is not None:
            raise web.HTTPFound(found.long_url)
    raise not_found(f"No PayLink or mandate has the short code {code}.")


def world_of_page(request: web.Request) -> World:
    """The tenant whose customer number the page's address carries."""
    world = request.app[REGISTRY].by_customer(request.match_info["customer"])
    if world is not None:
        return world
    raise not_found("No such page: the link may be mistyped or belong to another sandbox.")


def page_object(
    request: web.Request, store: Callable[[World], IndexedStore[T]], kind: str
) -> tuple[World, T]:
    """The tenant of the page's address, and its PayLink or mandate (`kind`) the address names."""
    world = world_of_page(request)
    found = store(world).get(request.match_info["id"])
    if found is None:
        raise not_found(f"No such {kind}: the link may be mistyped or belong to another sandbox.")
    return world, found


def not_found(message: str) -> web.HTTPNotFound:
    """Raised, so the JSON error middleware lets the HTML page through untouched."""
    html = environment.get_template("not_found.html").render(message=message, notice=None, errors=[])
    return web.HTTPNotFound(text=html, content_type="text/html")


def moment(value: datetime, world: World) -> str:
    """'12 June 2024, 10:00 CEST': in the tenant's time zone, as its payers read the time."""
    local = value.astimezone(world.tenant.timezone)
    return f"{local.day} {local:%B %Y, %H:%M %Z}"
