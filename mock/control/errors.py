"""How the control API answers what went wrong: one JSON `error` object, whatever failed, so a
test reading the answer never meets an HTML or plain-text page."""

from typing import Any

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
