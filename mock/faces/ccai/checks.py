"""The Call API's checks of a POST /calls body, in the order the documented errors imply, each
failing with the documented message word for word. The body is the client's raw JSON: any value
of any type may stand in any field, and every one gets an answer.

Where two documented examples send the same body and show different answers, the world decides
(an agent's availability, a menu's state): the checks read the scenario, never the example."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...core.errors import MockError
from ...scenario.ccai import (
    AgentSpec,
    CcaiSpec,
    ContactSpec,
    MenuSpec,
    iso_639_1,
    same_number,
    well_formed_number,
)
from .model import CALL_TYPE_NAMES, CcaiCall

OUTBOUND = "Voice Outbound (API)"
INBOUND = "Voice Inbound (API)"
SCHEDULED = "Voice Scheduled (API)"
RECORDING_PERMISSIONS = {
    "recording_permission_not_asked": "not_asked",
    "recording_permission_denied": "denied",
    "recording_permission_granted": "granted",
}
# Which menus take which calls, and the documented refusal (the two lists differ on purpose).
PERMITTED_MENUS = {
    INBOUND: ({"ivr", "mobile"}, "Only IVR and mobile menu IDs are permitted"),
    SCHEDULED: ({"mobile", "web"}, "Only mobile and web menu IDs are permitted"),
}
STATE_REFUSALS = {
    "manual_redirection": "Menu is in 'manual redirection' state, can't accept calls",
    "after_hours": "Menu is in 'after hours' state, can't accept incoming calls",
}


class CallApiError(MockError):
    """A refusal the Call API answers as {"message": ...}; `status` 400 unless said otherwise."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.http_status = status


class AgentMustChoose(Exception):
    """Accepted, but the agent picks the outbound number: the request comes back as it was read.
    200 when the caller named a number the agent does not have, 202 when it named none."""

    def __init__(self, echo: dict[str, Any], status: int) -> None:
        super().__init__("the agent must choose an outbound number")
        self.echo, self.status = echo, status


@dataclass(frozen=True)
class CallRequest:
    """A body that passed every check: what the new call is made of."""

    call_type: str
    lang: str
    end_user_number: str
    outbound_number: str | None = None
    agent: AgentSpec | None = None
    menu: MenuSpec | None = None
    contact: ContactSpec | None = None
    ticket_id: str | None = None
    recording_permission: str = "not_asked"
    scheduled_at: datetime | None = None
    parent: CcaiCall | None = None


def call_type_of(body: Any, spec: CcaiSpec) -> str:
    """The call type the body asks for, deprecated names read as their new ones."""
    if not isinstance(body, dict):
        raise CallApiError("Request body must be a JSON object")
    call_type = body.get("call_type")
    if not isinstance(call_type, str) or call_type not in spec.call_types:
        raise CallApiError("Invalid call type")
    return CALL_TYPE_NAMES.get(call_type, call_type)


def outbound(body: dict[str, Any], spec: CcaiSpec) -> CallRequest:
    agent = _agent(body, spec)
    outbound_number = body.get("outbound_number") or None
    several = len(agent.outbound_numbers) > 1
    if outbound_number is not None and several and outbound_number not in agent.outbound_numbers:
        raise AgentMustChoose(_echo(body), 200)
    contact, number, ticket = _end_user(body, spec, "end_user_number is not well-formed", required=None)
    if not agent.can_call:
        raise CallApiError("Agent does not have access to make calls")
    if not agent.available:
        raise CallApiError("Agent is not available to take this call")
    lang = _lang(body, None)
    if outbound_number is None and several:
        raise AgentMustChoose(_echo(body), 202)
    chosen = outbound_number if isinstance(outbound_number, str) else None
    return CallRequest(
        OUTBOUND,
        lang,
        number,
        outbound_number=chosen or next(iter(agent.outbound_numbers), spec.default_outbound_number),
        agent=agent,
        contact=contact,
        ticket_id=ticket,
    )


def queued(
    body: dict[str, Any],
    spec: CcaiSpec,
    call_type: str,
    now: datetime,
    call: Callable[[int], CcaiCall | None],
) -> CallRequest:
    """An inbound or a scheduled call: both wait in a menu's queue for an agent."""
    parent = _parent(body, call) if call_type == SCHEDULED else None
    menu = _menu(body, spec, call_type, parent)
    lang = _lang(body, menu)
    contact, number, ticket = _end_user(
        body, spec, "end_user_number is not well formed", required="end_user_number is required"
    )
    permission = body.get("recording_permission", "recording_permission_not_asked")
    if not isinstance(permission, str) or permission not in RECORDING_PERMISSIONS:
        raise CallApiError(f"recording_permission must be one of {', '.join(RECORDING_PERMISSIONS)}")
    return CallRequest(
        call_type,
        lang,
        number,
        menu=menu,
        contact=contact,
        ticket_id=ticket,
        recording_permission=RECORDING_PERMISSIONS[permission]
        if menu.ask_recording_permission
        else "not_asked",
        scheduled_at=_scheduled_at(body, now) if call_type == SCHEDULED else None,
        parent=parent,
    )


def _agent(body: dict[str, Any], spec: CcaiSpec) -> AgentSpec:
    email = body.get("agent_email")
    if email is None or email == "":
        raise CallApiError("Agent email required")
    agent = next((a for a in spec.agents if a.email == email), None)
    if agent is None:
        raise CallApiError("Not a valid agent email")
    return agent


def _end_user(
    body: dict[str, Any], spec: CcaiSpec, malformed: str, *, required: str | None
) -> tuple[ContactSpec | None, str, str | None]:
    """The contact, the number to dial and the ticket: a ticket wins over a number."""
    ticket, number = body.get("ticket_id"), body.get("end_user_number")
    if ticket not in (None, ""):
        contact = next((c for c in spec.contacts if str(ticket) in c.tickets), None)
        if contact is None or isinstance(ticket, bool | dict | list):
            raise CallApiError("Contact not found")
        return contact, contact.number, str(ticket)
    if number in (None, ""):
        raise CallApiError(required or "ticket_id or end_user_number required")
    if not isinstance(number, str) or not well_formed_number(number):
        raise CallApiError(malformed)
    return next((c for c in spec.contacts if same_number(c.number, number)), None), number, None


def _lang(body: dict[str, Any], menu: MenuSpec | None) -> str:
    lang = body.get("lang")
    if lang in (None, ""):
        lang = "en"  # the documented default
    if not isinstance(lang, str) or not iso_639_1(lang):
        raise CallApiError(f"Language '{lang}' is not found")
    if menu is not None and lang not in menu.languages:
        raise CallApiError(f"Language '{lang}' is not available")
    return lang


def _parent(body: dict[str, Any], call: Callable[[int], CcaiCall | None]) -> CcaiCall | None:
    call_id = body.get("call_id")
    if call_id is None:
        return None
    number = integer_id(call_id)
    if number is None:
        raise CallApiError("call_id is not well formed")
    parent = call(number)
    if parent is None:
        raise CallApiError(f"call_id {number} is not found")
    return parent


def _menu(body: dict[str, Any], spec: CcaiSpec, call_type: str, parent: CcaiCall | None) -> MenuSpec:
    raw = body.get("menu_id")
    if raw is None and parent is not None and parent.menu is not None:
        raw = parent.menu.id  # the parent's menu, which makes menu_id optional
    if raw is None:
        raise CallApiError("menu_id is required")
    menu_id = integer_id(raw)
    if menu_id is None:
        raise CallApiError("menu_id is not well formed")
    menu = next((m for m in spec.menus if m.id == menu_id), None)
    if menu is None:
        raise CallApiError(f"menu_id {menu_id} is not found")
    permitted, refusal = PERMITTED_MENUS[call_type]
    if menu.type not in permitted:
        raise CallApiError(refusal)
    if menu.state in STATE_REFUSALS:
        raise CallApiError(STATE_REFUSALS[menu.state])
    return menu


def _scheduled_at(body: dict[str, Any], now: datetime) -> datetime:
    raw = body.get("scheduled_at")
    if raw in (None, ""):
        raise CallApiError("scheduled_at is required")
    try:
        moment = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CallApiError("scheduled_at is not well formed: expected ISO 8601 with a time zone")
    if moment <= now:
        raise CallApiError("scheduled_at must be a time in the future")
    return moment


MAX_ID_DIGITS = 18  # ids are 64-bit; longer digit strings are no id (and too long for int())


def integer_id(value: Any) -> int | None:
    """An id as the API takes it: a JSON integer, or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


def _echo(body: dict[str, Any]) -> dict[str, Any]:
    """The request as the documented 200 shows it back: without the outbound number in question."""
    return {k: body[k] for k in ("call_type", "agent_email", "end_user_number", "lang") if k in body}
