"""What one GraphQL operation may ask of the server: how deep it nests, how many fields it
selects (aliases and fragment spreads counted as often as they run) and what it costs, a page of
a search costing its `limit` times what each item selects.

Measured before graphql-core's own validation rules, some of which compare every pair of
fields: 200,000 `__typename` would keep them busy for seconds. Each fragment is measured once
and remembered, so a fragment spread twice by a fragment spread twice... costs a look-up per
spread, not a walk per path (25 such levels are 2^25 paths)."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import GraphQLError, GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema
from graphql.language import (
    FieldNode,
    FragmentSpreadNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.validation import ValidationRule

MAX_DEPTH = 10  # nested fields; the documented queries need 5
MAX_FIELDS = 1_000  # fields per operation, each alias and each spread of a fragment counted
MAX_COST = 10_000  # e.g. 7 pages of 100 PayLinks with a dozen fields: a fraction of a second
MAX_TOKENS = 20_000  # a document longer than this is refused while it is parsed
DEFAULT_PAGE = 20  # what a search's `limit` is when the query leaves it out (schema.graphql)
MAX_PAGE = 100  # what a `limit` given as a variable may be at most (core.store.MAX_LIMIT)


@dataclass(frozen=True)
class Measure:
    """What a selection asks for: its deepest nesting, its fields, its cost."""

    depth: int = 0
    fields: int = 0
    cost: int = 0

    def __add__(self, other: "Measure") -> "Measure":
        return Measure(max(self.depth, other.depth), self.fields + other.fields, self.cost + other.cost)


IN_PROGRESS = Measure()  # a fragment that spreads itself: NoFragmentCyclesRule refuses it later


class QueryLimitsRule(ValidationRule):
    """Refuses an operation over MAX_DEPTH, MAX_FIELDS or MAX_COST, each with its own code.
    Introspection fields do not count towards the depth: clients' standard introspection query
    is deep by nature and harmless."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.fragments: dict[str, Measure] = {}
        self.paged = paged_fields(context.schema)

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        try:
            measure = self._selections(node.selection_set)
        except RecursionError:  # fragments spreading fragments thousands deep
            measure = Measure(depth=MAX_DEPTH + 1)
        for code, name, limit, what, got in (
            ("QUERY_TOO_DEEP", "depth", MAX_DEPTH, "nested fields", measure.depth),
            ("QUERY_TOO_MANY_FIELDS", "fields", MAX_FIELDS, "fields, aliases counted", measure.fields),
            ("QUERY_TOO_COSTLY", "cost", MAX_COST, "(a search: 1 + its limit x its items)", measure.cost),
        ):
            if got > limit:
                message = f"query {name}: expected at most {limit} {what}, got {got}"
                self.report_error(GraphQLError(message, node, extensions={"code": code}))

    def _selections(self, selection_set: SelectionSetNode | None) -> Measure:
        total = Measure()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self._field(selection)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
            else:  # an inline fragment
                total += self._selections(selection.selection_set)
        return total

    def _field(self, field: FieldNode) -> Measure:
        inner = self._selections(field.selection_set)
        introspection = field.name.value.startswith("__")
        depth = 0 if introspection else 1 + inner.depth
        return Measure(depth, 1 + inner.fields, 1 + _page_size(field, self.paged) * inner.cost)

    def _fragment(self, name: str) -> Measure:
        if name not in self.fragments:
            fragment = self.context.get_fragment(name)
            self.fragments[name] = IN_PROGRESS
            self.fragments[name] = self._selections(fragment.selection_set) if fragment else Measure()
        return self.fragments[name]


def _page_size(field: FieldNode, paged: frozenset[str]) -> int:
    """How many items a field may answer: a search its `limit` (a variable's or a literal's over
    MAX_PAGE is counted as MAX_PAGE, the most the search answers), anything else one."""
    limit = next(
        (argument.value for argument in field.arguments or () if argument.name.value == "limit"), None
    )
    if isinstance(limit, IntValueNode):
        return max(0, min(int(limit.value), MAX_PAGE)) if len(limit.value) < 10 else MAX_PAGE
    if limit is not None:
        return MAX_PAGE
    return DEFAULT_PAGE if field.name.value in paged else 1


@cache
def paged_fields(schema: GraphQLSchema) -> frozenset[str]:
    """The fields that answer a page of search results: those taking a `limit`."""
    return frozenset(
        name
        for graphql_type in schema.type_map.values()
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType)
        for name, definition in graphql_type.fields.items()
        if "limit" in definition.args
    )
