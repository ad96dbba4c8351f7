"""The contact centre of one tenant: CCAI calls made through the Call API or handed over by a
reminder call's Forward node, moving through their statuses on the tenant's clock.

Each status change is a clock action (`ccai.step`) with a JSON payload, so snapshots carry calls
in progress; each one is published as a CcaiCallStatusChanged domain event."""

import random
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from ...core.errors import NotFound
from ...core.events import DomainEvent
from ...core.tenant import Tenant
from ...scenario.ccai import CcaiSpec, same_number
from . import checks
from .checks import INBOUND, OUTBOUND, SCHEDULED, CallRequest
from .model import CcaiCall, EndUser, Participant
from .people import end_user_for

STEP_ACTION = "ccai.step"
ASSIGN_DELAY = timedelta(milliseconds=35)  # an outbound call's agent is assigned at once (documented times)
AGENT_PICKS_UP = timedelta(seconds=20)  # an inbound call waits this long for its agent
NO_AGENT_WAIT = timedelta(minutes=10)  # then the queue overflows and the call is deflected
LEAVES_QUEUE = timedelta(seconds=15)  # an end user who hangs up in the queue does it after this
DIALLING = timedelta(seconds=1)
RINGING = {"answers": timedelta(seconds=7), "busy": timedelta(seconds=5), "no_answer": timedelta(seconds=30)}
FAIL_REASONS = {"busy": "busy", "no_answer": "no_answer", "hangs_up": "end_user_hangup"}
FLAGS = ("verified_customer", "bad_actor", "repeat_customer")


class CcaiState(BaseModel):
    """Calls, end users met so far and the next ids; the clock's state carries the steps to come."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    calls: list[CcaiCall]
    end_users: dict[str, EndUser]
    next_ids: dict[str, int]


class CcaiService:
    def __init__(self, tenant: Tenant, spec: CcaiSpec, seed: int) -> None:
        self.tenant, self.spec = tenant, spec
        self.calls: dict[int, CcaiCall] = {}
        self.end_users: dict[str, EndUser] = {}
        # Integer ids as the Call API has them, counting up from where the tenant's seed says:
        # a generator of their own, so the platform's ids stay what they were without the face.
        rng = random.Random(f"{seed}:ccai")
        first_end_user = max((c.id for c in spec.contacts), default=0) + rng.randint(1, 50)
        self.next_ids = {"call": rng.randint(100, 999), "participant": rng.randint(100, 999)}
        self.next_ids["end_user"] = first_end_user
        tenant.clock.on(STEP_ACTION, self._step)
        if spec.forward_menu is not None:
            tenant.events.subscribe(self._on_event, ("VoiceCallCompleted",))

    # -- the Call API ---------------------------------------------------------------------

    def create(self, body: Any) -> CcaiCall:
        """A call from a POST /calls body; raises CallApiError or AgentMustChoose, storing nothing."""
        call_type = checks.call_type_of(body, self.spec)
        if call_type == OUTBOUND:
            wanted = checks.outbound(body, self.spec)
        else:
            wanted = checks.queued(body, self.spec, call_type, self.tenant.clock.now(), self.calls.get)
        return self._create(wanted)

    def get(self, call_id: str) -> CcaiCall:
        number = checks.integer_id(call_id)
        call = self.calls.get(number) if number is not None else None
        if call is None:
            raise NotFound(f"Call {call_id} is not found")
        return call

    def cancel(self, call_id: str) -> CcaiCall:
        """A scheduled call that has not started yet never does."""
        call = self.get(call_id)
        if call.status != "scheduled":
            raise checks.CallApiError(
                f"Only scheduled calls can be canceled; call {call.id} is {call.status}"
            )
        self._set_status(call, "canceled")
        call.ends_at = self.tenant.clock.now()
        return call

    def flag(self, call_id: str, changes: Any) -> dict[str, bool]:
        """Sets the customer flags given (the documented body spells one `repeat_customers`)."""
        call = self.get(call_id)
        if not isinstance(changes, dict):
            raise checks.CallApiError("Request body must be a JSON object")
        wanted = {("repeat_customer" if k == "repeat_customers" else k): v for k, v in changes.items()}
        for name in FLAGS:
            if name in wanted and not isinstance(wanted[name], bool):
                raise checks.CallApiError(f"{name} must be a boolean")
        call.flags.update({name: wanted[name] for name in FLAGS if name in wanted})
        return dict(call.flags)

    # -- making calls ---------------------------------------------------------------------

    def _create(self, wanted: CallRequest, reference: str | None = None) -> CcaiCall:
        now = self.tenant.clock.now()
        call = CcaiCall(
            id=self._next("call"),
            call_type=wanted.call_type,
            status="created",
            lang=wanted.lang,
            created_at=now,
            end_user_number=wanted.end_user_number,
            outbound_number=wanted.outbound_number or self.spec.default_outbound_number,
            parent_id=wanted.parent.id if wanted.parent else None,
            menu=wanted.menu,
            out_ticket_id=wanted.ticket_id or reference,
            recording_permission=wanted.recording_permission,
            scheduled_at=wanted.scheduled_at,
        )
        # An outbound call by number shows no end user, as documented; a ticket names its contact.
        if wanted.call_type != OUTBOUND or wanted.ticket_id is not None:
            call.end_user = self._end_user(wanted)
        self.calls[call.id] = call
        self._add_participant(call, "end_user")
        if wanted.call_type == OUTBOUND:
            self._assign(call, wanted.agent, now + ASSIGN_DELAY)
            self._set_status(call, "assigned")
            self._schedule(call, DIALLING, "connecting")
        elif wanted.call_type == SCHEDULED:
            self._set_status(call, "scheduled")
            self.tenant.clock.schedule(wanted.scheduled_at, STEP_ACTION, call_id=call.id, to="queued")
        else:
            self._step(call.id, "queued")
        return call

    def _end_user(self, wanted: CallRequest) -> EndUser:
        if wanted.contact is not None:
            contact = wanted.contact
            return EndUser(contact.id, out_contact_id=contact.out_contact_id)
        number = wanted.end_user_number
        if number not in self.end_users:
            self.end_users[number] = EndUser(self._next("end_user"))
        return self.end_users[number]

    def _on_event(self, event: DomainEvent) -> None:
        """A reminder call that reached a Forward node is handed to the contact centre: an inbound
        call on the scenario's forward menu, the record's reference as the agent's ticket."""
        if not _forwarded(event.data):
            return
        menu = next(m for m in self.spec.menus if m.id == self.spec.forward_menu)
        number = "+" + str(event.data["remoteNumber"])
        contact = next((c for c in self.spec.contacts if same_number(c.number, number)), None)
        wanted = CallRequest(INBOUND, menu.languages[0], number, menu=menu, contact=contact)
        self._create(wanted, reference=event.reference or None)

    # -- the timeline ---------------------------------------------------------------------

    def _step(self, call_id: int, to: str) -> None:
        call = self.calls.get(call_id)
        if call is None or call.ended:
            return  # canceled meanwhile
        now = self.tenant.clock.now()
        behaviour = end_user_for(self.spec, call.end_user_number)
        match to:
            case "queued":
                call.queued_at = now
                agent = next((a for a in self.spec.agents if a.available), None)
                if behaviour.answer == "hangs_up":
                    self._schedule(call, LEAVES_QUEUE, "failed")
                elif agent is None:
                    self._schedule(call, NO_AGENT_WAIT, "deflected")
                else:
                    self._schedule(call, AGENT_PICKS_UP, "assigned")
            case "assigned":
                self._assign(call, next(a for a in self.spec.agents if a.available), now)
                self._schedule(call, DIALLING, "connecting")
            case "connecting":
                answers = call.call_type != OUTBOUND or behaviour.answer == "answers"
                ringing = RINGING.get(behaviour.answer, RINGING["answers"])
                self._schedule(call, ringing, "connected" if answers else "failed")
            case "connected":
                call.connected_at = now
                for participant in call.participants:
                    participant.status, participant.connected_at = "connected", now
                self._schedule(call, behaviour.talk, "finished")
            case "finished":
                call.hold_seconds = int(behaviour.hold.total_seconds())
                self._end(call, "finished", now)
            case _:  # failed or deflected
                call.fail_reason = (
                    FAIL_REASONS.get(behaviour.answer, "nothing") if to == "failed" else "nothing"
                )
                self._end(call, to, now)
        self._set_status(call, to)

    def _end(self, call: CcaiCall, status: str, now: datetime) -> None:
        call.ends_at = now
        for participant in call.participants:
            participant.status, participant.ended_at = status, now
            participant.fail_reason = call.fail_reason
            if participant.connected_at is not None:
                participant.call_duration = int((now - participant.connected_at).total_seconds())
                participant.hold_duration = call.hold_seconds

    def _assign(self, call: CcaiCall, agent, moment: datetime) -> None:
        call.agent, call.assigned_at = agent, moment
        self._add_participant(call, "agent")

    def _add_participant(self, call: CcaiCall, kind: str) -> None:
        participant = Participant(self._next("participant"), kind, "waiting", call.id)
        if kind == "agent":
            participant.user_id = call.agent.id
            call.participants.insert(0, participant)  # the agent first, as the examples list them
        else:
            participant.end_user_id = call.end_user.id if call.end_user else None
            call.participants.append(participant)

    def _schedule(self, call: CcaiCall, delay: timedelta, to: str) -> None:
        self.tenant.clock.schedule_in(delay, STEP_ACTION, call_id=call.id, to=to)

    def _set_status(self, call: CcaiCall, status: str) -> None:
        call.status = status
        self.tenant.emit(
            "CcaiCallStatusChanged", "ccai", str(call.id), call.out_ticket_id or "", {"status": status}
        )

    def _next(self, kind: str) -> int:
        self.next_ids[kind] += 1
        return self.next_ids[kind] - 1

    # -- snapshot -------------------------------------------------------------------------

    def state(self) -> CcaiState:
        return CcaiState(calls=list(self.calls.values()), end_users=self.end_users, next_ids=self.next_ids)

    def restore(self, state: CcaiState) -> None:
        """After the clock's own restore, which brings back the steps still to come."""
        self.calls = {call.id: call for call in state.calls}
        self.end_users = dict(state.end_users)
        self.next_ids = dict(state.next_ids)


def _forwarded(data: dict[str, Any]) -> bool:
    return any(
        e.get("nodeType") == "Forward" and e.get("type") == "NodeResult" for e in data.get("events", [])
    )
