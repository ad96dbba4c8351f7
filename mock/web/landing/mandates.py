"""The mandate page: the debtor authorizes, then confirms."""

from aiohttp import web

from ...bodies import form_of
from ...core.errors import BadInput, MockError
from ...mandates.model import Mandate
from ...world import World
from ..templates import page
from .common import moment, page_object

ACTS = ("authorize", "confirm")
DONE = {
    "authorize": "The mandate was authorized; it waits for confirmation.",
    "confirm": "The mandate was confirmed.",
}


async def mandate_page(request: web.Request) -> web.Response:
    world, mandate = _mandate(request)
    return _view(world, mandate, notice=DONE.get(request.query.get("done", "")))


async def mandate_act(request: web.Request) -> web.Response:
    world, mandate = _mandate(request)
    try:
        action = (await form_of(request)).get("action", "")
        if action not in ACTS:
            raise BadInput(f"Action: expected one of {', '.join(ACTS)}, got {action!r}.")
        world.mandates.act(mandate.id, action)
    except MockError as error:
        return _view(world, mandate, status=error.http_status, errors=[p.message for p in error.problems])
    await world.tenant.clock.settle()
    raise web.HTTPSeeOther(f"{request.path}?done={action}")


def _mandate(request: web.Request) -> tuple[World, Mandate]:
    return page_object(request, lambda world: world.mandates.store, "mandate")


def _view(world: World, mandate: Mandate, status: int = 200, **messages: object) -> web.Response:
    now = moment(world.tenant.clock.now(), world)
    return page("mandate.html", status, mandate=mandate, now=now, **messages)
