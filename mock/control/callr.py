"""Control API, CALLR: play a person texting one of the tenant's CALLR numbers (an inbound SMS,
pushed to its `sms.mo` webhooks)."""

from typing import Annotated

from aiohttp import web
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..core.errors import BadInput, NotFound, parse_input
from ..core.values import normalise_phone
from .common import body_of, world_of

routes = web.RouteTableDef()


class InboundSms(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    from_: Annotated[str, AfterValidator(normalise_phone)] = Field(alias="from", description="E.164")
    to: str = Field(description="one of the tenant's CALLR numbers")
    text: str = Field(min_length=1)


@routes.post("/_mock/callr/sms/mo")
async def sms_mo(request: web.Request) -> web.Response:
    world = world_of(request)
    if world.callr is None:
        raise NotFound("callr: this tenant has no CALLR account; give it a callr section in its scenario")
    given = parse_input(InboundSms, await body_of(request), root="")
    if given.to not in world.callr.spec.numbers:
        numbers = ", ".join(world.callr.spec.numbers)
        raise BadInput.expected("to", f"one of the tenant's CALLR numbers ({numbers})", given.to)
    sms = world.callr.sms.receive(given.from_, given.to, given.text)
    await world.tenant.clock.settle()
    return web.json_response(sms.as_json())
