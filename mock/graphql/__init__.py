"""The GraphQL endpoint: schema.graphql bound to every service's resolvers, executed with a
cache of parsed and validated documents, behind X-AUTH-TOKEN and the key's IP allow-list."""

import logging
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from ariadne import MutationType, QueryType, ScalarType, convert_camel_case_to_snake, make_executable_schema
from cachetools import LRUCache
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    execute,
    parse,
    specified_rules,
    validate,
)

from .. import query_limits, resources
from ..bodies import json_of, json_response
from ..control.common import REGISTRY
from ..core.errors import MockError
from ..core.values import format_datetime, parse_datetime
from ..imports import resolvers as imports
from ..mandates import resolvers as mandates
from ..paylinks import resolvers as paylinks
from ..query_limits import QueryLimitsRule
from ..voice import resolvers as voice
from ..web.on_first_use import EXECUTOR
from ..world import World
from .plans import Attribute, DocumentPlan

log = logging.getLogger(__name__)

CACHED_QUERY_CHARS = 16 * 1024  # longer query texts are parsed each time they come
DOCUMENT_CACHE_CHARS = 2 * 1024 * 1024  # query text remembered in all, oldest used forgotten first


@dataclass
class RequestContext:
    """What every resolver may read: the caller's tenant and the HTTP request."""

    world: World
    request: web.Request | None = None


def build_schema() -> GraphQLSchema:
    """schema.graphql is the contract; resolvers are bound to it, never the other way round."""
    query, mutation = QueryType(), MutationType()
    for namespace in ("import", "payLink", "mandate"):
        query.set_field(namespace, _namespace)
    for namespace in ("import", "payLink", "mandate", "voice"):
        mutation.set_field(namespace, _namespace)
    date_time = ScalarType("DateTime", serializer=format_datetime, value_parser=parse_datetime)
    attributes: dict[tuple[str, str], str] = {}
    schema = make_executable_schema(
        resources.schema_path().read_text(encoding="utf-8"),
        query,
        mutation,
        date_time,
        *imports.bindables,
        *paylinks.bindables,
        *mandates.bindables,
        *voice.bindables,
        convert_names_case=_recording_names(attributes),
    )
    for (type_name, field_name), attribute in attributes.items():
        # Ariadne gave these fields its own resolve_to(attribute); the same, with its name kept
        # for the plans (mock/graphql/plans.py) to read the attribute without calling it.
        schema.type_map[type_name].fields[field_name].resolve = Attribute(attribute)
    return schema


def _recording_names(attributes: dict[tuple[str, str], str]):
    """Ariadne's camelCase to snake_case, noting the object fields it makes resolvers for: those
    without a resolver of their own, whose snake_case name differs."""

    def convert(name: str, schema: GraphQLSchema, path: tuple[str, ...]) -> str:
        converted = convert_camel_case_to_snake(name)
        if len(path) == 2 and converted != name and isinstance(schema.type_map[path[0]], GraphQLObjectType):
            attributes[path] = converted
        return converted

    return convert


def _namespace(*_: Any) -> dict:
    """`import`, `payLink`... only group fields; the grouped resolvers need nothing from them."""
    return {}


@dataclass(frozen=True)
class Prepared:
    """A query text parsed and validated: its document, or the errors that refused it."""

    document: DocumentNode | None
    errors: list[GraphQLError]
    size: int  # the query's length, what the document cache counts
    plan: DocumentPlan | None = None


class Executor:
    """Runs operations; a query text seen before costs only its execution. Only short texts are
    remembered, up to DOCUMENT_CACHE_CHARS of them in all: 60 distinct queries of 60,000
    aliases once took the server to gigabytes."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.documents: LRUCache[str, Prepared] = LRUCache(
            maxsize=DOCUMENT_CACHE_CHARS, getsizeof=lambda prepared: prepared.size
        )

    def prepare(self, query: str) -> Prepared:
        prepared = self.documents.get(query)
        if prepared is None:
            prepared = self._parse_and_validate(query)
            if prepared.size <= CACHED_QUERY_CHARS:
                self.documents[query] = prepared
        return prepared

    def _parse_and_validate(self, query: str) -> Prepared:
        try:
            document = parse(query, max_tokens=query_limits.MAX_TOKENS)
        except GraphQLError as error:
            error.extensions = {"code": "GRAPHQL_PARSE_FAILED"}
            return Prepared(None, [error], len(query))
        # The limits first, alone: some of graphql-core's rules compare every pair of fields.
        errors = validate(self.schema, document, [QueryLimitsRule]) or validate(
            self.schema, document, specified_rules
        )
        for error in errors:
            error.extensions = error.extensions or {"code": "GRAPHQL_VALIDATION_FAILED"}
        if errors:
            return Prepared(None, errors, len(query))
        return Prepared(document, [], len(query), DocumentPlan.of(document))

    async def run(self, body: Any, context: RequestContext) -> dict[str, Any]:
        query, variables, operation_name = _request_parts(body)
        prepared = self.prepare(query)
        if prepared.document is None:
            return {"errors": [f for error in prepared.errors for f in _formatted(error)]}
        result = prepared.plan and prepared.plan.execute(self.schema, context, variables, operation_name)
        if result is None:  # not planned, or an answer only graphql-core words
            result = execute(
                self.schema,
                prepared.document,
                context_value=context,
                variable_values=variables,
                operation_name=operation_name,
            )
        if not isinstance(result, ExecutionResult):
            result = await result
        response: dict[str, Any] = {}
        if result.errors:
            response["errors"] = [f for error in result.errors for f in _formatted(error)]
        if result.data is not None or not result.errors:
            response["data"] = result.data
        return response


class BadRequest(MockError):
    code = "BAD_REQUEST"


def _request_parts(body: Any) -> tuple[str, dict | None, str | None]:
    if not isinstance(body, dict):
        raise BadRequest("request body: expected a JSON object with 'query' and optional 'variables'")
    query, variables, operation_name = (
        body.get("query"),
        body.get("variables"),
        body.get("operationName"),
    )
    if not isinstance(query, str) or not query.strip():
        raise BadRequest("query: expected the GraphQL document as a string")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("variables: expected a JSON object or null")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest("operationName: expected a string or null")
    return query, variables, operation_name


def _formatted(error: GraphQLError) -> list[dict[str, Any]]:
    """The GraphQL errors sent for one error, each with an `extensions.code` saying what kind it is.
    A resolver raises one exception however many fields are wrong: its problems become one
    GraphQL error each, at the same path."""
    original = error.original_error
    if isinstance(original, MockError):
        return [
            {**error.formatted, "message": problem.message, "extensions": problem.extensions}
            for problem in original.problems
        ]
    if error.path is None:
        # Raised before any resolver ran: variables the schema refused, an unknown operation.
        error.extensions = error.extensions or _variable_extensions(error.message)
        return [error.formatted]
    log.error("resolver failed at %s", error.path, exc_info=original)
    return [{**error.formatted, "message": "internal error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]


# graphql-core's words for a variable it refused (pinned in pyproject.toml): "Variable '$payLink'
# has invalid value at .attributes[0]: ... to include required field 'value' ...".
_REFUSED_VARIABLE = re.compile(r"Variable '\$(\w+)' has invalid value(?: at ((?:\.\w+|\[\d+\])+))?: ")
_NAMED_FIELD = re.compile(r"(?:to include required|not to include unknown) field '(\w+)'")


def _variable_extensions(message: str) -> dict[str, Any]:
    """BAD_USER_INPUT, and the field the schema refused as the mock's own errors name fields
    (`payLink.invoiceDate`), when the message says which one."""
    refused = _REFUSED_VARIABLE.match(message)
    if refused is None:
        return {"code": "BAD_USER_INPUT"}
    field = refused.group(1) + (refused.group(2) or "")
    named = _NAMED_FIELD.search(message, refused.end())
    return {"code": "BAD_USER_INPUT", "field": f"{field}.{named.group(1)}" if named else field}


async def handle_graphql(request: web.Request) -> web.Response:
    """POST /v1: authenticate, read the body, execute. GraphQL errors answer 200, as the spec has it."""
    world = request.app[REGISTRY].authenticate(request.headers.get("X-AUTH-TOKEN"), request.remote)
    result = await request.app[EXECUTOR].run(await json_of(request), RequestContext(world, request))
    return json_response(result)
