"""A rule book (rules made into one matcher per kind, runs of ending tests as a lookup) answers
exactly what trying each rule in turn, as the scenario documents them, answers."""

import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from reminders_mock.paylinks.model import Attribute
from reminders_mock.scenario.rules import Condition, Rule, RuleBook, builtin_rules

FIELDS = ("invoiceAmount", "personName", "reference", "attributes.origin")
DIGITS = "0123"  # few letters, so that endings and values often meet

values = st.text(DIGITS, max_size=3)
endings = st.sampled_from(["01", "02", "11", "1", "2", "", "001"])
conditions = st.one_of(
    values,  # a plain value means equals
    st.fixed_dictionaries({"endsWith": endings}),
    st.fixed_dictionaries(
        {},
        optional={
            "equals": values,
            "oneOf": st.lists(values, max_size=3),
            "endsWith": endings,
            "regex": st.sampled_from(["^1", "2$", "3+"]),
            "min": st.integers(0, 40),
            "max": st.integers(0, 40),
            "present": st.booleans(),
        },
    ),
)
# Mostly one field's ending, as the built-in rules test: runs of them are what is indexed.
one_ending = st.builds(
    lambda field, ending: {field: {"endsWith": ending}}, st.sampled_from(FIELDS[:2]), endings
)
matches = one_ending | one_ending | st.dictionaries(st.sampled_from(FIELDS), conditions, max_size=2)
kinds = st.sampled_from(["payLink", "payLink", "payLink", "mandate"])
rules = st.lists(
    st.builds(lambda kind, fields: Rule.model_validate({"match": {kind: fields}}), kinds, matches), max_size=8
)
maybe = st.one_of(st.none(), values)


@st.composite
def paylinks(draw) -> SimpleNamespace:
    attributes = [
        Attribute(name, value) for name in ("origin", "reference") if (value := draw(maybe)) is not None
    ]
    return SimpleNamespace(invoice_amount=draw(maybe), person_name=draw(maybe), attributes=attributes)


def documented_holds(condition: Condition, value: str | None) -> bool:
    """The scenario's meaning of a condition, test by test: every test given must hold, and only a
    presence test can hold for a field that is not there."""
    if condition.present is not None and (value is not None) != condition.present:
        return False
    tests = [
        (condition.equals, lambda v: v == condition.equals),
        (condition.one_of, lambda v: v in condition.one_of),
        (condition.ends_with, lambda v: v.endswith(condition.ends_with)),
        (condition.regex, lambda v: re.search(condition.regex, v) is not None),
        (condition.min, lambda v: v.isdigit() and int(v) >= condition.min),
        (condition.max, lambda v: v.isdigit() and int(v) <= condition.max),
    ]
    given_tests = [test for setting, test in tests if setting is not None]
    if value is None:
        return not given_tests
    return all(test(value) for test in given_tests)


def documented_value(obj: SimpleNamespace, field: str) -> str | None:
    if field.startswith("attributes.") or field == "reference":
        name = field.removeprefix("attributes.")
        return next((a.value for a in reversed(obj.attributes) if a.id == name), None)
    return {"invoiceAmount": obj.invoice_amount, "personName": obj.person_name}[field]


def tried_in_turn(rules: list[Rule], kind: str, obj: SimpleNamespace) -> Rule | None:
    for rule in rules:
        fields = rule.match.get(kind)
        if fields is not None and all(
            documented_holds(condition, documented_value(obj, field)) for field, condition in fields.items()
        ):
            return rule
    return None


@settings(max_examples=400, derandomize=True, deadline=None)
@given(rules=rules, obj=paylinks())
def test_the_rule_book_answers_the_first_rule_that_holds(rules, obj):
    expected = tried_in_turn(rules, "payLink", obj)

    assert RuleBook(rules).first_match("payLink", obj) is expected


@settings(max_examples=200, derandomize=True, deadline=None)
@given(own=rules, obj=paylinks())
def test_own_rules_come_before_the_builtin_ones(own, obj):
    every = [*own, *builtin_rules()]

    assert RuleBook(every).first_match("payLink", obj) is tried_in_turn(every, "payLink", obj)


def test_a_repeated_ending_is_decided_by_its_first_rule():
    first, second = (
        Rule.model_validate({"name": name, "match": {"payLink": {"invoiceAmount": {"endsWith": "01"}}}})
        for name in ("first", "second")
    )
    link = SimpleNamespace(invoice_amount="2501", attributes=[])

    assert RuleBook([first, second]).first_match("payLink", link) is first


def test_a_value_shorter_than_the_ending_is_not_matched_by_it():
    rules = [
        Rule.model_validate({"match": {"payLink": {"invoiceAmount": {"endsWith": e}}}}) for e in ("01", "11")
    ]

    assert RuleBook(rules).first_match("payLink", SimpleNamespace(invoice_amount="1", attributes=[])) is None


def test_an_empty_ending_holds_for_any_value_there():
    rules = [
        Rule.model_validate({"name": name, "match": {"payLink": {"invoiceAmount": {"endsWith": ""}}}})
        for name in ("first", "second")
    ]
    link = SimpleNamespace(invoice_amount="2501", attributes=[])

    assert RuleBook(rules).first_match("payLink", link) is rules[0]
