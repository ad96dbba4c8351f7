"""CALLR calls and their CDRs: calls the account places (dialr/call.realtime, sendr broadcasts)
on the tenant's clock, with a dial status by the called number's ending, and the platform's own
voice calls, which went out through this provider, read as CDRs too."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ...core.clock import Clock
from ...scenario.callr import CallrSpec
from ...voice.callees import MAGIC_ENDINGS
from ...voice.calls import Call
from .apps import Apps
from .errors import CallrError
from .hooks import Hooks
from .values import (
    NO_CHARGE,
    callr_datetime,
    choice_param,
    datetime_param,
    int_param,
    object_param,
    phone_param,
)

HANGUP_ACTION = "callr.call.hangup"
# What the platform's voice results and callees (voice.callees) are, as CALLR dial statuses.
DIALSTATUS_OF_RESULT = {
    "finished": "ANSWER",
    "human": "ANSWER",
    "machine": "ANSWER",
    "no answer": "NOANSWER",
    "busy": "BUSY",
    "rejected": "CANCEL",
    "invalid number": "CHANUNAVAIL",
    "failed": "CONGESTION",
}
# Called number ending → dial status: the platform's callee endings, and 0010 never dialled.
DIAL_STATUSES = {
    **{ending: DIALSTATUS_OF_RESULT[row["answer"]] for ending, row in MAGIC_ENDINGS.items()},
    "0010": "NODIAL",
}
RING_SECONDS = 5
TALK_SECONDS = 60  # an answered call of the account's own lasts a minute
HANGUP_CAUSES = {"ANSWER": 16, "NOANSWER": 19, "BUSY": 17, "CANCEL": 21, "CHANUNAVAIL": 1, "CONGESTION": 34}
CDR_TYPES = ("IN", "OUT")


@dataclass
class CallRecord:
    """One call as CALLR records it: what CDR.In and CDR.Out are made from."""

    callid: int
    direction: str
    number: str  # the called number (OUT) or the DID called (IN)
    cli: str | None
    dialstatus: str
    start: datetime
    answer: datetime | None
    hangup: datetime
    hangupsource: str
    customer_field: str | None = None
    app: str | None = None
    app_name: str | None = None
    package: str | None = None

    def as_cdr(self) -> dict[str, Any]:
        answered = int((self.hangup - self.answer).total_seconds()) if self.answer else 0
        common = {
            "answer": callr_datetime(self.answer),
            "billing_customer_cost_label": None,
            "billing_customer_credit_eur": NO_CHARGE,
            "billing_customer_debit_eur": NO_CHARGE,
            "callid": self.callid,
            "cli_name": None,
            "cli_number": self.cli,
            "customer_field": self.customer_field,
            "duration": int((self.hangup - self.start).total_seconds()),
            "duration_answered": answered,
            "duration_billed": answered,
            "hangup": callr_datetime(self.hangup),
            "hangupcause": HANGUP_CAUSES.get(self.dialstatus, 0),
            "hangupsource": self.hangupsource,
            "package_name": self.package,
            "scenario_hash": self.app,
            "scenario_name": self.app_name,
            "start": callr_datetime(self.start),
        }
        if self.direction == "IN":
            return dict(
                sorted(
                    {**common, "did_intl_number": self.number, "cli_pres": "allowed_passed_screen"}.items()
                )
            )
        extra = {"callid_in": None, "cli_pres": "allowed_passed_screen", "dialstatus": self.dialstatus}
        extra |= {"number": self.number, "number_country_code": None, "number_type": None}
        return dict(sorted({**common, **extra}.items()))


class Calls:
    def __init__(self, spec: CallrSpec, clock: Clock, rng: random.Random, hooks: Hooks, apps: Apps) -> None:
        self.spec, self.clock, self.rng, self.hooks, self.apps = spec, clock, rng, hooks, apps
        self.dial_statuses = {**DIAL_STATUSES, **spec.dial_statuses}
        self.records: dict[int, CallRecord] = {}
        clock.on(HANGUP_ACTION, self._hang_up)

    def realtime(self, app_hash: Any, target: Any, options: Any) -> int:
        """dialr/call.realtime: calls `target` for a REALTIME10 app; the call's id."""
        app = self.apps.get(app_hash)
        if app.package != "REALTIME10":
            raise CallrError("FORBIDDEN", "app", expected="the hash of a REALTIME10 app", got=app.package)
        number, ring = _target(target)
        given = object_param("options", options)
        record = self._dial(number, ring, given, app.hash, app.name, app.package)
        return record.callid

    def broadcast(self, target: Any, messages: Any, options: Any) -> int:
        """sendr/simple.broadcast_1: calls `target` and plays media ids `messages`; the call's id."""
        number, ring = _target(target)
        if not isinstance(messages, list) or not messages:
            raise CallrError(
                "PROPERTY_TYPE_ERROR", "messages", expected="an array of media ids", got=messages
            )
        return self._dial(number, ring, object_param("options", options), None, None, "BROADCAST1").callid

    def cdr(self, direction: Any, since: Any, until: Any, platform: list[Call]) -> list[dict[str, Any]]:
        """cdr.get: the CDRs of calls started from `since` to `until`, the platform's voice calls included."""
        kind = choice_param("type", direction, CDR_TYPES)
        start, end = datetime_param("from", since), datetime_param("to", until)
        ours = [*self.records.values(), *(_platform_record(call) for call in platform if call.completed)]
        return [
            r.as_cdr()
            for r in sorted(ours, key=lambda r: r.start)
            if r.direction == kind and start <= r.start <= end
        ]

    def _dial(
        self, number: str, ring: int, options: dict[str, Any], app: str | None, name: str | None, package: str
    ) -> CallRecord:
        cli = options.get("cli")
        if cli is not None and cli != "BLOCKED" and cli not in self.spec.numbers:
            raise CallrError(
                "PROPERTY_VALUE_ERROR", "options.cli", expected="BLOCKED or one of your DIDs", got=cli
            )
        field = options.get("cdr_field")
        status = next((s for end, s in self.dial_statuses.items() if number.endswith(end)), "ANSWER")
        now = self.clock.now()
        answer = now + timedelta(seconds=RING_SECONDS) if status == "ANSWER" else None
        length = RING_SECONDS + TALK_SECONDS if answer else (ring if status == "NOANSWER" else 0)
        hangup = now + timedelta(seconds=length)
        source = "CALLEE" if status == "ANSWER" else "GATEWAY"
        record = CallRecord(
            self.rng.getrandbits(63),
            "OUT",
            number,
            cli,
            status,
            now,
            answer,
            hangup,
            source,
            field,
            app,
            name,
            package,
        )
        self.records[record.callid] = record
        self.hooks.notify("call.outbound_start", record.as_cdr())
        self.clock.schedule(hangup, HANGUP_ACTION, callid=record.callid)
        return record

    def _hang_up(self, callid: int) -> None:
        self.hooks.notify("call.outbound_hangup", self.records[callid].as_cdr())


def _target(value: Any) -> tuple[str, int]:
    """A Target: the number to dial and how long it may ring (5 to 300 s, 30 by default)."""
    if isinstance(value, str):
        return phone_param("target", value), 30
    target = object_param("target", value)
    return phone_param("target.number", target.get("number")), int_param(
        "target.timeout", target.get("timeout", 30), 5, 300
    )


def _platform_record(call: Call) -> CallRecord:
    """A platform voice call as its CDR: the reminder calls were made through this provider."""
    status = DIALSTATUS_OF_RESULT[call.result]
    outbound = call.direction == "outbound"
    return CallRecord(
        callid=int(call.id.replace("-", ""), 16) >> 65,
        direction="OUT" if outbound else "IN",
        number="+" + (call.remote_number if outbound else call.local_number),
        cli="+" + (call.local_number if outbound else call.remote_number)
        if call.remote_number != "anonymous"
        else None,
        dialstatus=status,
        start=call.created_on,
        answer=call.answered_on,
        hangup=call.ended_on,
        hangupsource="CALLER" if call.answered_on else "GATEWAY",
        customer_field=call.reference,
        package="VOICE_PLATFORM",
        app_name=f"script {call.script_id}",
    )
