"""What executing a cached document costs only once: the fields each selection collects, and
which objects are read field by field straight from their attributes.

graphql-core's executor collects every selection set again on every request, and completes
each leaf field through its generic resolve, `info`, path and completion steps: for a page of
twenty PayLinks that was most of the request. A document planned here keeps its collected
fields across requests, and an object whose selected fields are all attributes holding scalars
or enums is read in one loop. Anything the loop is not sure of (an attribute that is callable, a
null in a non-null field, a value the scalar refuses) hands the object back to graphql-core,
which reads it again and answers exactly as it always did, errors included: reading attributes
changes nothing, so reading twice is safe."""

from collections.abc import Callable, Mapping
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    default_field_resolver,
    is_leaf_type,
    visit,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList, GroupedFieldSet
from graphql.language import DocumentNode, Visitor

# (response name, attribute, the leaf type, whether null is refused)
LeafRead = tuple[str, str, GraphQLLeafType, bool]


class Attribute:
    """A field resolved from the attribute (or key) of the same name in snake_case: Ariadne's
    `resolve_to`, with its attribute's name kept where the plan can read it."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, parent: Any, info: Any, **arguments: Any) -> Any:
        value = _read(parent, self.name)
        return value(info, **arguments) if callable(value) else value


def _read(parent: Any, name: str) -> Any:
    if isinstance(parent, Mapping):
        return parent.get(name)
    return getattr(parent, name, None)


class DocumentPlan:
    """One document's plan, shared by every request that sends it. Only for documents whose
    selections cannot depend on the variables (no @skip or @include: no directive at all)."""

    def __init__(self) -> None:
        # Keyed by the field nodes' identities: the document, cached with this plan, keeps them.
        self.subfields: dict[tuple, CollectedFields] = {}
        # Keyed by the grouped field set's identity; the set is kept alive in `subfields`.
        self.leaf_reads: dict[int, tuple[LeafRead, ...] | None] = {}

    @staticmethod
    def of(document: DocumentNode) -> "DocumentPlan | None":
        return None if _has_directives(document) else DocumentPlan()


def _has_directives(document: DocumentNode) -> bool:
    class Finder(Visitor):
        found = False

        def enter_directive(self, *_: Any) -> Any:
            self.found = True
            return self.BREAK

    finder = Finder()
    visit(document, finder)
    return finder.found


class PlannedExecutor(Executor):
    """graphql-core's executor (without @defer and @stream, which the schema does not declare),
    taking what does not depend on the request from the document's plan."""

    def __init__(self, *arguments: Any, plan: DocumentPlan, **options: Any) -> None:
        super().__init__(*arguments, **options)
        self.plan = plan

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> CollectedFields:
        key = (return_type, *[id(details.node) for details in field_details_list])
        collected = self.plan.subfields.get(key)
        if collected is None:
            collected = self.plan.subfields[key] = super().collect_subfields(return_type, field_details_list)
        return collected

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        reads = self._leaf_reads(parent_type, grouped_field_set)
        if reads is not None:
            completed = _read_leaves(reads, source_value)
            if completed is not None:
                return completed
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)

    def _leaf_reads(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> tuple[LeafRead, ...] | None:
        key = id(grouped_field_set)
        if key not in self.plan.leaf_reads:
            self.plan.leaf_reads[key] = _plan_leaf_reads(parent_type, grouped_field_set, self.field_resolver)
        return self.plan.leaf_reads[key]


def _plan_leaf_reads(
    parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet, field_resolver: Callable
) -> tuple[LeafRead, ...] | None:
    """How to read every field of the set from an object's attributes, or None when one of them
    needs more: a resolver of its own, arguments, a selection of its own."""
    reads = []
    for response_name, details in grouped_field_set.items():
        node = details[0].node
        field = parent_type.fields.get(node.name.value)
        if field is None or field.args or node.arguments:
            return None
        attribute = _attribute_of(node.name.value, field.resolve or field_resolver)
        non_null = isinstance(field.type, GraphQLNonNull)
        leaf_type = field.type.of_type if non_null else field.type
        if attribute is None or not is_leaf_type(leaf_type):
            return None
        reads.append((response_name, attribute, leaf_type, non_null))
    return tuple(reads)


def _attribute_of(field_name: str, resolve: Callable) -> str | None:
    if isinstance(resolve, Attribute):
        return resolve.name
    return field_name if resolve is default_field_resolver else None


def _read_leaves(reads: tuple[LeafRead, ...], source: Any) -> dict[str, Any] | None:
    """The object's fields, or None for graphql-core to complete it (and say what is wrong)."""
    completed = {}
    try:
        for response_name, attribute, leaf_type, non_null in reads:
            value = _read(source, attribute)
            if value is None:
                if non_null:
                    return None
                completed[response_name] = None
                continue
            if callable(value) or isinstance(value, Exception):
                return None
            coerced = leaf_type.coerce_output_value(value)
            if coerced is None or coerced is Undefined:
                return None
            completed[response_name] = coerced
    except Exception:
        return None
    return completed
