"""What a client sent, read one way for /v1, the control API and the landing pages: decoded as its
charset says, parsed as JSON or a form, and refused with a 4xx naming what is wrong when it is
not what it claims to be. Text that cannot be stored (a lone UTF-16 surrogate such as "\\ud800",
which JSON can write but UTF-8 cannot) is refused here, at the edge, before anything keeps it:
once stored it broke every later read of the record. And JSON answers, written as they are read:
with orjson, several times faster than the standard library."""

import codecs
import json
import math
from typing import Any
from urllib.parse import parse_qsl

import orjson
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
    return _decoded(await _bytes_of(request), request.charset or "utf-8")


async def _bytes_of(request: web.Request) -> bytes:
    try:
        return await request.read()
    except RequestPayloadError:  # e.g. Content-Encoding: gzip on a body that is not
        encoding = request.headers.get("Content-Encoding", "")
        raise BadInput(f"{BODY}: expected data encoded as Content-Encoding {encoding!r} says") from None


def _decoded(raw: bytes, charset: str) -> str:
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
    value = _plain_json(text)
    return _exact_json(text) if value is _UNSURE else value


_UNSURE = object()


def _plain_json(data: str | bytes) -> Any:
    """orjson's reading when it is surely the standard library's too, else _UNSURE: orjson refuses
    what the API refuses (NaN, lone surrogates, bytes that are not UTF-8), but with words of its
    own, and reads an integer past 64 bits as a float; so any refusal, any float and any nesting
    past the limit are read again by _exact_json, which says what is wrong as it always has."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return _UNSURE
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            if isinstance(item, float):
                return _UNSURE
            continue
        if depth == MAX_JSON_DEPTH:
            return _UNSURE
        for inner in item:  # a loop, not extend() of a generator: a third of the walk's time
            if isinstance(inner, _NESTED_OR_FLOAT):
                stack.append((inner, depth + 1))
    return value


# A tuple, not `dict | list | float`: that expression builds a union object at every test.
_NESTED_OR_FLOAT = (dict, list, float)


def _exact_json(text: str) -> Any:
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BadInput(f"{BODY}: expected JSON ({error.msg} at position {error.pos})") from None
    except RecursionError:
        raise BadInput(f"{BODY}: expected JSON nested at most {MAX_JSON_DEPTH} deep") from None
    check_json(value)
    return value


async def json_of(request: web.Request) -> Any:
    raw, charset = await _bytes_of(request), request.charset or "utf-8"
    if charset.lower() in ("utf-8", "utf8"):  # orjson reads the bytes, checking they are UTF-8
        value = _plain_json(raw)
        if value is not _UNSURE:
            return value
    return parse_json(_decoded(raw, charset))


def json_response(body: Any, status: int = 200) -> web.Response:
    """`body` as a JSON answer, as aiohttp's json_response makes it (UTF-8, the same headers)."""
    return web.Response(body=dumps(body), status=status, content_type="application/json", charset="utf-8")


def dumps(body: Any) -> bytes:
    try:
        return orjson.dumps(body)
    except TypeError:  # an integer past 64 bits, which only the standard library writes
        return json.dumps(body, ensure_ascii=False).encode("utf-8")


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
