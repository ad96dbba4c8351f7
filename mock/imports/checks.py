"""The check of one row against its script: required fields present, every field of its kind.

A required field that is missing or wrong rejects the record (level error); an optional
field that is wrong only warns, because the script does not use it.
"""

from collections.abc import Callable

from ..core.values import check_currency, check_email, normalise_phone, parse_cents, parse_date
from ..scenario.models import ScriptSpec
from .model import MessageLevel, RecordMessage

_KIND: dict[str, Callable[[str], object]] = {
    "toMailAddress": check_email,
    "toPhoneNumbers": normalise_phone,
    "invoiceDate": parse_date,
    "invoiceDueDate": parse_date,
    "personBirthDay": parse_date,
    "invoiceCurrency": check_currency,
    "invoiceAmount": parse_cents,
}


def check_row(row: dict[str, object], script: ScriptSpec | None, known: list[str]) -> list[RecordMessage]:
    """Messages for a row keyed by RowInput names; `known` lists the tenant's script ids."""
    if script is None:
        return [
            RecordMessage(
                "script",
                f"expected one of this account's scripts ({', '.join(known)}), got {row.get('script')!r}",
            )
        ]
    messages = [
        RecordMessage(name, f"required by script {script.id} ({script.medium}), but missing")
        for name in script.required
        if _blank(row.get(name))
    ]
    for name, check in _KIND.items():
        level = MessageLevel.error if name in script.required else MessageLevel.warning
        messages.extend(_check_kind(name, row.get(name), check, level))
    return messages


def _check_kind(name: str, value: object, check: Callable[[str], object], level: MessageLevel):
    values = value if isinstance(value, list) else [value]
    for position, item in enumerate(values):
        if _blank(item):
            continue
        try:
            check(item)
        except ValueError as error:
            context = f"{name}[{position}]" if isinstance(value, list) else name
            yield RecordMessage(context, f"{error}, got {item!r}", level)


def _blank(value: object) -> bool:
    """Nothing, only spaces, or a list of such: a field a script cannot use."""
    if isinstance(value, list):
        return all(_blank(item) for item in value)
    return value is None or (isinstance(value, str) and not value.strip())
