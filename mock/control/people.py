"""Control API: play the simulated person. Visit, pay, cancel, fail a PayLink; authorize and
confirm a mandate, through the same state machines the rules use. Each answer comes after the
webhooks the act caused have had their first attempt."""

from aiohttp import web
from pydantic import Field

from ..core.errors import parse_input
from ..core.values import PaymentAmount
from ..faces.callr import magic_table as callr_magic_table
from ..faces.ccai import people as ccai_people
from ..messaging.model import MESSAGE_OUTCOMES
from ..scenario.rules import builtin_rules
from ..voice.callees import magic_table
from ..webhooks.formats import events_table
from .common import ControlRequest, as_json, body_of, world_of

routes = web.RouteTableDef()


class PersonAct(ControlRequest):
    amount: PaymentAmount = Field(default="full", description="pay: full, half or cents")
    method: str = Field(default="ideal", description="visit and pay: the payment method")


@routes.post(r"/_mock/paylinks/{id}/{act:visit|pay|cancel|fail|expire}")
async def act_on_paylink(request: web.Request) -> web.Response:
    world = world_of(request)
    act = parse_input(PersonAct, await body_of(request), root="")
    link = world.paylinks.act(request.match_info["id"], request.match_info["act"], **act.model_dump())
    await world.tenant.clock.settle()
    return web.json_response(as_json(link))


@routes.post(r"/_mock/mandates/{id}/{act:authorize|confirm}")
async def act_on_mandate(request: web.Request) -> web.Response:
    world = world_of(request)
    mandate = world.mandates.act(request.match_info["id"], request.match_info["act"])
    await world.tenant.clock.settle()
    return web.json_response(as_json(mandate))


@routes.get("/_mock/magic")
async def magic(_: web.Request) -> web.Response:
    """The built-in rules, so documentation and clients cannot drift from the code."""
    rules = [rule.model_dump(mode="json", by_alias=True, exclude_defaults=True) for rule in builtin_rules()]
    return web.json_response(
        {
            "rules": rules,
            "voice": magic_table(),
            "messages": MESSAGE_OUTCOMES,
            "webhooks": events_table(),
            "ccai": ccai_people.magic_table(),
            "callr": callr_magic_table(),
        }
    )
