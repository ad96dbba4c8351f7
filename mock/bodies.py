"""What a client sent, read one way for /v1, the control API and the landing pages: decoded as its
charset says, parsed as JSON or a form, and refused with a 4xx naming what is wrong when it is
not what it claims to be. Text that cannot be stored (a lone UTF-16 surrogate such as "\\ud800",
which JSON can write but UTF-8 cannot) is refused here, at the edge, before anything keeps it:
once stored it broke every later read of the record."""

import codecs
import json
import math
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError
from multidict import MultiDict

from .core.errors import BadInput, MockError, field_path

MAX_JSON_DEPTH = 64  # arrays and objects inside each other; no API input needs a tenth of it
MAX_INTEGER_DIGITS = 40  # wider than any 128-bit number; Python refuses to read 4,300 and more
BODY = "request body"


class UnsupportedCharset(MockError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    http_status = 415


async def text_of(request: web.Request) -> str:
    """The body as text, decoded with the charset its Content-Type names (UTF-8 when none)."""
    try:
        raw = await request.read()
    except RequestPayloadError:  # e.g. Content-Encoding: gzip on a body that is not
        encoding = request.headers.get("Content-Encoding", "")
        raise BadInput(f"{BODY}: expected data encoded as Content-Encoding {encoding!r} says") from None
    charset = request.charset or "utf-8"
    try:
        codecs.lookup(charset)
        return raw.decode(charset)
    except LookupError:  # unknown, or a codec that is not a text encoding (base64, zlib)
        raise UnsupportedCharset(
            f"Content-Type charset: expected a text encoding such as utf-8, got {charset!r}",
            field="charset",
        ) from None
    except UnicodeDecodeError as error:
        raise BadInput(
            f"{BODY}: expected text in {charset}, bytes {error.start}-{error.end} are not ({error.reason})"
        ) from None


def parse_json(text: str) -> Any:
    """JSON as the API reads it: no NaN or Infinity (answers could not be JSON again), integers
    of at most MAX_INTEGER_DIGITS, nesting of at most MAX_JSON_DEPTH, text that UTF-8 can hold."""
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BadInput(f"{BODY}: expected JSON ({error.msg} at position {error.pos})") from None
    except RecursionError:
        raise BadInput(f"{BODY}: expected JSON nested at most {MAX_JSON_DEPTH} deep") from None
    check_json(value)
    return value


async def json_of(request: web.Request) -> Any:
    return parse_json(await text_of(request))


async def form_of(request: web.Request) -> MultiDict[str]:
    """A landing page's urlencoded form; its percent-escapes must be text in the charset too."""
    charset, text = request.charset or "utf-8", await text_of(request)
    try:
        return MultiDict(parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict"))
    except UnicodeDecodeError as error:
        raise BadInput(f"form: expected text in {charset}, some bytes are not ({error.reason})") from None


def check_json(value: Any) -> None:
    """Refuses nesting deeper than MAX_JSON_DEPTH and text UTF-8 cannot hold, naming where.
    Walked with a stack, not recursion, so no depth of input can exhaust Python's."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > MAX_JSON_DEPTH:
            raise BadInput(f"{_where(path)}: expected JSON nested at most {MAX_JSON_DEPTH} deep")
        if isinstance(item, str):
            _check_text(item, path)
        elif isinstance(item, dict):
            for name, inner in item.items():
                _check_text(name, path)
                stack.append((inner, (*path, name)))
        elif isinstance(item, list):
            stack.extend((inner, (*path, index)) for index, inner in enumerate(item))


def _check_text(text: str, path: tuple[Any, ...]) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        where = _where(path)
        raise BadInput(
            f"{where}: expected text, got a lone UTF-16 surrogate "
            f"({text[error.start]!r} at character {error.start}); write the pair or the character itself",
            field=where,
        ) from None


def _where(path: tuple[Any, ...]) -> str:
    return field_path("", path, spelled=str) or BODY


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(f"an integer of at most {MAX_INTEGER_DIGITS} digits, got {len(digits)}")
    return int(digits)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Refused(f"a number a float can hold, got {text[:40]}")
    return number


def _no_constant(name: str) -> Any:
    raise _Refused(f"JSON numbers, got {name}")


class _Refused(BadInput):
    """A value json.loads read but the API does not take; raised from inside the parser."""

    def __init__(self, expected: str) -> None:
        super().__init__(f"{BODY}: expected {expected}")
