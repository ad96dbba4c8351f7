"""Cross-origin calls to /v1: GraphQL clients hosted on another origin (a front-end dev server,
a browser-hosted IDE) call the mock straight from the page. aiohttp-cors answers their preflights
(OPTIONS) and puts Access-Control-Allow-Origin on every answer, refusals included, so the page
can read a 401's message too."""

from collections.abc import Sequence

import aiohttp_cors
from aiohttp import web
from yarl import URL

__all__ = ["ANY_ORIGIN", "allow_cross_origin", "origin"]

ANY_ORIGIN = "*"
# The key travels in a header, never in a cookie: no credentials, any request header (X-AUTH-TOKEN,
# Content-Type), and browsers may keep a preflight's answer for ten minutes.
OPTIONS = aiohttp_cors.ResourceOptions(allow_headers="*", allow_methods=["GET", "POST"], max_age=600)


def allow_cross_origin(app: web.Application, resource: web.Resource, origins: Sequence[str]) -> None:
    """Pages from `origins` (or from anywhere, with ANY_ORIGIN) may call `resource`. With none,
    the preflights are still answered: a 403 that says the origin is not allowed, which a
    developer reads more easily than a 405."""
    cors = aiohttp_cors.setup(app, defaults={allowed: OPTIONS for allowed in origins})
    cors.add(resource)


def origin(text: str) -> str:
    """An allowed origin as browsers send it in their Origin header (scheme, host and a port other
    than the scheme's own, lowercase), or ANY_ORIGIN; ValueError says what was expected."""
    expected = f"expected an origin such as http://localhost:3000 (or {ANY_ORIGIN}), got {text!r}"
    if text == ANY_ORIGIN:
        return text
    try:
        url = URL(text)
    except ValueError:
        raise ValueError(expected) from None
    extra = url.path not in ("", "/") or url.query_string or url.fragment or url.user
    if url.scheme not in ("http", "https") or not url.host or extra:
        raise ValueError(expected)
    return str(url.origin())
