"""Calls of voice scripts: a job is called in its script's calling window, retried until it is
answered or out of attempts, and every call that ends is reported as VoiceCallCompleted.

A call takes simulated time: it is placed at `voice.call` (the flow is walked then, the callee
decided by the number) and ends at `voice.completed`, when the event goes out and any retry is
planned. Both are clock actions with JSON payloads, so snapshots carry calls in progress."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..core.clock import Scheduled
from ..core.errors import BadInput, NotFound
from ..core.events import DomainEvent
from ..core.tenant import Tenant
from ..core.values import format_datetime, normalise_phone, parse_date
from ..core.windows import next_window_start
from ..imports.jobs import JOB_EVENTS, Jobs
from ..imports.model import Job
from ..scenario.flows import flow_of
from ..scenario.models import ScriptSpec
from .callees import callee_for
from .flow import CallContext, Callee, CallOutcome, walk

CALL_ACTION = "voice.call"
COMPLETED_ACTION = "voice.completed"
ORIGIN = "annabel"  # what the platform writes as a voice call's origin attribute
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class CallStop:
    """A stopCalling request: no call of this script and reference is made after `on`."""

    script_id: int
    reference: str
    on: datetime


@dataclass
class Call:
    """One call, outbound to a job's number or inbound to a script's local number. The flow is
    walked when the call is placed, so `answered_on`, `ended_on` and `events` are known from the
    start; `status` is 'ringing' until the call ends and then its `result`, and `status_at` says
    what an observer sees on the way."""

    id: str
    script_id: str
    job_id: str | None
    reference: str | None
    direction: str
    attempt: int
    local_number: str
    remote_number: str
    status: str
    result: str
    created_on: datetime
    updated_on: datetime
    answered_on: datetime | None
    ended_on: datetime
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def completed(self) -> bool:
        return self.status == self.result

    def status_at(self, now: datetime) -> str:
        """'ringing' until the callee picks up, 'active' from then until the call ends, then the result."""
        if self.completed:
            return self.status
        return "active" if self.answered_on is not None and now >= self.answered_on else "ringing"

    def events_until(self, now: datetime) -> list[dict[str, Any]]:
        """The flow's events that have happened by `now` (all of them once the call has ended)."""
        return [event for event in self.events if datetime.fromisoformat(event["time"]) <= now]


class VoiceState(BaseModel):
    """Calls and stop requests; the clock's state carries the calls to come."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    calls: list[Call]
    stops: list[CallStop]


class Calls:
    def __init__(self, tenant: Tenant, scripts: Iterable[ScriptSpec] = (), jobs: Jobs | None = None) -> None:
        self.tenant, self.jobs = tenant, jobs
        self.scripts = {script.id: script for script in scripts if script.medium == "voice"}
        self.calls: list[Call] = []
        self._by_id: dict[str, Call] = {}
        self.stops: list[CallStop] = []
        # Each job has at most one call waiting on the clock; kept here so that cancelling or
        # checking it never scans the clock's whole schedule (an import may bring thousands).
        self._waiting: dict[str, Scheduled] = {}
        tenant.clock.on(CALL_ACTION, self._place)
        tenant.clock.on(COMPLETED_ACTION, self._complete)
        tenant.events.subscribe(self._on_event, JOB_EVENTS)

    # -- queries --------------------------------------------------------------------------

    def search(self, *, reference: str | None = None, script: str | None = None) -> list[Call]:
        return [
            call
            for call in self.calls
            if (reference is None or call.reference == reference)
            and (script is None or call.script_id == script)
        ]

    def get(self, call_id: str) -> Call | None:
        return self._by_id.get(call_id)

    # -- outbound -------------------------------------------------------------------------

    def _on_event(self, event: DomainEvent) -> None:
        if str(event.data.get("script")) in self.scripts:
            # An updated record starts its job's calling afresh.
            self._cancel_waiting(event.service_id)
            script = self.scripts[str(event.data["script"])]
            self._call_later(script, event.service_id, 1, self.tenant.clock.now())

    def _place(self, job_id: str, attempt: int) -> None:
        self._waiting.pop(job_id, None)
        job = self.jobs.by_id.get(job_id) if self.jobs is not None else None
        numbers = [str(n) for n in job.fields.get("toPhoneNumbers") or []] if job else []
        if job is None or not numbers or job.script_id not in self.scripts:
            return
        script, remote = self.scripts[job.script_id], numbers[0]
        context = CallContext(
            outbound=True,
            attempt=attempt,
            remote_mobile=_is_mobile(remote),
            gender=_gender(job.extra.get("person_gender")),
            birthday=_birthday(job.fields.get("personBirthDay")),
            timezone=self.tenant.timezone,
        )
        self._start(script, job, "outbound", attempt, _digits(remote), callee_for(remote), context)

    def _complete(self, call_id: str) -> None:
        call = self.get(call_id)
        if call is None or call.completed:
            return
        call.status, call.updated_on = call.result, self.tenant.clock.now()
        self.tenant.emit(
            "VoiceCallCompleted", "voice", call.id, call.reference or "", _data(call), self._details(call)
        )
        if call.direction == "outbound" and call.result != "finished":
            self._retry(call)

    def _retry(self, call: Call) -> None:
        script = self.scripts.get(call.script_id)
        if script is None or call.attempt >= script.calling.max_attempts or self._stopped(call):
            return
        if call.job_id in self._waiting:
            return  # the job was updated meanwhile and calls afresh
        self._call_later(
            script, call.job_id, call.attempt + 1, self.tenant.clock.now() + script.calling.retry_interval
        )

    def _call_later(self, script: ScriptSpec, job_id: str, attempt: int, earliest: datetime) -> None:
        """The job's next call, at `earliest` or the next opening of the script's calling window."""
        due = next_window_start(earliest, script.calling.window, self.tenant.timezone)
        self._waiting[job_id] = self.tenant.clock.schedule(due, CALL_ACTION, job_id=job_id, attempt=attempt)

    def _cancel_waiting(self, job_id: str) -> int:
        waiting = self._waiting.pop(job_id, None)
        if waiting is None:
            return 0
        waiting.cancel()
        return 1

    def _stopped(self, call: Call) -> bool:
        return any(
            str(stop.script_id) == call.script_id
            and stop.reference == call.reference
            and stop.on >= call.created_on
            for stop in self.stops
        )

    def cancel_calls(self, script_id: str, reference: str) -> int:
        """Scheduled calls of the script's jobs with this reference never happen; answers how many."""
        jobs = {
            job.id for job in self._all_jobs() if job.script_id == script_id and job.reference == reference
        }
        return sum(self._cancel_waiting(job_id) for job_id in jobs)

    # -- inbound --------------------------------------------------------------------------

    def inbound(self, remote: str, local: str, *, keys: Iterable[str] = (), answer: str = "human") -> Call:
        """Someone calls a script's local number now, from a number or anonymously."""
        script = next((s for s in self.scripts.values() if s.calling.local_number == _digits(local)), None)
        if script is None:
            raise NotFound(f"to: no voice script of this tenant has the local number {local!r}", field="to")
        number = self._caller(remote)
        job = None
        if number != ANONYMOUS:
            job = next(
                (
                    j
                    for j in reversed(self._all_jobs())
                    if j.script_id == script.id and number in (j.fields.get("toPhoneNumbers") or [])
                ),
                None,
            )
        context = CallContext(
            outbound=False,
            attempt=1,
            remote_mobile=number != ANONYMOUS and _is_mobile(number),
            gender=_gender(job.extra.get("person_gender")) if job else "U",
            birthday=_birthday(job.fields.get("personBirthDay")) if job else None,
            timezone=self.tenant.timezone,
        )
        callee = Callee(answer=answer, keys=tuple(keys))
        return self._start(script, job, "inbound", 1, _digits(number), callee, context)

    @staticmethod
    def _caller(remote: str) -> str:
        if remote == ANONYMOUS:
            return remote
        try:
            return normalise_phone(remote)
        except ValueError as error:
            raise BadInput.expected("from", f'{error} or "anonymous"', remote) from None

    # -- shared ---------------------------------------------------------------------------

    def _start(
        self,
        script: ScriptSpec,
        job: Job | None,
        direction: str,
        attempt: int,
        remote: str,
        callee: Callee,
        context: CallContext,
    ) -> Call:
        now = self.tenant.clock.now()
        outcome: CallOutcome = walk(flow_of(script.flow), callee, now, context)
        call = Call(
            id=self.tenant.ids.uuid(),
            script_id=script.id,
            job_id=job.id if job else None,
            reference=job.reference if job else None,
            direction=direction,
            attempt=attempt,
            local_number=script.calling.local_number,
            remote_number=remote,
            status="ringing",  # answered or not, the callee is still to pick up: see status_at
            result=outcome.status,
            created_on=now,
            updated_on=now,
            answered_on=outcome.answered_on,
            ended_on=outcome.ended_on,
            events=[event.as_json() for event in outcome.events],
        )
        self.calls.append(call)
        self._by_id[call.id] = call
        self.tenant.clock.schedule(outcome.ended_on, COMPLETED_ACTION, call_id=call.id)
        return call

    def _details(self, call: Call) -> dict[str, Any]:
        """What the legacy body needs besides the envelope's data."""
        attributes = {"origin": ORIGIN, "customer": self.tenant.customer, "script": call.script_id}
        if call.job_id:
            attributes["job"] = call.job_id
        if call.reference:
            attributes["reference"] = call.reference
        return {
            "attributes": attributes,
            "createdOn": format_datetime(call.created_on),
            "updatedOn": format_datetime(call.updated_on),
        }

    def _all_jobs(self) -> list[Job]:
        return self.jobs.all if self.jobs is not None else []

    # -- snapshot -------------------------------------------------------------------------

    def state(self) -> VoiceState:
        return VoiceState(calls=self.calls, stops=self.stops)

    def restore(self, state: VoiceState) -> None:
        """After the clock's own restore, which brings back the calls still waiting."""
        self.calls = list(state.calls)
        self._by_id = {call.id: call for call in self.calls}
        self._waiting = {e.payload["job_id"]: e for e in self.tenant.clock.pending if e.action == CALL_ACTION}
        self.stops = list(state.stops)


def _data(call: Call) -> dict[str, Any]:
    """The envelope's data, keys in the order of the documented example."""
    data: dict[str, Any] = {
        "direction": call.direction,
        "status": call.result,
        "localNumber": call.local_number,
        "remoteNumber": call.remote_number,
    }
    if call.answered_on is not None:
        data["answeredOn"] = format_datetime(call.answered_on)
    data["events"] = list(call.events)
    return data


def _digits(number: str) -> str:
    """Numbers as the webhooks write them: E.164 without the '+'."""
    return number.removeprefix("+")


def _is_mobile(number: str) -> bool:
    import phonenumbers  # loaded on first use, as core.values loads it: it weighs on every start-up

    try:
        parsed = phonenumbers.parse(number, "NL")
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(parsed)
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _gender(value: object) -> str:
    text = str(value or "").upper()
    return text if text in ("M", "F") else "U"


def _birthday(value: object) -> date | None:
    try:
        return parse_date(value) if isinstance(value, str) else None
    except ValueError:
        return None
