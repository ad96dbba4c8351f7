"""create_app: wires the rooms together into one aiohttp application."""

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from mock import control
from mock.core.errors import MockError
from mock.graphql import EXECUTOR, REGISTRY, Executor, build_schema, error_body, handle_graphql
from mock.registry import Registry
from mock.scenario.models import Scenario

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 32 * 1024 * 1024  # room for a Base64 file of many thousands of records

MAX_BODY = web.AppKey("max_body", int)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_app(scenario: Scenario, *, public_url: str, max_body: int = MAX_BODY_BYTES) -> web.Application:
    app = web.Application(client_max_size=max_body, middlewares=[_errors_as_json])
    app[REGISTRY] = Registry(scenario, public_url)
    app[EXECUTOR] = Executor(build_schema())
    app[MAX_BODY] = max_body
    app.router.add_post("/v1", handle_graphql)
    app.router.add_routes(control.routes)
    return app


@web.middleware
async def _errors_as_json(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure answers JSON the client can read; nothing a request does stops the server."""
    try:
        return await handler(request)
    except MockError as error:
        return _error(request, error.message, error.code, error.http_status, error.field)
    except web.HTTPRequestEntityTooLarge:
        message = f"request body: expected at most {request.app[MAX_BODY]} bytes, got more"
        return _error(request, message, "REQUEST_TOO_LARGE", 413)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("request %s %s failed", request.method, request.path)
        return _error(request, "internal error", "INTERNAL_SERVER_ERROR", 500)


def _error(
    request: web.Request, message: str, code: str, status: int, field: str | None = None
) -> web.Response:
    """GraphQL's error shape on /v1; a plain `error` object on the control API."""
    if request.path.startswith("/_mock"):
        body = {"error": {"code": code, "message": message, **({"field": field} if field else {})}}
    else:
        body = error_body(message, code)
    return web.json_response(body, status=status)
