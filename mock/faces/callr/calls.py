"""CALLR calls and their CDRs: calls the account places (dialr/call.realtime, sendr broadcasts)
on the tenant's clock, with a dial status by the called number's ending, and the platform's own
voice calls, which went out through this provider, read as CDRs too."""

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ...core.clock import Clock
from ...scenario.callr import CallrSpec
from ...voice.callees import MAGIC_ENDINGS
from ...voice.calls import Call
from .apps import Apps
from .cdr import CallRecord
from .errors import CallrError
from .hooks import Hooks
from .realtime import Realtime
from .values import (
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
CDR_TYPES = ("IN", "OUT")


class Calls:
    def __init__(
        self,
        spec: CallrSpec,
        clock: Clock,
        rng: random.Random,
        hooks: Hooks,
        apps: Apps,
        realtime: Callable[..., Realtime],
    ) -> None:
        """`realtime(find, end)` makes what follows REALTIME10 calls, given how to find and end one."""
        self.spec, self.clock, self.rng, self.hooks, self.apps = spec, clock, rng, hooks, apps
        self.dial_statuses = {**DIAL_STATUSES, **spec.dial_statuses}
        self.records: dict[int, CallRecord] = {}
        self.apps_online = realtime(lambda callid: self.records[callid], self.end)
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
        ours = [*self.records.values(), *(platform_record(call) for call in platform if call.completed)]
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
        if package == "REALTIME10":
            self.apps_online.begin(record)
        return record

    def end(self, record: CallRecord, source: str = "CALLER") -> None:
        """The call ends now (an app's hangup command) instead of when it was planned to."""
        if not record.ended:
            record.hangup, record.hangupsource = self.clock.now(), source
            self._hang_up(record.callid)

    def _hang_up(self, callid: int) -> None:
        record = self.records[callid]
        if record.ended:
            return  # ended early: this is the hang-up it was planned for
        record.ended = True
        self.hooks.notify("call.outbound_hangup", record.as_cdr())
        if record.package == "REALTIME10":
            self.apps_online.hung_up(record)


def _target(value: Any) -> tuple[str, int]:
    """A Target: the number to dial and how long it may ring (5 to 300 s, 30 by default)."""
    if isinstance(value, str):
        return phone_param("target", value), 30
    target = object_param("target", value)
    return phone_param("target.number", target.get("number")), int_param(
        "target.timeout", target.get("timeout", 30), 5, 300
    )


def platform_record(call: Call) -> CallRecord:
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
