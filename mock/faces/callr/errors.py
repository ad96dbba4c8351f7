"""CALLR's errors: a message in CALLR's words (`PROPERTY_VALUE_ERROR [from]`), a numeric code,
and data saying what was expected. The README's "CALLR face" section lists every code."""

from typing import Any

# message → code. The JSON-RPC protocol's own problems keep the specification's codes.
CODES: dict[str, int] = {
    "PARSE_ERROR": -32700,
    "INVALID_REQUEST": -32600,
    "METHOD_NOT_FOUND": -32601,
    "INVALID_PARAM_COUNT": -32602,
    "INTERNAL_ERROR": -32603,
    "AUTHENTICATION_FAILED": 1,
    "FORBIDDEN": 3,
    "OBJECT_NOT_FOUND": 20,
    "PROPERTY_VALUE_ERROR": 22,
    "PROPERTY_TYPE_ERROR": 23,
    "INVALID_PARAM_FORMAT": 24,
}


class CallrError(Exception):
    """An RPC outcome that is an error: answered with HTTP 200 and a JSON-RPC `error`."""

    def __init__(self, name: str, subject: str | None = None, **data: Any) -> None:
        self.message = f"{name} [{subject}]" if subject else name
        self.code = CODES[name]
        self.data = data or None
        super().__init__(self.message)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "data": self.data}


def value_error(field: str, expected: str, got: Any) -> CallrError:
    return CallrError("PROPERTY_VALUE_ERROR", field, expected=expected, got=got)


def type_error(field: str, expected: str, got: Any) -> CallrError:
    return CallrError("PROPERTY_TYPE_ERROR", field, expected=expected, got=type_name(got))


def format_error(field: str, expected: str, got: Any) -> CallrError:
    return CallrError("INVALID_PARAM_FORMAT", field, expected=expected, got=got)


def not_found(kind: str, hash_: Any) -> CallrError:
    return CallrError("OBJECT_NOT_FOUND", kind, expected=f"the hash of one of your {kind} objects", got=hash_)


def type_name(value: Any) -> str:
    """A value's type in JSON's words, as a client written in any language sees it."""
    names = {bool: "bool", int: "int", float: "float", str: "string", list: "array", dict: "object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
