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


class RowCheck:
    """One script's check of a row, worked out once per script rather than once per row (a file
    may hold 100,000): the fields it requires, and each field of a known kind with the level
    the script gives it."""

    def __init__(self, script: ScriptSpec) -> None:
        self.required = tuple(script.required)
        self.missing = f"required by script {script.id} ({script.medium}), but missing"
        self.kinds = tuple(
            (name, check, MessageLevel.error if name in script.required else MessageLevel.warning)
            for name, check in _KIND.items()
        )

    def __call__(self, row: dict[str, object]) -> list[RecordMessage]:
        """Messages for a row keyed by RowInput names. One loop, no generator per field: once the
        e-mail check took 4 µs, a generator and a list extended per field cost as much as it."""
        messages = [RecordMessage(name, self.missing) for name in self.required if _blank(row.get(name))]
        for name, check, level in self.kinds:
            value = row.get(name)
            if value is None:  # an absent field has nothing to check
                continue
            listed = isinstance(value, list)
            for position, item in enumerate(value if listed else (value,)):
                if _blank(item):
                    continue
                try:
                    check(item)
                except ValueError as error:
                    context = f"{name}[{position}]" if listed else name
                    messages.append(RecordMessage(context, f"{error}, got {item!r}", level))
        return messages


def unknown_script(row: dict[str, object], known: list[str]) -> list[RecordMessage]:
    """The message for a row whose script is none of `known`, the tenant's script ids."""
    expected = f"expected one of this account's scripts ({', '.join(known)})"
    return [RecordMessage("script", f"{expected}, got {row.get('script')!r}")]


def _blank(value: object) -> bool:
    """Nothing, only spaces, or a list of such: a field a script cannot use."""
    if isinstance(value, str):  # the usual case first: a row holds mostly text
        return not value.strip()
    if isinstance(value, list):
        return all(_blank(item) for item in value)
    return value is None
