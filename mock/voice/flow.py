"""Call flows: the nodes a voice script walks through, and `walk`, which plays one call through a flow.

Pure: the start time and everything about the callee come in as arguments; no clock, no I/O
(the built-in flows are package data, read once).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Literal, get_args
from zoneinfo import ZoneInfo

import yaml
from pydantic import ConfigDict, Field, field_validator, model_validator

from ..core.values import format_datetime
from ..scenario.base import ScenarioModel

NodeType = Literal[
    "AddResult",
    "CheckCallAttempt",
    "CheckCounter",
    "CheckGenderBirthday",
    "CheckVariable",
    "DTMF",
    "DTMFString",
    "Forward",
    "Hangup",
    "IsCallOutbound",
    "IsRemoteMobile",
    "IsRemoteVoiceMail",
    "IsTimeInInterval",
    "Sound",
    "WaitForSilence",
]
Answer = Literal["human", "machine", "busy", "no answer", "rejected", "invalid number", "failed"]
CallStatus = Literal["finished", "no answer", "busy", "rejected", "invalid number", "failed"]

MAX_NODES = 200  # a flow that loops still ends: the platform would hang up too
ANSWER_TIME = timedelta(seconds=6)  # ringing before the callee picks up
FIRST_NODE_DELAY = timedelta(seconds=1)
GAP = timedelta(milliseconds=500)  # between a node that takes time and the next, as the examples show
HANGUP_DELAY = timedelta(seconds=1)  # how far into a node the callee hangs up
RING_TIME: dict[str, timedelta] = {"no answer": timedelta(seconds=30)}
DEFAULT_RING_TIME = timedelta(seconds=5)
_DTMF_KEYS = frozenset("0123456789*#")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Node(ScenarioModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    type: NodeType
    length: timedelta = Field(
        default=timedelta(seconds=3),
        ge=timedelta(0),
        description="how long the node takes: a Sound its sound's length, a DTMF menu its timeout",
    )
    next: dict[str, str] = Field(
        default_factory=dict,
        description="outcome -> next node id; 'default' when the outcome has no entry; none: the call ends",
    )
    result: str | None = Field(default=None, description="AddResult: the result it adds, e.g. 'success-ok'")
    interval: str | None = Field(default=None, description="IsTimeInInterval: 'HH:MM-HH:MM' local time")

    @field_validator("next", mode="before")
    @classmethod
    def _yaml_booleans_are_outcomes(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted yes/no key as a boolean; in a next map it is the outcome.
        if isinstance(value, dict):
            return {_outcome_key(key): target for key, target in value.items()}
        return value

    def next_after(self, outcome: str) -> str | None:
        return self.next.get(outcome, self.next.get("default"))


class Flow(ScenarioModel):
    model_config = ConfigDict(frozen=True)

    start: str
    nodes: list[Node] = Field(min_length=1)

    @model_validator(mode="after")
    def _nodes_connect(self) -> "Flow":
        ids: set[str] = set()
        for node in self.nodes:
            if node.id in ids:
                raise ValueError(f"node {node.id!r} appears more than once; node ids must be unique")
            ids.add(node.id)
        if self.start not in ids:
            raise ValueError(f"start node {self.start!r} is not one of the nodes ({', '.join(sorted(ids))})")
        for node in self.nodes:
            for outcome, target in node.next.items():
                if target not in ids:
                    raise ValueError(f"node {node.id!r}: next {outcome!r} goes to unknown node {target!r}")
            _check_node_settings(node)
        return self

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)


def _check_node_settings(node: Node) -> None:
    if node.type == "AddResult" and not node.result:
        raise ValueError(f"node {node.id!r}: an AddResult node needs a result, e.g. 'success-ok'")
    if node.type == "IsTimeInInterval":
        if node.interval is None:
            raise ValueError(f"node {node.id!r}: an IsTimeInInterval node needs an interval 'HH:MM-HH:MM'")
        try:
            parse_interval(node.interval)
        except ValueError as error:
            raise ValueError(f"node {node.id!r}: {error}") from None


def parse_interval(text: str) -> tuple[time, time]:
    try:
        first, last = text.split("-")
        return time.fromisoformat(first.strip()), time.fromisoformat(last.strip())
    except ValueError:
        raise ValueError(f"expected an interval of local times 'HH:MM-HH:MM', got {text!r}") from None


def _outcome_key(key: object) -> object:
    return ("yes" if key else "no") if isinstance(key, bool) else key


class UnknownFlow(KeyError):
    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


def builtin_flow_names() -> list[str]:
    folder = resources.files(__package__) / "flows"
    return sorted(entry.name[: -len(".yaml")] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@cache
def builtin_flow(name: str) -> Flow:
    """A built-in flow by name (mock/voice/flows/<name>.yaml); flows are frozen, so sharing is safe."""
    names = builtin_flow_names()
    if name not in names:
        raise UnknownFlow(f"no built-in call flow {name!r}; the built-in flows are: {', '.join(names)}")
    text = (resources.files(__package__) / "flows" / f"{name}.yaml").read_text(encoding="utf-8")
    return Flow.model_validate(yaml.safe_load(text))


def flow_of(value: Flow | str | None, default: str = "outbound-v2") -> Flow:
    """A script's flow as the scenario gives it: written out, by built-in name, or absent (the default)."""
    if isinstance(value, Flow):
        return value
    return builtin_flow(default if value is None else value)


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
            if not set(key) <= _DTMF_KEYS:
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
                return _yes_no(_in_interval(node.interval or "", now.astimezone(self.context.timezone))), []
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


def _in_interval(text: str, local: datetime) -> bool:
    first, last = parse_interval(text)
    moment = local.time().replace(tzinfo=None)
    if first <= last:
        return first <= moment < last
    return moment >= first or moment < last  # an interval across midnight
