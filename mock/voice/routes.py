"""The control API's voice part: play a person calling in, and list a tenant's calls."""

from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from ..core.errors import BadInput, parse_input
from ..core.values import format_datetime
from ..registry import world_of
from .calls import Call
from .service import VoiceService

routes = web.RouteTableDef()


class InboundCall(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: str = Field(alias="from", description='the caller\'s number, E.164, or "anonymous"')
    to: str = Field(description="the local number of one of the tenant's voice scripts")
    keys: list[str] = Field(default_factory=list, description="keys pressed, one entry per menu")
    answer: Literal["human", "machine"] = "human"


@routes.post("/_mock/voice/inbound")
async def inbound_call(request: web.Request) -> web.Response:
    voice = _voice(request)
    raw = await request.read()
    try:
        body = await request.json() if raw.strip() else {}
    except ValueError:
        raise BadInput("request body: expected a JSON object") from None
    given = parse_input(InboundCall, body, root="")
    try:
        call = voice.inbound(given.from_, given.to, keys=given.keys, answer=given.answer)
    except ValueError as error:  # the callee refused the keys
        raise BadInput(str(error), field=str(error).split(":")[0]) from None
    await voice.tenant.clock.settle()
    return web.json_response(call_json(call))


@routes.get("/_mock/voice/calls")
async def calls(request: web.Request) -> web.Response:
    query = request.query
    found = _voice(request).search(reference=query.get("reference"), script=query.get("script"))
    return web.json_response({"calls": [call_json(call) for call in found]})


def call_json(call: Call) -> dict[str, Any]:
    """A call as it stands: answeredOn and events are shown once the call has ended."""
    shown: dict[str, Any] = {
        "id": call.id,
        "script": call.script_id,
        "job": call.job_id,
        "reference": call.reference,
        "direction": call.direction,
        "attempt": call.attempt,
        "status": call.status,
        "localNumber": call.local_number,
        "remoteNumber": call.remote_number,
        "createdOn": format_datetime(call.created_on),
        "updatedOn": format_datetime(call.updated_on),
        "endsOn": format_datetime(call.ended_on),
        "answeredOn": None,
        "events": [],
    }
    if call.completed:
        shown["answeredOn"] = format_datetime(call.answered_on) if call.answered_on else None
        shown["events"] = call.events
    return shown


def _voice(request: web.Request) -> VoiceService:
    return world_of(request).voice
