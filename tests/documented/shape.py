"""Comparing an answer with a documented one by shape: same keys and nesting, same value
types, strings of the same format (UUID, RFC 3339 date, URL, batch name)."""

import re
from typing import Any

_FORMATS = {
    "uuid": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
    "rfc3339": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)"),
    "url": re.compile(r"https?://[^\s/]+(/\S*)?"),
    "batch name": re.compile(r"\d{8}-\d{3,}"),
}


def string_format(value: str) -> str:
    return next((name for name, pattern in _FORMATS.items() if pattern.fullmatch(value)), "text")


def shape_differences(actual: Any, documented: Any, path: str = "") -> list[str]:
    """Every place where `actual` differs from `documented` in shape; [] when they match."""
    if isinstance(documented, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        if set(actual) != set(documented):
            return [f"{path}: expected keys {sorted(documented)}, got {sorted(actual)}"]
        return [
            d for key in documented for d in shape_differences(actual[key], documented[key], f"{path}.{key}")
        ]
    if isinstance(documented, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        if documented and not actual:
            return [f"{path}: expected items like the documented ones, got none"]
        if not documented:
            return [] if not actual else [f"{path}: expected an empty list, got {actual!r}"]
        return [
            d for i, item in enumerate(actual) for d in shape_differences(item, documented[0], f"{path}[{i}]")
        ]
    if type(actual) is not type(documented):
        return [f"{path}: expected a {type(documented).__name__}, got {actual!r}"]
    if isinstance(documented, str) and string_format(actual) != string_format(documented):
        return [f"{path}: expected a {string_format(documented)} like {documented!r}, got {actual!r}"]
    return []


def at(body: Any, path: str) -> list[Any]:
    """The values at a dotted path; `[*]` stands for every item of a list."""
    values = [body]
    for part in path.split("."):
        name, every = part.removesuffix("[*]"), part.endswith("[*]")
        values = [value[name] for value in values]
        if every:
            values = [item for value in values for item in value]
    return values
