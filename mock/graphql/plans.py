"""What executing a cached document costs only once: its operation, fragments and variable
signatures, the fields each selection collects, and which objects are read field by field
straight from their attributes.

graphql-core's executor finds all of that again on every request, and completes each leaf field
through its generic resolve, `info`, path and completion steps: for a page of twenty PayLinks
that was most of the request. A document planned here finds them once, and an object whose
selected fields are all attributes holding scalars, enums, lists or such objects is read in one
loop. Anything the loop is not sure of (an attribute that is callable, a
null in a non-null field, a value the scalar refuses) hands the object back to graphql-core,
which reads it again and answers exactly as it always did, errors included: reading attributes
changes nothing, so reading twice is safe."""

from collections.abc import Callable, Mapping
from operator import attrgetter, call
from typing import Any, NamedTuple

from graphql import (
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    Undefined,
    default_field_resolver,
    default_type_resolver,
    is_leaf_type,
    specified_scalar_types,
    visit,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import (
    CollectedFields,
    FieldDetailsList,
    FragmentDetails,
    GroupedFieldSet,
)
from graphql.execution.get_variable_signature import GraphQLVariableSignature, get_variable_signature
from graphql.execution.values import (
    VariableValues,
    VariableValueSource,
    input_is_nested_too_deeply,
)
from graphql.language import DocumentNode, Visitor
from graphql.language.parser import MAX_NESTING_DEPTH
from graphql.pyutils import AwaitableOrValue
from graphql.utilities.coerce_input_value import coerce_input_value

# A value to its place in the answer, raising _Unsure for graphql-core to complete it instead.
Complete = Callable[[Any], Any]


class ObjectReads:
    """An object type's selected fields, read in one loop: their response names, the attributes
    they read (all at once through an attrgetter) and how each value is completed. Made once
    per selection of a document; a page of twenty PayLinks is then twenty turns of `read`."""

    __slots__ = ("_get", "attributes", "completes", "names")

    def __init__(self, reads: list[tuple[str, str, Complete]]) -> None:
        self.names = tuple(name for name, _, _ in reads)
        self.attributes = tuple(attribute for _, attribute, _ in reads)
        self.completes = tuple(complete for _, _, complete in reads)
        # attrgetter answers a tuple only for two names or more
        self._get = attrgetter(*self.attributes) if len(reads) > 1 else _one_getter(self.attributes[0])

    def read(self, source: Any) -> dict[str, Any]:
        if isinstance(source, Mapping):
            values: Any = [source.get(attribute) for attribute in self.attributes]
        else:
            try:
                values = self._get(source)
            except AttributeError:  # a slot never set, or a property failing: None, as resolve_to reads
                values = [getattr(source, attribute, None) for attribute in self.attributes]
        return dict(zip(self.names, map(call, self.completes, values), strict=True))


def _one_getter(attribute: str) -> Callable[[Any], tuple]:
    get = attrgetter(attribute)
    return lambda source: (get(source),)


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

    def __init__(self, document: DocumentNode | None = None) -> None:
        self.document = document
        self.operations: dict[str | None, OperationPlan | None] = {}
        # Keyed by the field nodes' identities: the document, cached with this plan, keeps them.
        self.subfields: dict[tuple, CollectedFields] = {}
        # Keyed by the grouped field set's identity; the set is kept alive in `subfields`.
        self.reads: dict[int, ObjectReads | None] = {}

    @staticmethod
    def of(document: DocumentNode) -> "DocumentPlan | None":
        return None if _has_directives(document) else DocumentPlan(document)

    def execute(
        self, schema: GraphQLSchema, context: Any, variables: dict | None, operation_name: str | None
    ) -> AwaitableOrValue[ExecutionResult] | None:
        """What graphql-core's `execute` answers, or None where it must answer itself: no
        operation to run, or variables it refuses (it words the errors)."""
        if operation_name not in self.operations:
            self.operations[operation_name] = OperationPlan.of(schema, self.document, operation_name)
        operation = self.operations[operation_name]
        variable_values = operation and operation.coerce(variables or {})
        if variable_values is None:
            return None
        return PlannedExecutor(
            schema,
            operation.fragment_definitions,
            operation.fragments,
            None,
            context,
            operation.node,
            variable_values,
            default_field_resolver,
            default_type_resolver,
            default_field_resolver,
            plan=self,
        ).execute_operation()


class OperationPlan(NamedTuple):
    """The operation a request names, its fragments, and its variables' signatures: what
    graphql-core's Executor.build finds on every request."""

    node: OperationDefinitionNode
    fragment_definitions: dict[str, FragmentDefinitionNode]
    fragments: dict[str, FragmentDetails]
    # Each variable's signature, and whether its value is checked for nesting too deep.
    variables: tuple[tuple[GraphQLVariableSignature, bool], ...]

    @staticmethod
    def of(schema: GraphQLSchema, document: DocumentNode, name: str | None) -> "OperationPlan | None":
        operations = [
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
            and (name is None or (definition.name and definition.name.value == name))
        ]
        definitions = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        if len(operations) != 1 or any(d.variable_definitions for d in definitions.values()):
            return None  # graphql-core says which operation is missing or that a name is needed
        signatures = [
            get_variable_signature(schema, node) for node in operations[0].variable_definitions or ()
        ]
        if any(isinstance(s, GraphQLError) or s.default is not None for s in signatures):
            return None  # a default to coerce, or a type that is not an input: graphql-core's words
        variables = tuple((s, _nests_deeper_than(s.type, MAX_NESTING_DEPTH)) for s in signatures)
        fragments = {name: FragmentDetails(node, None) for name, node in definitions.items()}
        return OperationPlan(operations[0], definitions, fragments, variables)

    def coerce(self, inputs: dict[str, Any]) -> VariableValues | None:
        """graphql-core's coercion of each value (coerce_variable_values, minus what it finds
        again on every request), or None for graphql-core to say what is wrong."""
        sources, coerced = {}, {}
        for signature, deep in self.variables:
            value = inputs.get(signature.name, Undefined)
            if value is Undefined:
                if isinstance(signature.type, GraphQLNonNull):
                    return None
                sources[signature.name] = VariableValueSource(signature)
                continue
            sources[signature.name] = VariableValueSource(signature, value)
            if deep and input_is_nested_too_deeply(value, signature.type):
                return None
            coerced_value = coerce_input_value(value, signature.type)
            if coerced_value is Undefined:
                return None
            coerced[signature.name] = coerced_value
        return VariableValues(sources, coerced)


def _nests_deeper_than(input_type: GraphQLInputType, limit: int, seen: frozenset = frozenset()) -> bool:
    """Whether a value of the type can nest more than `limit` deep: only through an input type
    that contains itself (the mock's inputs nest five deep at most)."""
    while isinstance(input_type, GraphQLNonNull | GraphQLList):
        if isinstance(input_type, GraphQLList):
            limit -= 1
        input_type = input_type.of_type
    if not isinstance(input_type, GraphQLInputObjectType):
        return limit < 0
    if input_type in seen or limit <= 0:
        return True
    return any(
        _nests_deeper_than(field.type, limit - 1, seen | {input_type}) for field in input_type.fields.values()
    )


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
        reads = self._reads(parent_type, grouped_field_set)
        if reads is not None:
            try:
                return reads.read(source_value)
            except Exception:  # _Unsure, or what reading an attribute raised: graphql-core says it
                pass
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)

    def _reads(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> ObjectReads | None:
        key = id(grouped_field_set)
        if key not in self.plan.reads:
            self.plan.reads[key] = self._plan_reads(parent_type, grouped_field_set)
        return self.plan.reads[key]

    def _plan_reads(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> ObjectReads | None:
        """How to read every field of the set from an object's attributes, or None when one of
        them needs more: a resolver of its own, arguments, a type the plan does not complete."""
        reads = []
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            field = parent_type.fields.get(node.name.value)
            if field is None or field.args or node.arguments:
                return None
            attribute = _attribute_of(node.name.value, field.resolve or self.field_resolver)
            complete = self._plan_value(field.type, details)
            if attribute is None or complete is None:
                return None
            reads.append((response_name, attribute, complete))
        return ObjectReads(reads)

    def _plan_value(self, graphql_type: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        non_null = isinstance(graphql_type, GraphQLNonNull)
        graphql_type = graphql_type.of_type if non_null else graphql_type
        if is_leaf_type(graphql_type):
            return _leaf(graphql_type, non_null)
        if isinstance(graphql_type, GraphQLList):
            items = self._plan_value(graphql_type.of_type, details)
            return None if items is None else _list(items, non_null)
        if isinstance(graphql_type, GraphQLObjectType) and not graphql_type.is_type_of:
            grouped_field_set, deferred, _ = self.collect_subfields(graphql_type, details)
            reads = None if deferred else self._reads(graphql_type, grouped_field_set)
            return None if reads is None else _object(reads, non_null)
        return None  # an interface or a union: graphql-core resolves the type


def _attribute_of(field_name: str, resolve: Callable) -> str | None:
    if isinstance(resolve, Attribute):
        return resolve.name
    return field_name if resolve is default_field_resolver else None


class _Unsure(Exception):
    """A value graphql-core must complete: it may be an error, which graphql-core words."""


def _unread(value: Any) -> bool:
    """Whether a value is one the completion leaves aside: a null, or what graphql-core must word
    (an error) or call (resolve_to would call a callable, with an `info` only graphql-core has)."""
    return value is None or callable(value) or isinstance(value, Exception)


def _null(value: Any, non_null: bool) -> None:
    """An unread value's answer: null where the field allows it, else graphql-core's."""
    if value is None and not non_null:
        return None
    raise _Unsure


# The built-in scalars that answer a value of exactly this type unchanged (graphql-core's
# serialize_string, serialize_id, serialize_boolean): the common case, without a call.
_UNCHANGED = {"String": str, "ID": str, "Boolean": bool}
_SPECIFIED = specified_scalar_types  # by name
_INT_RANGE = range(-(2**31), 2**31)  # what GraphQL's Int holds, as serialize_int checks


def _leaf(leaf: GraphQLLeafType, non_null: bool) -> Complete:
    coerce = leaf.coerce_output_value

    def complete_any(value: Any) -> Any:
        if _unread(value):
            return _null(value, non_null)
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Unsure
        return coerced

    if isinstance(leaf, GraphQLEnumType):
        names = leaf._value_lookup  # what coerce_output_value looks a hashable value up in

        def complete_enum(value: Any) -> Any:
            name = names.get(value) if value.__hash__ is not None else None
            return complete_any(value) if name is None else name

        return complete_enum
    if leaf is GraphQLInt:

        def complete_int(value: Any) -> Any:
            return value if type(value) is int and value in _INT_RANGE else complete_any(value)

        return complete_int
    unchanged = _UNCHANGED.get(leaf.name)
    if unchanged is not None and leaf is _SPECIFIED.get(leaf.name):

        def complete_unchanged(value: Any) -> Any:
            return value if type(value) is unchanged else complete_any(value)

        return complete_unchanged
    return complete_any


def _list(items: Complete, non_null: bool) -> Complete:
    def complete(value: Any) -> Any:
        if _unread(value):
            return _null(value, non_null)
        if type(value) is not list and type(value) is not tuple:  # graphql-core takes any iterable
            raise _Unsure
        return [items(item) for item in value]

    return complete


def _object(reads: ObjectReads, non_null: bool) -> Complete:
    def complete(value: Any) -> Any:
        return _null(value, non_null) if _unread(value) else reads.read(value)

    return complete
