"""Control API, voice: play a person calling in, and list a tenant's calls."""

from datetime import datetime
from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..core.errors import parse_input
from ..core.values import format_datetime, normalise_phone
from ..voice.calls import ANONYMOUS
from ..voice.flow import DTMF_KEYS
from ..voice.service import Call, VoiceService
from .common import PageQuery, body_of, page, query_of, world_of

routes = web.RouteTableDef()


def _dtmf(keys: str) -> str:
    if not set(keys) <= DTMF_KEYS:
        raise ValueError("expected DTMF digits 0-9, * and #")
    return keys


def _caller(number: str) -> str:
    # Checked here as well as by the voice service, so that it is answered with the other fields'.
    if number != ANONYMOUS:
        try:
            normalise_phone(number)
        except ValueError as error:
            raise ValueError(f'{error} or "{ANONYMOUS}"') from None
    return number


class InboundCall(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    from_: Annotated[str, AfterValidator(_caller)] = Field(
        alias="from", description='the caller\'s number, E.164, or "anonymous"'
    )
    to: str = Field(description="the local number of one of the tenant's voice scripts")
    keys: list[Annotated[str, AfterValidator(_dtmf)]] = Field(
        default_factory=list, description="keys pressed, one entry per menu: DTMF digits 0-9, * and #"
    )
    answer: Literal["human", "machine"] = "human"


@routes.post("/_mock/voice/inbound")
async def inbound_call(request: web.Request) -> web.Response:
    voice = _voice(request)
    given = parse_input(InboundCall, await body_of(request), root="")
    call = voice.inbound(given.from_, given.to, keys=given.keys, answer=given.answer)
    await voice.tenant.clock.settle()
    return web.json_response(call_json(call, voice.tenant.clock.now()))


class CallsQuery(PageQuery):
    reference: str | None = None
    script: str | None = None


@routes.get("/_mock/voice/calls")
async def calls(request: web.Request) -> web.Response:
    query, voice = query_of(request, CallsQuery), _voice(request)
    shown, paging = page(voice.search(reference=query.reference, script=query.script), query)
    now = voice.tenant.clock.now()
    return web.json_response({"calls": [call_json(call, now) for call in shown], **paging})


def call_json(call: Call, now: datetime) -> dict[str, Any]:
    """A call as it stands at `now`: answeredOn once the callee has picked up (the call is
    'active'), and the flow's events that have happened so far."""
    status = call.status_at(now)
    answered = call.answered_on is not None and status != "ringing"
    return {
        "id": call.id,
        "script": call.script_id,
        "job": call.job_id,
        "reference": call.reference,
        "direction": call.direction,
        "attempt": call.attempt,
        "status": status,
        "localNumber": call.local_number,
        "remoteNumber": call.remote_number,
        "createdOn": format_datetime(call.created_on),
        "updatedOn": format_datetime(call.updated_on),
        "endsOn": format_datetime(call.ended_on),
        "answeredOn": format_datetime(call.answered_on) if answered else None,
        "events": call.events_until(now),
    }


def _voice(request: web.Request) -> VoiceService:
    return world_of(request).voice
