"""A variable's input type compiled once into a function coercing a request's value of it, the
same value graphql-core's `coerce_input_value` makes, or Undefined where that refuses it.

graphql-core walks the type again for every value: asks what kind each type is, looks up each
input object's fields, defaults and names. The function here knows them; a createPayLink's
PayLinkInput is a dict display of its fields. It only says *whether* a value is refused: the
plan then leaves the request to graphql-core, which words the error as it always did."""

from collections.abc import Callable
from typing import Any

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLString,
    Undefined,
)
from graphql.type.definition import is_required_input_field
from graphql.utilities.coerce_input_value import coerce_default_value, coerce_input_value

Coerce = Callable[[Any], Any]

# The built-in scalars that take a value of exactly this type unchanged.
_UNCHANGED: dict[GraphQLLeafType, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}


def coercer(input_type: GraphQLInputType) -> Coerce:
    """The function coercing values of `input_type`, as coerce_input_value(value, input_type)."""
    return _Compiler().compile(input_type)


class _Compiler:
    """Compiles each input object once, so that a type containing itself compiles too."""

    def __init__(self) -> None:
        self.objects: dict[GraphQLInputObjectType, Coerce | None] = {}

    def compile(self, input_type: GraphQLInputType) -> Coerce:
        if isinstance(input_type, GraphQLNonNull):
            return _non_null(self.compile(input_type.of_type))
        if isinstance(input_type, GraphQLList):
            return _list(input_type, self.compile(input_type.of_type))
        if isinstance(input_type, GraphQLInputObjectType):
            return self._input_object(input_type)
        return _leaf(input_type)

    def _input_object(self, input_type: GraphQLInputObjectType) -> Coerce:
        if input_type in self.objects:  # being compiled: called through the finished one
            return lambda value: self.objects[input_type](value)
        self.objects[input_type] = None
        self.objects[input_type] = compiled = _input_object(input_type, self)
        return compiled


def _non_null(coerce: Coerce) -> Coerce:
    def non_null(value: Any) -> Any:
        return Undefined if value is None or value is Undefined else coerce(value)

    return non_null


def _list(list_type: GraphQLList, coerce_item: Coerce) -> Coerce:
    def coerce(value: Any) -> Any:
        if value is None or value is Undefined:
            return None
        if type(value) is not list:  # a single value taken as a list of one, a tuple...
            return coerce_input_value(value, list_type)
        items = []
        for item in value:
            item = coerce_item(item)
            if item is Undefined:
                return Undefined
            items.append(item)
        return items

    return coerce


def _input_object(input_type: GraphQLInputObjectType, compiler: _Compiler) -> Coerce:
    if input_type.is_one_of:
        return lambda value: coerce_input_value(value, input_type)  # rare: graphql-core's own rules
    fields, known = [], frozenset(input_type.fields)
    for name, field in input_type.fields.items():
        required = is_required_input_field(field)
        # graphql-core memoises a default on its field: the same object each request, as here
        default = Undefined if required else coerce_default_value(field)
        fields.append((name, field.out_name or name, compiler.compile(field.type), required, default))
    out_type = input_type.out_type

    def coerce(value: Any) -> Any:
        if value is None or value is Undefined:
            return None
        if type(value) is not dict or not known.issuperset(value):
            return coerce_input_value(value, input_type)  # not a dict, an unknown field: refused
        coerced = {}
        for name, out_name, coerce_field, required, default in fields:
            field_value = value.get(name, Undefined)
            if field_value is Undefined:
                if required:
                    return Undefined
                if default is not Undefined:
                    coerced[out_name] = default
                continue
            field_value = coerce_field(field_value)
            if field_value is Undefined:
                return Undefined
            coerced[out_name] = field_value
        return out_type(coerced)

    return coerce


def _leaf(leaf: GraphQLLeafType) -> Coerce:
    parse, unchanged, int_ = leaf.coerce_input_value, _UNCHANGED.get(leaf), leaf is GraphQLInt

    def coerce(value: Any) -> Any:
        if value is None or value is Undefined:
            return None
        if type(value) is unchanged or (
            int_ and type(value) is int and GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT
        ):
            return value
        try:
            return parse(value)
        except Exception:  # graphql-core's too: a refused value is Undefined, worded later
            return Undefined

    return coerce
