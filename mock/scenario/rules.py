"""Rules: what the simulated people do. An ordered list of `match → timeline`; the first rule
whose match holds for a new PayLink or mandate decides its timeline. A tenant's own rules come
before the built-in ones (builtin_rules.yaml, the magic values of the README)."""

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from functools import cache, cached_property, partial
from pathlib import Path
from typing import Any, Literal, get_args

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

    @property
    def ending(self) -> str | None:
        """The ending tested, when that is the condition's only test (a rule book indexes it)."""
        others = (self.equals, self.one_of, self.regex, self.min, self.max, self.present)
        return self.ends_with if self.ends_with and all(other is None for other in others) else None

    @cached_property
    def holds(self) -> Callable[[str | None], bool]:
        """Whether the condition holds for a field's value (None: the field is not there), as one
        function made once: a rule is tried on every new PayLink."""
        tests = self._tests()
        if self.present is False:
            # Only a field that is not there is absent; no other test can hold for it.
            return (lambda value: value is None) if not tests else (lambda value: False)
        if not tests:
            return (lambda value: True) if self.present is None else (lambda value: value is not None)
        every = _every(tests)
        return lambda value: value is not None and every(value)

    def _tests(self) -> tuple[Callable[[str], bool], ...]:
        """The tests given of a value that is there."""
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

    @cached_property
    def holds_for(self) -> Callable[[Any], bool]:
        """Whether every condition holds for an object of the rule's kind, as one function: each
        condition's test with the reader of its field, made once per rule."""
        tests = [
            _of_field(field_reader(name), condition.holds) for name, condition in self.conditions.items()
        ]
        return _every(tests) if tests else lambda obj: True

    @property
    def conditions(self) -> dict[str, Condition]:
        return self.match[self.kind]

    def schedule(self) -> tuple[tuple[timedelta, Step], ...]:
        """Each step with its offset from the object's creation."""
        return self._planned

    @cached_property
    def _planned(self) -> tuple[tuple[timedelta, Step], ...]:
        # Worked out once: the rule's timeline is planned for every PayLink it matches.
        offset, planned = timedelta(0), []
        for step in self.timeline:
            offset = step.at if step.at is not None else offset + (step.after or timedelta(0))
            planned.append((offset, step))
        return tuple(planned)


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


def _of_field(
    read: Callable[[Any], str | None], holds: Callable[[str | None], bool]
) -> Callable[[Any], bool]:
    return lambda obj: holds(read(obj))


def _every(tests: Sequence[Callable[[Any], bool]]) -> Callable[[Any], bool]:
    """All of `tests` (one or more) as one function, tried in order until one fails: closures
    calling closures, cheaper than all() over a generator for the few tests of a rule."""
    first, *rest = tests
    if not rest:
        return first
    others = _every(rest)
    return lambda value: first(value) and others(value)


class RuleBook:
    """A tenant's rules in order, made once into one matcher per kind that answers exactly what
    trying each rule in turn would: the first rule whose match holds.

    Every new PayLink and mandate is matched, and the built-in rules are mostly tests of one
    field's ending (the amount's last two digits): a run of such rules on one field, endings of
    one length, is one dictionary lookup of the value's ending instead of a test per rule."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        rules = list(rules)
        self._matchers = {kind: _matcher([r for r in rules if r.kind == kind]) for kind in get_args(Kind)}

    def first_match(self, kind: Kind, obj: Any) -> Rule | None:
        return self._matchers[kind](obj)


Matcher = Callable[[Any], Rule | None]


def _matcher(rules: list[Rule]) -> Matcher:
    """The first of `rules` (all of one kind) that holds for an object, as one function."""
    stages = [_stage(run) for run in _runs(rules)]
    if len(stages) == 1:
        return stages[0]

    def first_match(obj: Any) -> Rule | None:
        for stage in stages:
            rule = stage(obj)
            if rule is not None:
                return rule
        return None

    return first_match


def _runs(rules: list[Rule]) -> list[list[Rule]]:
    """The rules cut where the next one cannot join the ending index of the run before it; none
    after a rule that always holds, which no object gets past."""
    runs: list[list[Rule]] = []
    for rule in rules:
        key = _ending_key(rule)
        if runs and key is not None and key == _ending_key(runs[-1][0]):
            runs[-1].append(rule)
        else:
            runs.append([rule])
        if not rule.conditions:
            break
    return runs


def _ending_key(rule: Rule) -> tuple[str, int] | None:
    """(field, length of the ending) for a rule that only tests one field's ending."""
    if len(rule.conditions) != 1:
        return None
    ((name, condition),) = rule.conditions.items()
    ending = condition.ending
    return None if ending is None else (name, len(ending))


def _stage(run: list[Rule]) -> Matcher:
    """One rule tried as it is, or a run of ending rules as a lookup, the first of a repeated
    ending winning."""
    if len(run) == 1:
        (rule,) = run
        if not rule.conditions:
            return lambda obj: rule
        holds_for = rule.holds_for
        return lambda obj: rule if holds_for(obj) else None
    name, length = _ending_key(run[0])  # type: ignore[misc]
    by_ending: dict[str, Rule] = {}
    for rule in run:
        by_ending.setdefault(rule.conditions[name].ends_with, rule)  # type: ignore[arg-type]
    read = field_reader(name)

    def by_the_ending(obj: Any) -> Rule | None:
        value = read(obj)
        # A value shorter than the endings gives a shorter key, which no ending is.
        return None if value is None else by_ending.get(value[-length:])

    return by_the_ending
