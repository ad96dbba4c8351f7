"""Call flows as scenario data: the nodes a voice script walks through, checked when the scenario
is read (every node reachable by id, every setting its type needs), and the built-in flows.

voice/flow.py walks them; this module only says what a valid flow is.
"""

from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from ..core.windows import TimeWindow
from .base import ScenarioModel
from .yaml_text import safe_load

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
    interval: TimeWindow | None = Field(
        default=None,
        description="IsTimeInInterval: 'HH:MM-HH:MM' local time; closing before it opens: across midnight",
    )

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
    if node.type == "IsTimeInInterval" and node.interval is None:
        raise ValueError(f"node {node.id!r}: an IsTimeInInterval node needs an interval 'HH:MM-HH:MM'")


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
    """A built-in flow by name (scenario/flows/<name>.yaml); flows are frozen, so sharing is safe."""
    names = builtin_flow_names()
    if name not in names:
        raise UnknownFlow(f"no built-in call flow {name!r}; the built-in flows are: {', '.join(names)}")
    text = (resources.files(__package__) / "flows" / f"{name}.yaml").read_text(encoding="utf-8")
    return Flow.model_validate(safe_load(text))


def flow_of(value: Flow | str | None, default: str = "outbound-v2") -> Flow:
    """A script's flow as the scenario gives it: written out, by built-in name, or absent (the default)."""
    if isinstance(value, Flow):
        return value
    return builtin_flow(default if value is None else value)
