"""Control API: the tenant's clock. Read it, move it on (running what falls due), change its mode."""

from datetime import timedelta
from typing import Annotated, Any

from aiohttp import web
from pydantic import AwareDatetime, BeforeValidator

from ..core.clock import Clock, Scheduled
from ..core.errors import BadInput, parse_input
from ..core.values import Duration, format_instant
from ..world import World
from .common import ControlRequest, body_of, world_of

routes = web.RouteTableDef()

FORMS = ("by", "to", "next", "idle")  # the ways to move the clock: exactly one per request
EXPECTED_FORM = (
    "expected exactly one of 'by' (a duration such as PT1H), 'to' (an RFC 3339 moment), "
    "'next' (true) or 'idle' (true, with an optional 'within')"
)
DEFAULT_IDLE_WITHIN = timedelta(days=30)  # 'idle' without 'within': a month, the longest retries and more
SHOWN_ACTIONS = 100  # an answer lists the first of what ran, so a year's advance stays small


def _true(value: Any) -> Any:
    if value is not True:  # not pydantic's lax bool, which reads "yes" or 1 as true
        raise ValueError("expected true, or leave the field out")
    return value


OnlyTrue = Annotated[bool, BeforeValidator(_true)]


class AdvanceRequest(ControlRequest):
    by: Duration | None = None
    to: AwareDatetime | None = None
    next: OnlyTrue | None = None
    idle: OnlyTrue | None = None
    within: Duration | None = None

    def form(self) -> str:
        """The one form of move asked for; none, several, or 'within' without 'idle' is refused,
        naming the field too many."""
        given = [name for name in FORMS if getattr(self, name) is not None]
        if len(given) > 1:
            raise BadInput(f"{given[1]}: {EXPECTED_FORM}, got {' and '.join(given)}", field=given[1])
        if self.within is not None and given != ["idle"]:
            raise BadInput("within: expected only with 'idle': true", field="within")
        if not given:
            raise BadInput(f"advance: {EXPECTED_FORM}, got none of them")
        return given[0]

    async def run(self, clock: Clock) -> list[Scheduled]:
        """Moves the clock as asked; what ran, in order."""
        form = self.form()
        if form == "next":
            return await clock.advance_to_next()
        if form == "idle":
            return await clock.run_until_idle(DEFAULT_IDLE_WITHIN if self.within is None else self.within)
        return await clock.advance(by=self.by, to=self.to)


class ModeRequest(ControlRequest):
    mode: str


@routes.get("/_mock/clock")
async def clock(request: web.Request) -> web.Response:
    return web.json_response(clock_state(world_of(request)))


@routes.post("/_mock/clock/advance")
async def advance(request: web.Request) -> web.Response:
    world = world_of(request)
    move = parse_input(AdvanceRequest, await body_of(request), root="")
    ran = await move.run(world.tenant.clock)
    return web.json_response({**clock_state(world), **ran_json(ran)})


@routes.post("/_mock/clock/mode")
async def mode(request: web.Request) -> web.Response:
    world = world_of(request)
    wanted = parse_input(ModeRequest, await body_of(request), root="")
    await switch_mode(world, wanted.mode)
    return web.json_response(clock_state(world))


async def switch_mode(world: World, mode: str) -> None:
    """The control API's and the dashboard's mode switch."""
    world.tenant.clock.set_mode(mode)
    await world.tenant.clock.catch_up()  # a clock that now follows the wall clock answers its time


def clock_state(world: World) -> dict[str, Any]:
    """The clock as a client steps it: moments to the microsecond, so `nextDue` can be handed
    back as `to`; read from the heap's top, so a step costs no sort of the schedule."""
    clock = world.tenant.clock
    next_due = clock.next_due
    return {
        "customer": world.tenant.customer,
        "now": format_instant(clock.now()),
        "mode": clock.mode,
        "pending": clock.pending_count,
        "nextDue": format_instant(next_due) if next_due is not None else None,
    }


def ran_json(ran: list[Scheduled]) -> dict[str, Any]:
    """How many actions ran, and the first SHOWN_ACTIONS of them: when each was due and what it was."""
    shown = [{"due": format_instant(entry.due), "action": entry.action} for entry in ran[:SHOWN_ACTIONS]]
    return {"ran": len(ran), "actions": shown}
