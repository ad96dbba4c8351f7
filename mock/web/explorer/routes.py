"""The explorer's routes: GET /v1 for a browser, Altair's files under /explorer/, and the
documented examples as an Altair collection at GET /_mock/altair-collection.json."""

from aiohttp import web

from ...control.admin import ADMIN_TOKEN
from ...control.common import REGISTRY, ControlQuery, query_of
from ...registry import Registry
from . import altair

__all__ = ["ASSETS_PATH", "explorer_page", "routes"]

ASSETS_PATH = "/explorer"
routes = web.RouteTableDef()
routes.static(ASSETS_PATH, altair.ASSETS)


async def explorer_page(request: web.Request) -> web.Response:
    """GET /v1: the explorer, for a browser (Accept: text/html); any other client keeps the answer
    it always had, 405, the API being POST."""
    if not asks_for_html(request.headers.get("Accept", "")):
        raise web.HTTPMethodNotAllowed(request.method, ["POST"])
    # A server with an admin token is open to others: its page does not hand out a tenant's key
    # to whoever opens it; `?key=` fills it in.
    key = request.query.get("key") or ("" if ADMIN_TOKEN in request.app else _default_key(request))
    html = altair.page(ASSETS_PATH, _api_url(request), key)
    # The same URL answers a 405 to other clients: a cache must tell them apart.
    return web.Response(text=html, content_type="text/html", headers={"Vary": "Accept"})


class CollectionQuery(ControlQuery):
    # A browser's download link cannot send headers: it names the key in the query.
    key: str | None = None


@routes.get("/_mock/altair-collection.json")
async def altair_collection(request: web.Request) -> web.Response:
    """The documented examples as an Altair collection, sending the caller's key (X-AUTH-TOKEN or
    ?key=), or the first tenant's."""
    query = query_of(request, CollectionQuery)
    key = request.headers.get(altair.KEY_HEADER) or query.key
    if key:
        request.app[REGISTRY].world_for_key(key)  # an unknown key is refused, not exported
    else:
        key = _default_key(request)
    headers = {"Content-Disposition": 'attachment; filename="reminders-mock.agc"'}
    return web.json_response(altair.collection(_api_url(request), key), headers=headers)


def asks_for_html(accept: str) -> bool:
    """Whether an Accept header names text/html with a quality above 0, as a browser's navigation
    does; curl's */* and GraphQL clients' application/json do not."""
    for media_range in accept.split(","):
        media, *parameters = (part.strip() for part in media_range.split(";"))
        if media.lower() == "text/html" and _quality(parameters) > 0:
            return True
    return False


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _default_key(request: web.Request) -> str:
    """The key `serve` prints first: the first tenant's first."""
    registry: Registry = request.app[REGISTRY]
    return registry.scenario.tenants[0].api_keys[0].key


def _api_url(request: web.Request) -> str:
    return f"{request.url.origin()}/v1"
