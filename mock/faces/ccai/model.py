"""A CCAI call as data, and as the Call API shows it: every field of the documented call object,
unset ones null, timestamps to the millisecond with a Z."""

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ...scenario.ccai import AgentSpec, MenuSpec

# The call types the deprecated names stand for.
CALL_TYPE_NAMES = {
    "OutboundCall": "Voice Outbound (API)",
    "IncomingCall": "Voice Inbound (API)",
    "ScheduledCall": "Voice Scheduled (API)",
}
MENU_TYPES = {"ivr": "ivr_menu", "mobile": "mobile_menu", "web": "web_menu", "chat": "chat_menu"}
ENDED = frozenset({"finished", "failed", "deflected", "canceled"})


@dataclass
class Participant:
    """Fields in the order of the documented participant, which is how the API lists them."""

    id: int
    type: str  # agent or end_user
    status: str
    call_id: int
    user_id: int | None = None
    end_user_id: int | None = None
    call_duration: int | None = None
    hold_duration: int | None = None
    connected_at: datetime | None = None
    ended_at: datetime | None = None
    fail_reason: str = "nothing"


@dataclass
class EndUser:
    id: int
    out_contact_id: str | None = None
    identifier: str | None = None


@dataclass
class CcaiCall:
    id: int
    call_type: str
    status: str
    lang: str
    created_at: datetime
    end_user_number: str
    outbound_number: str
    parent_id: int | None = None
    agent: AgentSpec | None = None
    menu: MenuSpec | None = None
    end_user: EndUser | None = None
    out_ticket_id: str | None = None
    recording_permission: str = "not_asked"
    queued_at: datetime | None = None
    assigned_at: datetime | None = None
    connected_at: datetime | None = None
    ends_at: datetime | None = None
    scheduled_at: datetime | None = None
    hold_seconds: int = 0
    fail_reason: str = "nothing"
    participants: list[Participant] = field(default_factory=list)
    flags: dict[str, bool] = field(
        default_factory=lambda: {"verified_customer": False, "bad_actor": False, "repeat_customer": False}
    )

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    def participant(self, kind: str) -> Participant | None:
        return next((p for p in self.participants if p.type == kind), None)


def timestamp(moment: datetime | None) -> str | None:
    """'2019-06-07T01:27:30.406Z', as the Call API writes every time."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _seconds(start: datetime | None, end: datetime | None) -> int:
    return int((end - start).total_seconds()) if start and end else 0


def call_json(call: CcaiCall) -> dict[str, Any]:
    """The call object, keys in the order of the documented examples."""
    waited_until = call.assigned_at or call.ends_at
    return {
        "id": call.id,
        "parent_id": call.parent_id,
        "lang": call.lang,
        "call_type": call.call_type,
        "status": call.status,
        "created_at": timestamp(call.created_at),
        "queued_at": timestamp(call.queued_at),
        "assigned_at": timestamp(call.assigned_at),
        "connected_at": timestamp(call.connected_at),
        "ends_at": timestamp(call.ends_at),
        "scheduled_at": timestamp(call.scheduled_at),
        "wait_duration": _seconds(call.queued_at, waited_until),
        "call_duration": _seconds(call.connected_at, call.ends_at),
        "hold_duration": call.hold_seconds,
        "rating": None,
        "has_feedback": False,
        "voip_provider": "voip_provider_twilio",
        "out_ticket_id": call.out_ticket_id,
        "out_ticket_url": None,
        "verified": call.flags["verified_customer"],
        "recording_url": None,
        "recording_permission": call.recording_permission,
        "voicemail_reason": "not_voicemail",
        "deflection": "no_deflection" if call.status != "deflected" else "queue_overflow",
        "disconnected_by": "disconnected_by_unknown",
        "fail_reason": call.fail_reason,
        "fail_details": None,
        "support_number": None,
        "selected_menu": _menu_json(call.menu),
        "menu_path": _menu_path_json(call.menu),
        "agent_info": _agent_json(call.agent),
        "end_user": _end_user_json(call.end_user),
        "photos": [],
        "videos": [],
        "transfers": [],
        "deflection_details": [],
        "participants": [_participant_json(p) for p in call.participants],
        # A call for a menu is offered to its agents in a cascade; an outbound one has its agent.
        "offer_type": "cascade" if call.menu else None,
        "offer_events": [_offer(call)] if call.menu else [],
        "answer_type": "manual",
        "outbound_number": call.outbound_number,
    }


def _offer(call: CcaiCall) -> dict[str, Any]:
    return {"casting_time": timestamp(call.queued_at or call.created_at), "group": "Group 1"}


def _menu_json(menu: MenuSpec | None) -> dict[str, Any] | None:
    if menu is None:
        return None
    return {
        "id": menu.id,
        "name": menu.name,
        "parent_id": menu.parent_id,
        "position": menu.position,
        "deleted": False,
        "menu_type": MENU_TYPES[menu.type],
        "output_msg": menu.output_msg,
        "hidden": False,
    }


def _menu_path_json(menu: MenuSpec | None) -> dict[str, Any] | None:
    if menu is None:
        return None
    path = [menu.parent_id, menu.id] if menu.parent_id else [menu.id]
    return {"items_count": len(path), "name": menu.name, "materialized_path": "/".join(map(str, path))}


def _agent_json(agent: AgentSpec | None) -> dict[str, Any] | None:
    if agent is None:
        return None
    return {
        "id": agent.id,
        "agent_number": agent.agent_number,
        "name": f"{agent.first_name} {agent.last_name}",
        "last_name": agent.last_name,
        "first_name": agent.first_name,
        "avatar_url": agent.avatar_url,
    }


def _end_user_json(end_user: EndUser | None) -> dict[str, Any] | None:
    if end_user is None:
        return None
    return {"id": end_user.id, "identifier": end_user.identifier, "out_contact_id": end_user.out_contact_id}


def _participant_json(participant: Participant) -> dict[str, Any]:
    return {
        name: timestamp(value) if isinstance(value, datetime) else value
        for name, value in asdict(participant).items()
    }
