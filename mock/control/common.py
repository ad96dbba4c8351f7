"""What every handler needs from a request: the registry and the caller's tenant; and what every
control-API handler needs besides: the request body and JSON views."""

from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from ..bodies import parse_json, text_of
from ..core.errors import BadInput, Unauthenticated, parse_input
from ..core.values import Count, format_datetime
from ..registry import Registry
from ..world import World

REGISTRY = web.AppKey("registry", Registry)


class ControlRequest(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", defer_build=True
    )


class ControlQuery(BaseModel):
    """The query parameters one control-API path reads, each a field named as the parameter."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


Q = TypeVar("Q", bound=ControlQuery)
T = TypeVar("T")

PAGE_SIZE = 1000  # items in one answer at most: a log of 100,000 deliveries is read in pages


class PageQuery(ControlQuery):
    """A list path's page: `limit` items from `offset` (0, the oldest, by default)."""

    limit: Annotated[Count, Field(le=PAGE_SIZE)] = PAGE_SIZE
    offset: Count = 0


def page(items: Sequence[T], query: PageQuery) -> tuple[Sequence[T], dict[str, Any]]:
    """The page of `items` the query asks for, and what a client needs to read on: the `total`,
    and the `next` page's offset (None after the last page)."""
    shown = items[query.offset : query.offset + query.limit]
    end = query.offset + len(shown)
    more = {"total": len(items), "offset": query.offset, "limit": query.limit}
    return shown, {**more, "next": end if end < len(items) else None}


def query_of(request: web.Request, model: type[Q]) -> Q:
    """The query parameters as `model` reads them, or every problem with them at once. One the
    path does not read (a typo, say) or one given twice is refused, not ignored: ignoring it
    would answer a question the client did not ask."""
    query, reads = request.query, list(model.model_fields)
    problems = [
        BadInput.expected(name, f"expected a parameter this path reads ({', '.join(reads)})", query[name])
        if name not in reads
        else BadInput.expected(name, "expected the parameter once", query.getall(name))
        for name in dict.fromkeys(query)
        if name not in reads or len(query.getall(name)) > 1
    ]
    try:
        parsed = parse_input(model, {name: query[name] for name in reads if name in query}, root="")
    except BadInput as error:
        problems.extend(error.problems)
    if problems:
        raise BadInput.together(problems)
    return parsed


def registry_of(request: web.Request) -> Registry:
    return request.app[REGISTRY]


def tenant_of(request: web.Request) -> World | None:
    """The tenant whose key the request carries, or else whose landing page it opens: a payer's
    browser carries no key, and the test that sent the payer there wants to see the clicks."""
    registry = registry_of(request)
    world = registry.find(request.headers.get("X-AUTH-TOKEN"))
    if world is None and "customer" in request.match_info:
        world = registry.by_customer(request.match_info["customer"])
    if world is None and "code" in request.match_info:
        world = registry.by_short_code(request.match_info["code"])
    return world


def world_of(request: web.Request) -> World:
    """The tenant a control-API request names with X-AUTH-TOKEN (no allow-list: the test's own)."""
    return registry_of(request).world_for_key(request.headers.get("X-AUTH-TOKEN"))


def world_of_reader(request: web.Request, key: str | None) -> World:
    """The tenant of a read a browser makes (an EventSource, a link opened from the dashboard):
    it cannot send headers, so it may name the tenant by its key in the query, `?key=`."""
    world = registry_of(request).find(request.headers.get("X-AUTH-TOKEN") or key)
    if world is None:
        raise Unauthenticated("X-AUTH-TOKEN: expected the API key of a tenant (or ?key= from a browser)")
    return world


async def body_of(request: web.Request) -> Any:
    """The JSON body; no body at all reads as {} (the journal may have read the stream already,
    aiohttp keeps what it read)."""
    text = await text_of(request)
    return parse_json(text) if text.strip() else {}


def as_json(value: Any) -> Any:
    """A domain object as the API would show it: camelCase names, RFC 3339 dates."""
    if is_dataclass(value) and not isinstance(value, type):
        return {to_camel(name): as_json(item) for name, item in asdict(value).items()}
    if isinstance(value, dict):
        return {to_camel(str(name)): as_json(item) for name, item in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a NamedTuple (a PayLink's Attribute)
        return as_json(value._asdict())
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, datetime):
        return format_datetime(value)
    return value
