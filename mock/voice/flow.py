"""`walk`, which plays one call through a call flow (scenario/flows.py): ringing, then node by node.

Pure: the start time and everything about the callee come in as arguments; no clock, no I/O.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from ..core.values import format_datetime
from ..scenario.flows import Flow, Node

Answer = Literal["human", "machine", "busy", "no answer", "rejected", "invalid number", "failed"]
CallStatus = Literal["finished", "no answer", "busy", "rejected", "invalid number", "failed"]

MAX_NODES = 200  # a flow that loops still ends: the platform would hang up too
ANSWER_TIME = timedelta(seconds=6)  # ringing before the callee picks up
FIRST_NODE_DELAY = timedelta(seconds=1)
GAP = timedelta(milliseconds=500)  # between a node that takes time and the next, as the examples show
HANGUP_DELAY = timedelta(seconds=1)  # how far into a node the callee hangs up
RING_TIME: dict[str, timedelta] = {"no answer": timedelta(seconds=30)}
DEFAULT_RING_TIME = timedelta(seconds=5)
DTMF_KEYS = frozenset("0123456789*#")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Callee:
    """What the person on the other end does."""

    answer: Answer = "human"
    keys: tuple[str, ...] = ()  # pressed, one entry per DTMF/DTMFString menu in order; "" or missing: timeout
    hang_up_after: int | None = None  # hangs up once this many nodes have started (RemoteHangup)

    def __post_init__(self) -> None:
        if self.answer not in get_args(Answer):
            raise ValueError(f"answer: expected one of {', '.join(get_args(Answer))}, got {self.answer!r}")
        for key in self.keys:
            if not set(key) <= DTMF_KEYS:
                raise ValueError(f"keys: expected DTMF digits 0-9, * and #, got {key!r}")
        if self.hang_up_after is not None and self.hang_up_after < 0:
            raise ValueError(f"hang_up_after: expected 0 nodes or more, got {self.hang_up_after}")

    @property
    def answered(self) -> bool:
        return self.answer in ("human", "machine")


@dataclass(frozen=True)
class CallContext:
    """What the platform knows about the call when the flow asks."""

    outbound: bool = True
    attempt: int = 1
    remote_mobile: bool = True
    gender: str = "U"
    birthday: date | None = None
    timezone: ZoneInfo = AMSTERDAM


@dataclass(frozen=True)
class CallEvent:
    node_id: str
    node_type: str
    order: int
    type: str
    data: dict | list
    time: datetime

    def as_json(self) -> dict:
        return {
            "nodeId": self.node_id,
            "nodeType": self.node_type,
            "order": self.order,
            "type": self.type,
            "data": self.data,
            "time": format_datetime(self.time),
        }


@dataclass(frozen=True)
class CallOutcome:
    status: CallStatus
    answered_on: datetime | None
    ended_on: datetime
    events: tuple[CallEvent, ...]


def walk(flow: Flow, callee: Callee, started: datetime, context: CallContext) -> CallOutcome:
    """Plays one call: ringing, then (when answered) the flow from its start node until it ends."""
    if not callee.answered:
        ring = RING_TIME.get(callee.answer, DEFAULT_RING_TIME)
        return CallOutcome(callee.answer, None, started + ring, ())  # type: ignore[arg-type]
    answered_on = started + ANSWER_TIME
    events = _Walk(flow, callee, context).run(answered_on + FIRST_NODE_DELAY)
    return CallOutcome("finished", answered_on, events[-1].time if events else answered_on, tuple(events))


class _Walk:
    def __init__(self, flow: Flow, callee: Callee, context: CallContext) -> None:
        self.flow, self.callee, self.context = flow, callee, context
        self.events: list[CallEvent] = []
        self.order = 0
        self.menus = 0  # DTMF menus reached so far: which of the callee's keys comes next

    def emit(self, node: Node | None, kind: str, data: dict | list, moment: datetime, skip: int = 0) -> None:
        # The platform numbers events it does not report too (the legacy example skips some): skip.
        self.order += 1 + skip
        node_id, node_type = (node.id, node.type) if node else ("remote_hangup", "RemoteHangup")
        moment = moment.replace(microsecond=0)  # the platform reports whole seconds
        self.events.append(CallEvent(node_id, node_type, self.order, kind, data, moment))

    def run(self, now: datetime) -> list[CallEvent]:
        node_id: str | None = self.flow.start
        for started_nodes in range(1, MAX_NODES + 1):
            if node_id is None:
                break
            node = self.flow.node(node_id)
            if node.type == "Hangup":  # reported as a lone NodeResult
                self.emit(node, "NodeResult", [], now, skip=1)
                break
            self.emit(node, "NodeStart", [], now)
            if self.callee.hang_up_after is not None and started_nodes >= self.callee.hang_up_after:
                self.emit(None, "RemoteHangup", [], now + min(node.length, HANGUP_DELAY))
                break
            outcome, data = self.decide(node, now)
            now += node.length
            self.emit(node, "NodeResult", data, now)
            if node.type == "Forward":
                break
            node_id = node.next_after(outcome)
            if node.length:
                now += GAP
        return self.events

    def decide(self, node: Node, now: datetime) -> tuple[str, dict | list]:
        """The node's outcome (which way the flow goes) and the data its NodeResult reports."""
        match node.type:
            case "IsRemoteVoiceMail":
                machine = self.callee.answer == "machine"
                outcome = _yes_no(machine)
                return outcome, {"detected": "MACHINE" if machine else "HUMAN", "outcome": outcome}
            case "DTMF" | "DTMFString":
                return self.menu(node)
            case "CheckGenderBirthday":
                return self.gender_birthday(now)
            case "AddResult":
                return "default", {"result": node.result}
            case "IsCallOutbound":
                return _yes_no(self.context.outbound), []
            case "CheckCallAttempt":
                return str(self.context.attempt), []
            case "IsRemoteMobile":
                return _yes_no(self.context.remote_mobile), []
            case "IsTimeInInterval":
                local = now.astimezone(self.context.timezone).time()
                return _yes_no(node.interval is not None and node.interval.contains(local)), []
            case _:
                return "default", []

    def menu(self, node: Node) -> tuple[str, dict]:
        keys = self.callee.keys
        pressed = keys[self.menus] if self.menus < len(keys) else ""
        self.menus += 1
        if not pressed:
            return "timeout", {"input": [], "outcome": "timeout"}
        if node.type == "DTMF":  # one tone chooses
            outcome = f"tone:{pressed[0]}"
            return outcome, {"input": [pressed[0]], "outcome": outcome}
        outcome = f"string:{pressed}"
        return outcome, {"input": list(pressed), "outcome": outcome}

    def gender_birthday(self, now: datetime) -> tuple[str, dict]:
        gender = self.context.gender
        outcome = {"M": "man", "F": "woman"}.get(gender, "unknown")
        # The platform subtracts birth years only, and an unknown birthday counts as the year 0:
        # hence the example's age of 2020.
        birth_year = self.context.birthday.year if self.context.birthday else 0
        age = now.astimezone(self.context.timezone).year - birth_year
        return outcome, {"gender": gender, "age": age, "outcome": outcome}


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"
