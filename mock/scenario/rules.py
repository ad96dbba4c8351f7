"""Rules: what the simulated people do. An ordered list of `match → timeline`; the first rule
whose match holds for a new PayLink or mandate decides its timeline. A tenant's own rules come
before the built-in ones (builtin_rules.yaml, the magic values of the README)."""

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache, cached_property, partial
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic.alias_generators import to_snake

from ..core.values import Duration, PaymentAmount
from .base import ScenarioModel
from .yaml_text import safe_load

Kind = Literal["payLink", "mandate"]
PAYLINK_ACTIONS = ("visit", "pay", "cancel", "fail", "expire")
MANDATE_ACTIONS = ("authorize", "confirm")


class Condition(ScenarioModel):
    """A test of one field; every test given must hold. A plain value in YAML means `equals`."""

    # `endsWith: 5` in YAML is a number; the fields it tests are text.
    model_config = ScenarioModel.model_config | {"coerce_numbers_to_str": True, "frozen": True}

    equals: str | None = None
    one_of: list[str] | None = None
    ends_with: str | None = None
    regex: str | None = None
    min: int | None = Field(default=None, description="amount range: at least this many cents")
    max: int | None = Field(default=None, description="amount range: at most this many cents")
    present: bool | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"expected a regular expression ({error})") from None
        return pattern

    def holds(self, value: str | None) -> bool:
        if self.present is not None and (value is not None) != self.present:
            return False
        if value is None:
            return not self._tests  # only a presence test can hold for a field that is not there
        return all(test(value) for test in self._tests)

    @cached_property
    def _tests(self) -> tuple[Callable[[str], bool], ...]:
        """The tests given, made once: a rule is tried on every new PayLink."""
        tests: list[Callable[[str], bool]] = []
        if (equals := self.equals) is not None:
            tests.append(lambda v: v == equals)
        if (one_of := self.one_of) is not None:
            tests.append(lambda v: v in one_of)
        if (ends_with := self.ends_with) is not None:
            tests.append(lambda v: v.endswith(ends_with))
        if self.regex is not None:
            search = re.compile(self.regex).search
            tests.append(lambda v: search(v) is not None)
        if (least := self.min) is not None:
            tests.append(lambda v: v.isdigit() and int(v) >= least)
        if (most := self.max) is not None:
            tests.append(lambda v: v.isdigit() and int(v) <= most)
        return tuple(tests)


class Step(ScenarioModel):
    """One act of the simulated person, `at` an offset from creation or `after` the previous step."""

    model_config = ScenarioModel.model_config | {"frozen": True}

    at: Duration | None = None
    after: Duration | None = None
    do: Literal["visit", "pay", "cancel", "fail", "expire", "authorize", "confirm"]
    amount: PaymentAmount = Field(default="full", description="pay: full, half or a number of cents")
    method: str = Field(default="ideal", description="visit and pay: the payment method")

    @model_validator(mode="after")
    def _one_offset(self) -> "Step":
        if self.at is not None and self.after is not None:
            raise ValueError("expected either 'at' (from creation) or 'after' (from the previous step)")
        return self


class Rule(ScenarioModel):
    model_config = ScenarioModel.model_config | {"frozen": True}

    name: str = ""
    match: dict[Kind, dict[str, Condition]]
    timeline: list[Step] = []

    @field_validator(
        "match", mode="before", json_schema_input_type=dict[Kind, dict[str, Condition | str | int]]
    )
    @classmethod
    def _plain_values_mean_equals(cls, match: Any) -> Any:
        if not isinstance(match, dict):
            return match
        return {kind: _conditions(fields) for kind, fields in match.items()}

    @model_validator(mode="after")
    def _fits_its_kind(self) -> "Rule":
        if len(self.match) != 1:
            raise ValueError("expected a match on exactly one kind: payLink or mandate")
        allowed = PAYLINK_ACTIONS if self.kind == "payLink" else MANDATE_ACTIONS
        for step in self.timeline:
            if step.do not in allowed:
                raise ValueError(f"a {self.kind} timeline takes {', '.join(allowed)}; got {step.do!r}")
        return self

    @property
    def kind(self) -> Kind:
        return next(iter(self.match))

    def matches(self, kind: Kind, obj: Any) -> bool:
        return kind == self.kind and all(condition.holds(read(obj)) for read, condition in self._predicates)

    @cached_property
    def _predicates(self) -> tuple[tuple[Callable[[Any], str | None], Condition], ...]:
        """Each condition with the reader of its field, made once per rule."""
        return tuple((field_reader(name), condition) for name, condition in self.match[self.kind].items())

    def schedule(self) -> list[tuple[timedelta, Step]]:
        """Each step with its offset from the object's creation."""
        offset, planned = timedelta(0), []
        for step in self.timeline:
            offset = step.at if step.at is not None else offset + (step.after or timedelta(0))
            planned.append((offset, step))
        return planned


def _conditions(fields: Any) -> Any:
    """`personName: Slow Payer` is short for `personName: {equals: Slow Payer}`; no fields match all."""
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        return fields
    return {name: c if isinstance(c, dict) else {"equals": str(c)} for name, c in fields.items()}


@cache
def field_reader(name: str) -> Callable[[Any], str | None]:
    """How to read a field of a PayLink or mandate by its API name, as text; `attributes.X` reads
    attribute X, and a PayLink's `reference` is its record reference attribute. Made once per
    name: the camelCase to snake_case conversion is a regular expression."""
    if name.startswith("attributes."):
        return partial(_attribute, name=name.removeprefix("attributes."))
    if name == "reference":
        return _reference
    return partial(_text, name=to_snake(name))


def _reference(obj: Any) -> str | None:
    """A PayLink's record reference is an attribute; a mandate's is its own field."""
    return _attribute(obj, "reference") if hasattr(obj, "attributes") else _text(obj, "reference")


def _attribute(obj: Any, name: str) -> str | None:
    """The value of the object's last attribute with this id, if any."""
    found = None
    for attribute in getattr(obj, "attributes", ()):
        if attribute.id == name:
            found = attribute.value
    return found


def _text(obj: Any, name: str) -> str | None:
    value = getattr(obj, name, None)
    return None if value is None else str(value)


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """Read once per process: every tenant shares them (rules are frozen), and parsing the YAML
    was most of what building a tenant cost."""
    data = safe_load((Path(__file__).parent / "builtin_rules.yaml").read_text(encoding="utf-8"))
    return tuple(Rule.model_validate(rule) for rule in data["rules"])


def first_match(rules: list[Rule], kind: Kind, obj: Any) -> Rule | None:
    return next((rule for rule in rules if rule.matches(kind, obj)), None)
