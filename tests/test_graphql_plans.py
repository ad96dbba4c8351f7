"""A planned document answers byte for byte what graphql-core's generic execution answers: every
documented example, and every value the plan's fast reading leaves to graphql-core (nulls in
non-null fields, callable attributes, errors, values a scalar or an enum refuses)."""

import asyncio
import functools
import gc
from enum import StrEnum
from types import MappingProxyType

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    Undefined,
    build_schema,
    execute,
    parse,
    parse_type,
    type_from_ast,
)
from graphql.language.parser import MAX_NESTING_DEPTH
from graphql.utilities.coerce_input_value import coerce_input_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reminders_mock.app import create_app
from reminders_mock.bodies import dumps
from reminders_mock.control.common import REGISTRY
from reminders_mock.graphql import EXECUTOR, RequestContext, plans, variables
from reminders_mock.scenario.loader import load_scenario
from tests.documented.examples import EXAMPLES


def executor_and_world(monkeypatch, planned: bool, queries: list[str]):
    with monkeypatch.context() as patched:
        if not planned:
            patched.setattr(plans.DocumentPlan, "of", staticmethod(lambda document: None))
        app = create_app(load_scenario("default"), public_url="http://mock.test")
        executor = app[EXECUTOR]
        for query in queries:  # planned (or not) while the patch holds
            executor.prepare(query)
    return executor, app[REGISTRY].find("demo-key")


async def assert_same_answers(monkeypatch, bodies: list[dict]) -> None:
    queries = [body["query"] for body in bodies]
    planned, planned_world = executor_and_world(monkeypatch, True, queries)
    generic, generic_world = executor_and_world(monkeypatch, False, queries)
    assert all(planned.prepare(query).plan for query in queries)
    assert not any(generic.prepare(query).plan for query in queries)
    for _ in range(2):  # the second time from the plan made the first time
        for body in bodies:
            expected = await generic.run(body, RequestContext(generic_world))
            answer = await planned.run(body, RequestContext(planned_world))
            assert dumps(answer) == dumps(expected), body


async def test_every_documented_example_answers_the_same_planned_or_not(monkeypatch):
    await assert_same_answers(
        monkeypatch, [{"query": example["query"], "variables": example["variables"]} for example in EXAMPLES]
    )


def create_with(**changes) -> dict:
    return {"query": CREATE["query"], "variables": {"payLink": {**CREATE["variables"]["payLink"], **changes}}}


FIND = next(example for example in EXAMPLES if example["name"] == "find_single_paylink")
CREATE = next(example for example in EXAMPLES if example["name"] == "create_paylink")
TWO_OPERATIONS = "query A { payLink { payLinks { pagination { total } } } } query B { __typename }"
WITH_DEFAULT = "query($limit: Int = 2) { payLink { payLinks(limit: $limit) { pagination { limit } } } }"


async def test_a_planned_request_leaves_nothing_for_the_garbage_collector(monkeypatch):
    """Every object a planned request makes is freed when it is answered: graphql-core's Executor
    keeps bound methods of itself, and under load the cycle of each request's executor, context
    and variables made the collector's full collections frequent."""
    executor, world = executor_and_world(monkeypatch, True, [example["query"] for example in EXAMPLES])
    bodies = [{"query": example["query"], "variables": example["variables"]} for example in EXAMPLES]
    for body in bodies:  # plans made, caches filled
        await executor.run(body, RequestContext(world))
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for body in bodies:
            await executor.run(body, RequestContext(world))
        gc.collect()
        left = [type(garbage).__qualname__ for garbage in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []


@pytest.mark.parametrize(
    "body",
    [
        {"query": FIND["query"], "variables": {"filters": {"id": {"equalTo": 5}}}},
        {"query": FIND["query"], "variables": {"filters": {"id": {"colour": "red"}}}},
        {"query": FIND["query"], "variables": {"filters": None}},
        {"query": FIND["query"], "variables": None},
        {"query": CREATE["query"], "variables": {}},
        create_with(invoiceAmount=1),
        {"query": CREATE["query"], "variables": {"payLink": {"personName": "only this"}}},
        create_with(invoiceDate="soon"),
        create_with(invoiceAmount="-5"),  # the schema takes it, the service refuses it
        create_with(attributes=[{"id": "x"}]),
        create_with(attributes={"id": "one", "value": "not a list"}),
        {"query": TWO_OPERATIONS},
        {"query": TWO_OPERATIONS, "operationName": "B"},
        {"query": TWO_OPERATIONS, "operationName": "C"},
        {"query": WITH_DEFAULT},
        {"query": WITH_DEFAULT, "variables": {"limit": 3}},
        {"query": "query($n: Int) { payLink { payLinks(limit: $n) { pagination { limit } } } }"},
    ],
)
async def test_refused_variables_and_operations_answer_the_same_planned_or_not(monkeypatch, body):
    await assert_same_answers(monkeypatch, [body])


SCHEMA = build_schema(
    """
    enum Colour { RED GREEN }
    type Item { name: String! colour: Colour note: String count: Int }
    type Page { items: [Item!]! total: Int! maybe: [Item] }
    type Query { page: Page first: Item! }
    """
)


class Item:
    def __init__(self, name="a", colour="RED", note=None, count=1):
        self.name, self.colour, self.note, self.count = name, colour, note, count


class Exploding(Item):
    @property
    def note(self):
        raise ValueError("no note today")

    @note.setter
    def note(self, _):
        pass


class Unset:
    """Slotted, its `note` never set: reading it raises AttributeError, which resolve_to reads as None."""

    __slots__ = ("colour", "count", "name", "note")

    def __init__(self):
        self.name, self.colour, self.count = "u", "GREEN", 3


class Label(StrEnum):
    plain = "a str, though not of type str"


class Page:
    def __init__(self, items, total=1, maybe=None):
        self.items, self.total, self.maybe = items, total, maybe


QUERY = parse(
    "{ page { total items { name colour note count } maybe { name } } first { name colour } "
    "again: first { colour name } }"
)


ROOTS = {
    "plain": lambda: {"page": Page([Item(), Item("b", "GREEN", "n", 2)]), "first": Item()},
    "null in a non-null field": lambda: {"page": Page([Item(name=None)]), "first": Item()},
    "null up to page": lambda: {"page": Page([Item()], total=None), "first": Item()},
    "null up to the answer": lambda: {"page": Page([Item()]), "first": Item(name=None)},
    "value the enum refuses": lambda: {"page": Page([Item(colour="BLUE")]), "first": Item()},
    "value Int refuses": lambda: {"page": Page([Item(count="many")]), "first": Item()},
    "reading raises": lambda: {"page": Page([Exploding()]), "first": Item()},
    "callable": lambda: {"page": Page([Item(note=lambda info: f"for {info.field_name}")]), "first": Item()},
    "iterable, not a list": lambda: {"page": Page(iter([Item()])), "first": Item()},
    "error as an item": lambda: {"page": Page([ValueError("an error as an item")]), "first": Item()},
    "Int too large": lambda: {"page": Page([Item(count=2**31)]), "first": Item()},
    "Int at its bounds": lambda: {
        "page": Page([Item(count=2**31 - 1), Item(count=-(2**31))]),
        "first": Item(),
    },
    "bool and float as Int": lambda: {"page": Page([Item(count=True), Item(count=2.0)]), "first": Item()},
    "float Int refuses": lambda: {"page": Page([Item(count=2.5)]), "first": Item()},
    "str subclass as String": lambda: {"page": Page([Item(name=Label.plain)]), "first": Item()},
    "int as String": lambda: {"page": Page([Item(name=7)]), "first": Item()},
    "unhashable for the enum": lambda: {"page": Page([Item(colour=["RED"])]), "first": Item()},
    "slot never set": lambda: {"page": Page([Unset()]), "first": Unset()},
    "a mapping, not a dict": lambda: {
        "page": Page([]),
        "first": MappingProxyType({"name": "m", "colour": "RED"}),
    },
    "nullable items, a dict": lambda: {
        "page": Page([Item()], maybe=[None, Item("c")]),
        "first": {"name": "d", "colour": "GREEN"},
    },
}


def answer(root: dict, **planned) -> tuple:
    result = execute(SCHEMA, QUERY, root_value=root, **planned)
    return result.data, [error.formatted for error in result.errors or ()]


@pytest.mark.parametrize("root", ROOTS.values(), ids=ROOTS.keys())
def test_the_plan_answers_what_graphql_core_answers(root):
    planned = answer(root(), executor_class=plans.PlannedExecutor, plan=plans.DocumentPlan())
    assert planned == answer(root())


def test_an_enum_field_is_planned_as_a_leaf():
    assert isinstance(SCHEMA.type_map["Colour"], GraphQLEnumType)
    plan = plans.DocumentPlan()
    answer(ROOTS["plain"](), executor_class=plans.PlannedExecutor, plan=plan)
    planned = [reads for reads in plan.reads.values() if reads]
    assert {name for reads in planned for name in reads.names} >= {"name", "colour", "items", "total"}


def test_a_document_with_directives_is_not_planned():
    assert plans.DocumentPlan.of(parse("query($x: Boolean!) { first { name @include(if: $x) } }")) is None
    assert plans.DocumentPlan.of(QUERY) is not None


def test_only_inputs_that_can_nest_too_deep_are_checked_for_it():
    nested = build_schema("input F { and: [F] } input G { x: [[[Int]]] } type Query { a(f: F, g: G): Int }")
    assert plans._nests_deeper_than(nested.type_map["F"], MAX_NESTING_DEPTH)
    assert plans._nests_deeper_than(nested.type_map["G"], 3)  # G, its list, two lists inside
    assert not plans._nests_deeper_than(nested.type_map["G"], 4)
    mock = create_app(load_scenario("default"), public_url="http://mock.test")[EXECUTOR].schema
    inputs = [t for t in mock.type_map.values() if isinstance(t, GraphQLInputObjectType)]
    assert inputs and not any(plans._nests_deeper_than(t, MAX_NESTING_DEPTH) for t in inputs)


# Resolved fields, planned by DocumentPlan.execute: arguments of every kind, resolvers raising,
# errors inside lists, nulls propagating through resolved fields to the answer.
RESOLVED = build_schema(
    """
    enum Colour { RED GREEN }
    input Filter { colour: Colour names: [String!] limit: Int = 3 inner: Filter }
    type Item { name: String! colour: Colour times(n: Int!): Int tags(first: Int = 2): [String] }
    type Query {
      echo(
        filter: Filter ids: [ID!] flag: Boolean ratio: Float colour: Colour = GREEN strict: Int! = 7
      ): String
      items(first: Int): [Item!]
      mixed: [Item]
      failing: Item
      returned: Item
      strict: Item!
      item(name: String!): Item
    }
    type Mutation { first: String second: String }
    """
)


class Resolved:
    """Items whose fields have resolvers and arguments of their own."""

    def __init__(self, name="a", colour="RED"):
        self.name, self.colour = name, colour


def _bind(schema, type_name: str, **resolvers) -> None:
    for name, resolve in resolvers.items():
        schema.type_map[type_name].fields[name].resolve = resolve


def _failing(*_, **__):
    raise ValueError("the resolver failed")


_bind(
    RESOLVED,
    "Query",
    echo=lambda _, info, **arguments: repr(arguments) + info.field_name,  # in the order given
    items=lambda _, __, first=None: [Resolved(f"i{n}") for n in range(first or 2)],
    mixed=lambda *_: [Resolved(), ValueError("an error as an item"), None, Resolved(None)],
    failing=_failing,
    returned=lambda *_: ValueError("an error returned, not raised"),
    strict=lambda *_: Resolved(None),
    item=lambda _, __, name: (
        None if name == "none" else Resolved(name, colour="BLUE" if name == "blue" else "RED")
    ),
)
_bind(
    RESOLVED,
    "Item",
    times=lambda item, _, n: _failing() if n < 0 else len(item.name or "") * n,
    tags=lambda item, _, first: [item.name] * first,
)
_order: list[str] = []
_bind(
    RESOLVED,
    "Mutation",
    first=lambda *_: _order.append("first") or "1",
    second=lambda *_: _order.append("second") or "2",
)

RESOLVED_QUERIES = {
    "literals": (
        '{ echo(filter: {colour: RED, names: ["x"]}, ids: ["1", 2], flag: true, ratio: 1.5) }',
        None,
    ),
    "defaults": ("{ echo }", None),
    "variables": (
        "query($f: Filter, $ids: [ID!], $flag: Boolean, $c: Colour) "
        "{ echo(filter: $f ids: $ids flag: $flag colour: $c) }",
        {
            "f": {"colour": "GREEN", "names": "one", "inner": {"limit": 1}},
            "ids": [1, "2"],
            "flag": False,
            "c": "RED",
        },
    ),
    "variables left out": (
        "query($f: Filter, $c: Colour, $s: Int) { echo(filter: $f colour: $c strict: $s) }",
        {},
    ),
    "variable null for a non-null argument": ("query($s: Int) { echo(strict: $s) }", {"s": None}),
    "variable inside a literal": ("query($c: Colour) { echo(filter: {colour: $c}) }", {"c": "GREEN"}),
    "variable missing inside a literal": ("query($c: Colour) { echo(filter: {colour: $c}) }", {}),
    "nested resolved fields": ("query($n: Int!) { items(first: 3) { name times(n: $n) tags } }", {"n": 2}),
    "a nested resolver raising": ("query($n: Int!) { items { name times(n: $n) } }", {"n": -1}),
    "a resolver raising": ("{ failing { name } echo }", None),
    "errors inside a list": ("{ mixed { name colour } }", None),
    "null up to the answer": ("{ strict { name } echo }", None),
    "null from a resolver": ('{ item(name: "none") { name } }', None),
    "null for an object resolving fields": ('{ item(name: "none") { name times(n: 1) } }', None),
    "an error returned for an object resolving fields": ("{ returned { name times(n: 1) } }", None),
    "errors inside a list of objects resolving fields": ("{ mixed { name times(n: 1) } }", None),
    "null up to the answer through resolved fields": ("{ strict { times(n: 1) name } echo }", None),
    "a value the enum refuses": ('{ item(name: "blue") { name colour } }', None),
    "aliases and __typename": (
        '{ a: item(name: "x") { __typename n: name } b: item(name: "y") { name } }',
        None,
    ),
    "fragments": ("{ items { ...F } } fragment F on Item { name tags(first: 1) }", None),
    "a mutation, serially": ("mutation { second first again: second }", None),
}


def _answer(result) -> tuple:
    return result.data, [error.formatted for error in result.errors or ()]


@pytest.mark.parametrize(("query", "variables"), RESOLVED_QUERIES.values(), ids=RESOLVED_QUERIES.keys())
def test_resolved_fields_answer_what_graphql_core_answers(query, variables):
    document, plan = parse(query), plans.DocumentPlan(parse(query))
    for _ in range(2):  # the second time from the plan made the first time
        _order.clear()
        planned = plan.execute(RESOLVED, None, variables, None)
        planned_order = list(_order)
        _order.clear()
        assert planned is not None, "planned"
        assert _answer(planned) == _answer(execute(RESOLVED, document, variable_values=variables))
        assert planned_order == _order
    assert plan.fields, "the fields were planned"


def test_a_literal_list_is_coerced_afresh_for_each_request():
    seen = []
    schema = build_schema("input F { names: [String] } type Query { f(f: F, n: [Int]): Int }")
    _bind(schema, "Query", f=lambda _, __, **arguments: seen.append(arguments) or 1)
    plan = plans.DocumentPlan(parse('{ f(f: {names: ["a"]}, n: [1]) }'))
    plan.execute(schema, None, None, None)
    seen[0]["f"]["names"].append("changed by a resolver")
    plan.execute(schema, None, None, None)
    assert seen[1] == {"f": {"names": ["a"]}, "n": [1]}


# Variables: the compiled coercers make what graphql-core's coerce_input_value makes, and refuse
# what it refuses (graphql-core then words the error, as every refused-variable test above shows).
@functools.cache
def mock_schema():
    return create_app(load_scenario("default"), public_url="http://mock.test")[EXECUTOR].schema


def coerced_alike(type_text: str, value) -> None:
    # The mock's schema has no ID or Float: those from the schema of the resolved fields above.
    schema = mock_schema() if type_text.strip("[]!") in mock_schema().type_map else RESOLVED
    input_type = type_from_ast(schema, parse_type(type_text))
    compiled, expected = variables.coercer(input_type)(value), coerce_input_value(value, input_type)
    assert (compiled is Undefined) == (expected is Undefined), (type_text, value)
    assert repr(compiled) == repr(expected), (type_text, value)


PAYLINK = CREATE["variables"]["payLink"]


@pytest.mark.parametrize(
    ("type_text", "value"),
    [
        ("PayLinkInput!", PAYLINK),
        ("PayLinkInput!", None),
        ("PayLinkInput", None),
        ("PayLinkInput!", {**PAYLINK, "colour": "red"}),  # an unknown field
        ("PayLinkInput!", {k: v for k, v in PAYLINK.items() if k != "personName"}),  # a required one missing
        ("PayLinkInput!", {**PAYLINK, "personName": None}),
        ("PayLinkInput!", {**PAYLINK, "invoiceDate": "soon"}),  # the custom scalar refuses it
        ("PayLinkInput!", {**PAYLINK, "visibleUntil": None}),
        ("PayLinkInput!", {**PAYLINK, "attributes": {"id": "one", "value": "a list of one"}}),
        ("PayLinkInput!", {**PAYLINK, "attributes": [{"id": "x"}]}),
        ("PayLinkInput!", {**PAYLINK, "attributes": [None]}),
        ("PayLinkInput!", [PAYLINK]),
        ("PayLinkInput!", "a string"),
        ("PayLinkFiltersInput", {"status": {"equalTo": "paid"}}),
        ("PayLinkFiltersInput", {"status": {"equalTo": "PAID"}}),  # the enum refuses it
        ("PayLinkFiltersInput", {"status": {"equalTo": 3}}),
        ("PayLinkOrderInput", {}),
        ("Int", 2**31),
        ("Int", -(2**31)),
        ("Int", 2.0),
        ("Int", 2.5),
        ("Int", True),
        ("Int", "3"),
        ("[Int!]", [1, None]),
        ("[Int!]", 4),
        ("[Int!]!", []),
        ("[[Int]]", [[1], 2, None]),
        ("ID", 5),
        ("ID", 5.5),
        ("String", 5),
        ("Boolean", 0),
        ("Float", 3),
        ("Float", "3"),
    ],
)
def test_a_compiled_coercer_coerces_as_graphql_core(type_text, value):
    coerced_alike(type_text, value)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "x", "15497", "EUR", "2019-02-05T09:57:14+00:00", "paid", "sms"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)
_ATTRIBUTES = st.lists(
    st.fixed_dictionaries({"id": st.sampled_from(["source", "a", ""])}, optional={"value": _SCALARS | _JSON}),
    max_size=3,
)
_DROPPED = object()
# PayLinkInputs near the documented one: up to two fields dropped or replaced by anything.
_PAYLINK_INPUTS = st.dictionaries(
    st.sampled_from([*PAYLINK, "visibleUntil", "unknownField"]),
    st.just(_DROPPED) | _SCALARS | _ATTRIBUTES | _JSON,
    max_size=2,
).map(lambda changes: {k: v for k, v in {**PAYLINK, **changes}.items() if v is not _DROPPED})


@settings(max_examples=200, derandomize=True, deadline=None)
@given(_PAYLINK_INPUTS | _JSON)
def test_the_payLink_variable_is_coerced_as_graphql_core_coerces_it(value):
    coerced_alike("PayLinkInput!", value)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_PAYLINK_INPUTS)
def test_create_paylink_answers_the_same_planned_or_not(monkeypatch, pay_link):
    body = {"query": CREATE["query"], "variables": {"payLink": pay_link}}
    planned, planned_world = executor_and_world(monkeypatch, True, [body["query"]])
    generic, generic_world = executor_and_world(monkeypatch, False, [body["query"]])
    loop = asyncio.new_event_loop()
    try:
        expected = loop.run_until_complete(generic.run(body, RequestContext(generic_world)))
        answer = loop.run_until_complete(planned.run(body, RequestContext(planned_world)))
    finally:
        loop.close()
    assert dumps(answer) == dumps(expected)
