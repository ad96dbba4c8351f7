"""How the control API answers what went wrong: one JSON `error` object, whatever failed, so a
test reading the answer never meets an HTML or plain-text page."""

from typing import Any

from aiohttp import web

from ..core.errors import BadInput, MockError


def is_control(path: str) -> bool:
    return path == "/_mock" or path.startswith("/_mock/")


def error_json(code: str, message: str, field: str | None = None, **more: Any) -> dict[str, Any]:
    """`{"error": {"code", "message", "field"}}`, the shape clients were written against, and
    what more a kind of error adds."""
    return {"error": {"code": code, "message": message, **({"field": field} if field else {}), **more}}


def mock_error_json(error: MockError) -> dict[str, Any]:
    """Bad input lists its problems, each with its field, besides the single-error fields: a
    client can show every problem at once and old clients keep reading `field` and `message`."""
    if not isinstance(error, BadInput):
        return error_json(error.code, error.message, error.field)
    problems = [
        {**({"field": problem.field} if problem.field else {}), "message": problem.message}
        for problem in error.problems
    ]
    return error_json(error.code, error.message, error.field, problems=problems)


def http_error(request: web.Request, error: web.HTTPException) -> web.Response:
    """A refusal of aiohttp's own (no such path, not this method) in the control API's shape."""
    where = f"{request.method} {request.path}"
    if isinstance(error, web.HTTPMethodNotAllowed):
        allowed = sorted(error.allowed_methods)
        body = error_json("METHOD_NOT_ALLOWED", f"{where}: expected {' or '.join(allowed)}", allowed=allowed)
    elif isinstance(error, web.HTTPNotFound):
        message = f"{where}: no such path in the control API; 'paths' lists those there are"
        body = error_json("NOT_FOUND", message, paths=control_paths(request.app.router))
    else:
        body = error_json(error.reason.upper().replace(" ", "_"), f"{where}: {error.reason}")
    headers = {"Allow": error.headers["Allow"]} if "Allow" in error.headers else None
    return web.json_response(body, status=error.status, headers=headers)


def control_paths(router: web.UrlDispatcher) -> list[str]:
    """Every route of the control API as `METHOD /path`, by path. HEAD is left out: aiohttp adds
    it to every GET by itself."""
    paths = {
        f"{route.method} {route.resource.canonical}"
        for route in router.routes()
        if route.resource is not None and is_control(route.resource.canonical) and route.method != "HEAD"
    }
    return sorted(paths, key=lambda path: (path.split(" ", 1)[1], path))
