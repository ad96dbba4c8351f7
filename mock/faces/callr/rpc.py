"""JSON-RPC 2.0 as CALLR answers it: one request object per HTTP request, positional params, and
exactly one of `result` or `error` in the answer, whatever the body holds."""

import logging
from typing import Any

from ...bodies import parse_json
from ...core.errors import BadInput
from .account import CallrAccount
from .errors import CallrError
from .methods import call

log = logging.getLogger(__name__)


def answer(raw: bytes, account: CallrAccount) -> dict[str, Any]:
    """The JSON-RPC answer to one request body; never raises."""
    try:
        request = _request(raw)
    except CallrError as error:
        return _error(None, error)
    request_id = request.get("id")
    try:
        return {
            "id": request_id,
            "jsonrpc": "2.0",
            "result": call(account, request["method"], request["params"]),
        }
    except CallrError as error:
        return _error(request_id, error)
    except Exception:
        # A bug of the mock's: logged for us, answered to the client, and the server carries on.
        log.exception("CALLR method %s failed", request["method"])
        return _error(request_id, CallrError("INTERNAL_ERROR"))


def _request(raw: bytes) -> dict[str, Any]:
    try:
        request = parse_json(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CallrError("PARSE_ERROR", expected="a JSON-RPC 2.0 request object in UTF-8") from None
    except BadInput as error:  # not JSON, nested past any use, or text UTF-8 cannot hold
        raise CallrError("PARSE_ERROR", expected=error.message) from None
    if isinstance(request, list):
        raise CallrError("INVALID_REQUEST", "batch", expected="one request object; batches are not supported")
    if not isinstance(request, dict):
        raise CallrError("INVALID_REQUEST", expected="a JSON object", got=type(request).__name__)
    if not isinstance(request.get("id"), int | str | None) or isinstance(request.get("id"), bool):
        raise CallrError("INVALID_REQUEST", "id", expected="an int, a string or null", got=request["id"])
    if request.get("jsonrpc") != "2.0":
        raise CallrError("INVALID_REQUEST", "jsonrpc", expected='"2.0"', got=request.get("jsonrpc"))
    if not isinstance(request.get("method"), str):
        raise CallrError(
            "INVALID_REQUEST", "method", expected="the method's name, a string", got=request.get("method")
        )
    params = request.setdefault("params", [])
    if not isinstance(params, list):
        raise CallrError("INVALID_REQUEST", "params", expected="positional params, an array", got=params)
    return request


def _error(request_id: Any, error: CallrError) -> dict[str, Any]:
    return {"id": request_id, "jsonrpc": "2.0", "error": error.as_json()}
