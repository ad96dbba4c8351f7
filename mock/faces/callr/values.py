"""CALLR's formats (dates `YYYY-MM-DD HH:MM:SS` in UTC, amounts `"0.00"`, hashes, phone numbers)
and the readers that check a method's params, refusing in CALLR's words."""

import random
import string
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from ...core.values import normalise_phone
from .errors import format_error, not_found, type_error, value_error

DATETIME = "%Y-%m-%d %H:%M:%S"
HASH_ALPHABET = string.ascii_uppercase + string.digits
HASH_LENGTH = 8
NO_CHARGE = "0.00"  # the mock bills nothing, in CALLR's amount format

T = TypeVar("T")


def callr_datetime(moment: datetime | None) -> str | None:
    """'2012-04-24 23:42:00': CALLR's datetime, UTC, no offset; unset stays null."""
    return None if moment is None else moment.astimezone(UTC).strftime(DATETIME)


def callr_datetime_ms(moment: datetime) -> str:
    """'2012-04-24 23:42:00.123': the Webhook object's datetime_ms."""
    utc = moment.astimezone(UTC)
    return f"{utc.strftime(DATETIME)}.{utc.microsecond // 1000:03d}"


def callr_iso_ms(moment: datetime) -> str:
    """'2012-04-24T23:42:00.123Z': the Webhook.Event's datetime_ms_iso."""
    return callr_datetime_ms(moment).replace(" ", "T") + "Z"


def new_hash(rng: random.Random) -> str:
    """A CALLR object hash: eight upper-case letters and digits, from the account's own generator."""
    return "".join(rng.choices(HASH_ALPHABET, k=HASH_LENGTH))


def string_param(field: str, value: Any, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise type_error(field, "string", value)
    if not empty and not value.strip():
        raise value_error(field, "a non-empty string", value)
    return value


def object_param(field: str, value: Any) -> dict[str, Any]:
    """An options object; CALLR clients send null or [] (PHP's empty array) for none."""
    if value is None or value == []:
        return {}
    if not isinstance(value, dict):
        raise type_error(field, "object", value)
    return value


def int_param(field: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise type_error(field, "int", value)
    if not low <= value <= high:
        raise value_error(field, f"an int from {low} to {high}", value)
    return value


def phone_param(field: str, value: Any) -> str:
    """An E.164 number ('+CCNSN'), as CALLR's phone_number format requires."""
    text = string_param(field, value)
    if not text.startswith("+"):
        raise format_error(field, 'a phone number in E.164 format, e.g. "+31612345678"', text)
    try:
        return normalise_phone(text)
    except ValueError:
        raise format_error(field, 'a phone number in E.164 format, e.g. "+31612345678"', text) from None


def choice_param(field: str, value: Any, choices: tuple[str, ...]) -> str:
    text = string_param(field, value)
    if text not in choices:
        raise value_error(field, f"one of {', '.join(choices)}", text)
    return text


def datetime_param(field: str, value: Any) -> datetime:
    text = string_param(field, value)
    try:
        return datetime.strptime(text, DATETIME).replace(tzinfo=UTC)
    except ValueError:
        raise format_error(field, 'a datetime "YYYY-MM-DD HH:MM:SS" in UTC', text) from None


def by_hash(objects: Mapping[str, T], kind: str, value: Any) -> T:
    """The object a `hash` param names, or OBJECT_NOT_FOUND [kind]."""
    found = objects.get(string_param("hash", value))
    if found is None:
        raise not_found(kind, value)
    return found
