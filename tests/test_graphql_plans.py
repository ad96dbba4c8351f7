"""A planned document answers byte for byte what graphql-core's generic execution answers: every
documented example, and every value the plan's fast reading leaves to graphql-core (nulls in
non-null fields, callable attributes, errors, values a scalar or an enum refuses)."""

from enum import StrEnum
from types import MappingProxyType

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, build_schema, execute, parse
from graphql.language.parser import MAX_NESTING_DEPTH

from reminders_mock.app import create_app
from reminders_mock.bodies import dumps
from reminders_mock.control.common import REGISTRY
from reminders_mock.graphql import EXECUTOR, RequestContext, plans
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
