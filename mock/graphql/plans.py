"""What executing a cached document costs only once: its operation, fragments, root fields and
variable signatures (with their values' coercion compiled), the fields each selection collects,
each field's definition, arguments and completion, and which objects are read field by field
straight from their attributes.

graphql-core's executor finds all of that again on every request, and completes each leaf field
through its generic resolve, `info`, path and completion steps: for a page of twenty PayLinks
that was most of the request. A document planned here finds them once, and an object whose
selected fields are all attributes holding scalars, enums, lists or such objects is read in one
loop. Anything the loop is not sure of (an attribute that is callable, a
null in a non-null field, a value the scalar refuses) hands the object back to graphql-core,
which reads it again and answers exactly as it always did, errors included: reading attributes
changes nothing, so reading twice is safe. A field with a resolver is resolved once, as
graphql-core would (the same `info`, the same arguments); its errors go through graphql-core's
own handle_field_error, so they are located, propagated and worded the same."""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import attrgetter
from typing import Any, NamedTuple

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
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
    OperationType,
    Undefined,
    VariableNode,
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
    collect_fields,
)
from graphql.execution.get_variable_signature import GraphQLVariableSignature, get_variable_signature
from graphql.execution.values import (
    VariableValues,
    VariableValueSource,
    get_argument_values,
    input_is_nested_too_deeply,
    maybe_use_default_value,
)
from graphql.language import DocumentNode, Visitor
from graphql.language.parser import MAX_NESTING_DEPTH
from graphql.pyutils import AwaitableOrValue, Path
from graphql.type.definition import GraphQLResolveInfo, is_required_argument
from graphql.utilities.coerce_input_value import coerce_input_literal

from .variables import Coerce, coercer

# A value to its place in the answer, raising _Unsure for graphql-core to complete it instead.
Complete = Callable[[Any], Any]


class Completion(NamedTuple):
    """How a field's value is completed: `complete` takes any value; `fast` is the same as an
    expression of `{v}` (the value), `{c}` (complete) and `{n}` (`names`) that answers the
    common case inline, written into an object's reader."""

    complete: Complete
    fast: str = "{c}({v})"
    names: Any = None


class ObjectReads:
    """An object type's selected fields, read by one function made for them once per selection
    of a document: their attributes at once through an attrgetter, then one dict display of
    their completions. A page of twenty PayLinks is twenty calls of `read`; through a loop over
    the fields it was seven calls more per PayLink, which were most of a search's answer."""

    __slots__ = ("names", "read")

    def __init__(self, reads: list[tuple[str, str, Completion]]) -> None:
        self.names = tuple(name for name, _, _ in reads)
        self.read: Callable[[Any], dict[str, Any]] = _reader(reads)


def _reader(reads: list[tuple[str, str, Completion]]) -> Callable[[Any], dict[str, Any]]:
    attributes = tuple(attribute for _, attribute, _ in reads)
    # attrgetter answers a tuple only for two names or more
    get = attrgetter(*attributes) if len(attributes) > 1 else _one_getter(attributes[0])
    namespace: dict[str, Any] = {
        "objects": _OBJECTS,
        "is_mapping": _is_mapping,
        "attributes": attributes,
        "get": get,
        "plain": _PLAIN,
    }
    entries = []
    for i, (name, _, completion) in enumerate(reads):
        namespace[f"c{i}"], namespace[f"n{i}"] = completion.complete, completion.names
        entries.append(f"{name!r}: " + completion.fast.format(v=f"v{i}", c=f"c{i}", n=f"n{i}"))
    values = "".join(f"v{i}, " for i in range(len(reads)))
    source = (
        "def read(source):\n"
        "    if type(source) is dict or (type(source) not in objects and is_mapping(source)):\n"
        f"        {values}= [source.get(a) for a in attributes]\n"
        "    else:\n"
        "        try:\n"
        f"            {values}= get(source)\n"
        "        except AttributeError:  # a slot never set, a property failing: None, as resolve_to\n"
        f"            {values}= [getattr(source, a, None) for a in attributes]\n"
        f"    return {{{', '.join(entries)}}}\n"
    )
    exec(compile(source, f"<reader of {', '.join(attributes)}>", "exec"), namespace)
    return namespace["read"]


# The types read so far that are not mappings: asking Mapping's isinstance of a PayLink costs
# more than reading it, twenty times for a page.
_OBJECTS: set[type] = set()


def _is_mapping(source: Any) -> bool:
    if isinstance(source, Mapping):
        return True
    _OBJECTS.add(type(source))
    return False


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
        # Keyed by the field details list's identity: every list asked about is one the plan
        # keeps (its operations' root fields, `subfields`), so no identity is reused.
        self.fields: dict[int, FieldPlan | None] = {}

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
        executor = PlannedExecutor(
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
        )
        return executor.execute_planned(operation)


class OperationPlan(NamedTuple):
    """The operation a request names, its fragments, and its variables' signatures: what
    graphql-core's Executor.build finds on every request."""

    node: OperationDefinitionNode
    fragment_definitions: dict[str, FragmentDefinitionNode]
    fragments: dict[str, FragmentDetails]
    # Each variable's signature, whether its value is checked for nesting too deep, and the
    # function coercing its value, compiled for its type.
    variables: tuple[tuple[GraphQLVariableSignature, bool, Coerce], ...]
    # The root fields, collected once: without directives they cannot depend on the variables.
    root_type: GraphQLObjectType
    root_fields: GroupedFieldSet

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
        variables = tuple(
            (s, _nests_deeper_than(s.type, MAX_NESTING_DEPTH), coercer(s.type)) for s in signatures
        )
        fragments = {name: FragmentDetails(node, None) for name, node in definitions.items()}
        root_type = schema.get_root_type(operations[0].operation)
        if root_type is None:
            return None  # graphql-core says the schema has no such operation
        try:
            root_fields = collect_fields(schema, fragments, _NO_VARIABLES, root_type, operations[0])[0]
        except RecursionError:
            return None  # graphql-core says the selections nest too deeply
        return OperationPlan(operations[0], definitions, fragments, variables, root_type, root_fields)

    def coerce(self, inputs: dict[str, Any]) -> VariableValues | None:
        """graphql-core's coercion of each value (coerce_variable_values, minus what it finds
        again on every request, through the compiled coercers), or None for graphql-core to
        say what is wrong."""
        sources, coerced = {}, {}
        for signature, deep, coerce in self.variables:
            value = inputs.get(signature.name, Undefined)
            if value is Undefined:
                if isinstance(signature.type, GraphQLNonNull):
                    return None
                sources[signature.name] = VariableValueSource(signature)
                continue
            sources[signature.name] = VariableValueSource(signature, value)
            if deep and input_is_nested_too_deeply(value, signature.type):
                return None
            coerced_value = coerce(value)
            if coerced_value is Undefined:
                return None
            coerced[signature.name] = coerced_value
        return VariableValues(sources, coerced)


_NO_VARIABLES = VariableValues({}, {})


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

    def build_response(self, data: dict[str, Any] | None) -> ExecutionResult:
        """The answer, the executor's last step; then the cycle graphql-core's Executor makes
        with itself (`async_helpers` holds two of its bound methods) is broken, so the executor
        and all it reached are freed at once rather than by the collector: they were most of
        what every request left to it, and what made its full collections frequent under load."""
        try:
            return super().build_response(data)
        finally:
            self.async_helpers = None

    def execute_planned(self, operation: OperationPlan) -> AwaitableOrValue[ExecutionResult]:
        """execute_operation, from the root fields the plan collected (no abort signal, no
        incremental delivery: the endpoint uses neither)."""
        try:
            data = self.execute_root_grouped_field_set(
                operation.root_type,
                self.root_value,
                operation.root_fields,
                operation.node.operation == OperationType.MUTATION,
                None,
            )
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        return self._response_awaited(data) if self.is_awaitable(data) else self.build_response(data)

    async def _response_awaited(self, data: Any) -> ExecutionResult:
        try:
            return self.build_response(await data)
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """graphql-core's execute_field, with the field's definition, arguments and completion
        found once per document; the same errors, located the same way."""
        field = self._field(parent_type, field_details_list)
        if field is None:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        info = GraphQLResolveInfo(
            field.name,
            field.nodes,
            field.type,
            parent_type,
            path,
            self.schema,
            self.fragment_definitions,
            self.root_value,
            self.operation,
            self.variable_values,
            self.context_value,
            self.is_awaitable,
            self.abort_signal,
            self.async_helpers,
        )
        try:
            result = field.resolve(source, info, **field.arguments(self))
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    field.type, field_details_list, info, path, result, position_context
                )
            completed = field.complete(self, info, path, result)
            if self.is_awaitable(completed):
                return self._completed_awaited(completed, field, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, field_details_list, path)
            return None
        return completed

    async def _completed_awaited(self, completed: Any, field: "FieldPlan", path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, field.details, path)
            return None

    def _field(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> "FieldPlan | None":
        key = id(details)
        if key not in self.plan.fields:
            self.plan.fields[key] = self._plan_field(parent_type, details)
        return self.plan.fields[key]

    def _plan_field(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> "FieldPlan | None":
        node = details[0].node
        field = self.schema.get_field(parent_type, node.name.value)
        if field is None or self.middleware_manager is not None or details[0].fragment_variable_values:
            return None  # graphql-core's: an unknown field left out, a resolver wrapped per call
        return FieldPlan(
            node.name.value,
            field.type,
            details,
            [d.node for d in details],
            field.resolve or self.field_resolver,
            _arguments(field, node),
            self._plan_completion(field.type, details),
        )

    def _plan_completion(
        self, graphql_type: GraphQLOutputType, details: FieldDetailsList
    ) -> "FieldCompletion":
        """How a resolved field's value is completed: read by the plan where it can be, else by
        graphql-core's complete_value, which words every error."""

        def generic(executor: PlannedExecutor, info: Any, path: Path, result: Any) -> Any:
            return executor.complete_value(graphql_type, details, info, path, result, None)

        completion = self._plan_value(graphql_type, details)
        if completion is not None:
            read = completion.complete

            def complete(executor: PlannedExecutor, info: Any, path: Path, result: Any) -> Any:
                try:
                    return read(result)
                except Exception:  # _Unsure, or what reading raised: graphql-core completes it
                    return generic(executor, info, path, result)

            return complete
        object_type = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
        if not isinstance(object_type, GraphQLObjectType) or object_type.is_type_of:
            return generic  # a list of such objects, an interface, a union: graphql-core's
        grouped_field_set, deferred, _ = self.collect_subfields(object_type, details)
        if deferred:
            return generic

        def complete_object(executor: PlannedExecutor, info: Any, path: Path, result: Any) -> Any:
            if result is None or isinstance(result, Exception):
                return generic(executor, info, path, result)
            return executor.execute_fields(object_type, result, path, grouped_field_set, None)

        return complete_object

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

    def _plan_value(self, graphql_type: GraphQLOutputType, details: FieldDetailsList) -> Completion | None:
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


# A resolved field's value to its place in the answer: (executor, info, path, value).
FieldCompletion = Callable[[PlannedExecutor, Any, Path, Any], Any]


class FieldPlan(NamedTuple):
    """What graphql-core's execute_field finds on every call, found once per document."""

    name: str
    type: GraphQLOutputType
    details: FieldDetailsList  # kept here so that its identity, the plan's key, stays its own
    nodes: list[FieldNode]
    resolve: Callable
    arguments: "Callable[[Executor], dict[str, Any]]"
    complete: FieldCompletion


def _arguments(field: GraphQLField, node: FieldNode) -> "Callable[[Executor], dict[str, Any]]":
    """The field's arguments for a request: literals and defaults are constants of the document,
    variables are read from the coerced variables. Anything else (a list or an input object
    written in the document, a variable missing or null where the argument needs a value) goes
    through graphql-core's get_argument_values, which coerces it afresh or words the error."""
    if not field.args:
        return _no_arguments

    def generic(executor: Executor) -> dict[str, Any]:
        return get_argument_values(field, node, executor.variable_values, None, executor.hide_suggestions)

    # In the schema's order, as graphql-core fills them: (out name, the variable or None for a
    # constant, the constant or the variable's default, whether the argument is non-null).
    steps: list[tuple[str, str | None, Any, bool]] = []
    nodes = {argument.name.value: argument.value for argument in node.arguments or ()}
    for name, argument in field.args.items():
        out_name = argument.out_name or name
        value_node = nodes.get(name)
        if value_node is None or isinstance(value_node, VariableNode):
            default = _default_of(argument)
            if default is _GENERIC:
                return generic
            if value_node is None:
                if default is not Undefined:
                    steps.append((out_name, None, default, False))
                continue
            non_null = isinstance(argument.type, GraphQLNonNull)
            steps.append((out_name, value_node.name.value, default, non_null))
            continue
        value = coerce_input_literal(value_node, argument.type)
        if value is Undefined or not isinstance(value, _IMMUTABLE):
            return generic  # graphql-core words it; a list or dict must be fresh per request
        steps.append((out_name, None, value, False))
    steps_ = tuple(steps)

    def arguments(executor: Executor) -> dict[str, Any]:
        values, coerced = {}, executor.variable_values.coerced
        for out_name, variable, constant, non_null in steps_:
            if variable is None:
                values[out_name] = constant
                continue
            value = coerced.get(variable, Undefined)
            if value is Undefined:
                if constant is _REQUIRED:
                    return generic(executor)
                if constant is not Undefined:
                    values[out_name] = constant
            elif value is None and non_null:
                return generic(executor)
            else:
                values[out_name] = value
        return values

    return arguments


def _no_arguments(_: Executor) -> dict[str, Any]:
    return {}


_GENERIC, _REQUIRED = object(), object()
# Literal values safe to share between requests; a list or an input object is not.
_IMMUTABLE = (str, int, float, bool, type(None), Decimal, datetime, date, Enum)


def _default_of(argument: GraphQLArgument) -> Any:
    """What an argument left out takes: its coerced default, Undefined when it has none,
    _REQUIRED when it must be given, _GENERIC when graphql-core must word a bad default."""
    if is_required_argument(argument):
        return _REQUIRED
    found: dict[str, Any] = {}

    def refused(*_: Any) -> None:
        raise _Unsure

    try:
        maybe_use_default_value(found, "default", argument, refused)
    except Exception:
        return _GENERIC
    return found.get("default", Undefined)


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
# Values of these types are never null, callable or errors: no need to ask.
_PLAIN = frozenset({str, int, float, bool, datetime, date, Decimal})
_SPECIFIED = specified_scalar_types  # by name


def _leaf(leaf: GraphQLLeafType, non_null: bool) -> Completion:
    coerce = leaf.coerce_output_value

    def complete(value: Any) -> Any:
        if type(value) not in _PLAIN and _unread(value):
            return _null(value, non_null)
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Unsure
        return coerced

    if isinstance(leaf, GraphQLEnumType):
        # What coerce_output_value looks a value up in; an unhashable value raises TypeError
        # there, and graphql-core completes the object instead. Enum names are never empty.
        return Completion(complete, "({n}.get({v}) or {c}({v}))", leaf._value_lookup)
    if leaf is GraphQLInt:
        return Completion(
            complete,
            f"({{v}} if type({{v}}) is int and {GRAPHQL_MIN_INT} <= {{v}} <= {GRAPHQL_MAX_INT}"
            " else {c}({v}))",
        )
    unchanged = _UNCHANGED.get(leaf.name)
    if unchanged is not None and leaf is _SPECIFIED.get(leaf.name):
        return Completion(complete, f"({{v}} if type({{v}}) is {unchanged.__name__} else {{c}}({{v}}))")
    # Any other scalar (DateTime: two per PayLink of a page): a plain value coerced inline, as
    # `complete` would; a falsy answer (None, Undefined, or a valid 0 or "") is complete's to give.
    return Completion(complete, "(({n}({v}) or {c}({v})) if type({v}) in plain else {c}({v}))", coerce)


def _list(items: Completion, non_null: bool) -> Completion:
    def complete(value: Any) -> Any:
        if _unread(value):
            return _null(value, non_null)
        if type(value) is not list and type(value) is not tuple:  # graphql-core takes any iterable
            raise _Unsure
        return [complete_item(item) for item in value]

    complete_item = items.complete
    return Completion(complete)


# Types of which no value is ever one _unread leaves aside (None, a callable, an error: each a
# matter of the type alone): their values are read without asking, twenty times for a page.
_ALWAYS_READ: set[type] = set()


def _object(reads: ObjectReads, non_null: bool) -> Completion:
    read = reads.read

    def complete(value: Any) -> Any:
        if type(value) in _ALWAYS_READ:
            return read(value)
        if _unread(value):
            return _null(value, non_null)
        _ALWAYS_READ.add(type(value))
        return read(value)

    return Completion(complete)
