"""The kinds of value the platform's fields hold, each checked one way everywhere.

Every checker takes the raw text and returns the parsed value, or raises ValueError whose
message says what was expected (the caller adds which field and what it got).
"""

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import pycountry
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from rfc3339_validator import validate_rfc3339

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

_DIGITS = re.compile(r"[0-9]+")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


MAX_CENTS = 2**31 - 1  # amounts come back as GraphQL Int (amountPaid), a signed 32-bit number


def parse_cents(text: str) -> int:
    """Amounts are cents written as digits, '15497' being 154.97: no sign, no separator."""
    if not _DIGITS.fullmatch(text) or not 0 < int(text) <= MAX_CENTS:
        raise ValueError(
            "expected an amount in cents greater than zero written as digits, "
            f'e.g. "15497" (at most {MAX_CENTS})'
        )
    return int(text)


def check_currency(code: str) -> str:
    # pycountry looks codes up case-blind; the API wants them as ISO 4217 writes them.
    if not _CURRENCY.fullmatch(code) or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError('expected an ISO 4217 currency code of three capitals, e.g. "EUR"')
    return code


def parse_datetime(text: str) -> datetime:
    """RFC 3339 with a numeric offset or Z, as '2019-02-12T10:00:00+00:00'."""
    if not isinstance(text, str) or not validate_rfc3339(text):
        raise ValueError('expected an RFC 3339 date-time with offset, e.g. "2019-02-12T10:00:00+00:00"')
    moment = datetime.fromisoformat(text)
    try:
        moment.astimezone(UTC)  # answers give UTC, so the moment must have a UTC date
    except OverflowError:
        raise ValueError("expected a date-time whose UTC date lies between the years 1 and 9999") from None
    return moment


# Remembered: a page of search results writes two dates per item, the same ones on every page
# asked again, and a cache hit costs a fifth of converting and writing. Moments equal in UTC
# (whatever their offsets) hash alike and write alike, so any of them may fill the entry.
@lru_cache(maxsize=4096)
def format_datetime(moment: datetime) -> str:
    """Every date in a response: UTC, whole seconds, numeric offset ('2019-02-05T09:57:14+00:00')."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def format_instant(moment: datetime) -> str:
    """A moment on the simulated clock, to the microsecond the scheduler keeps, so it can be
    handed back as `to` ('2024-06-12T10:00:00.500000+00:00'); a whole second prints as
    format_datetime prints it. RFC 3339 allows the fraction."""
    return moment.astimezone(UTC).isoformat(timespec="auto")


_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def currency_symbol(code: str) -> str | None:
    """The sign money of this currency is written with ('USD' → '$'); None where the code is used."""
    return _CURRENCY_SYMBOLS.get(code)


def format_money(cents: object, currency: object = "EUR") -> str:
    """Cents as a Dutch reader writes money: 15497, 'EUR' → '€ 154,97'; 123456 → '€ 1.234,56';
    '' when `cents` is not a whole number."""
    text = str(cents if cents is not None else "")
    if not text.isdigit():
        return ""
    euros, rest = divmod(int(text), 100)
    code = str(currency or "EUR")
    return f"{currency_symbol(code) or code} {euros:,}".replace(",", ".") + f",{rest:02d}"


def parse_date(text: str) -> date:
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError('expected a date as YYYY-MM-DD, e.g. "2019-04-04"')


@cache
def _email_validator() -> ModuleType:
    """email_validator, loaded on first use: with idna it is a fiftieth of a second of every
    start-up. Kept here, not imported in each check, because three imports cost half a check."""
    import email_validator.rfc_constants
    import email_validator.syntax

    return email_validator


def check_email(text: str) -> str:
    """An e-mail address as email_validator reads it (no DNS), normalised its way: the domain in
    lower case and NFC. A plain address takes the quick way of `_plain_address`; anything else,
    and every refusal, is validate_email's own answer and message."""
    email = _email_validator()
    try:
        return _plain_address(text) or email.validate_email(text, check_deliverability=False).normalized
    except email.EmailNotValidError as error:
        raise ValueError(f"expected an e-mail address ({error})") from None


def _plain_address(text: str) -> str | None:
    """validate_email's answer for an address of the common shape (no display name, no quotes, no
    IP literal, a local part already NFC, no mailbox name it would lower-case), taken step by step
    with its own functions, the domain's step remembered per domain: that step (IDNA and all) is
    two thirds of a check, and an import's rows share a handful of domains. None when the address
    is of another shape or anything in it is wrong, for validate_email to say what."""
    email = _email_validator()
    try:
        display_name, original_local, local, quoted, domain_part = email.syntax.split_email(text)
        if display_name is not None or quoted or domain_part.startswith("["):
            return None
        if (
            unicodedata.normalize("NFC", local) != local
            or local.lower() in email.rfc_constants.CASE_INSENSITIVE_MAILBOX_NAMES
        ):
            return None
        local_part = email.syntax.validate_email_local_part(local)
        domain = _email_domain(domain_part)
        if domain is None:
            return None
        address = email.ValidatedEmail()
        address.original = f"{original_local}@{domain_part}"
        address.local_part = local_part["local_part"]
        address.ascii_local_part = local_part["ascii_local_part"]
        address.domain, address.ascii_domain = domain
        address.normalized = f"{address.local_part}@{address.domain}"
        email.syntax.validate_email_length(address)
    except email.EmailNotValidError:
        return None
    return address.normalized


@lru_cache(maxsize=4096)
def _email_domain(domain_part: str) -> tuple[str, str] | None:
    """(domain, ascii_domain) as validate_email reads the part after the @-sign; None when it is
    refused (an empty one too)."""
    email = _email_validator()
    try:
        domain = email.syntax.validate_email_domain_name(domain_part)
    except email.EmailNotValidError:
        return None
    return domain["domain"], domain["ascii_domain"]


# Numbers remembered as read: a number imported is read by the row's check, by the enrichment
# and by CALLR when its SMS goes out (a parse and its check, about 20 µs each time). Big enough to
# hold a batch of tens of thousands of rows from its check to its enrichment; a few MB when full.
PHONES_REMEMBERED = 65_536
_PLUS_DIGITS = re.compile(r"\+[1-9][0-9]{3,19}")  # a number written as E.164 writes it, or nearly


@lru_cache(maxsize=PHONES_REMEMBERED)
def normalise_phone(text: str) -> str:
    """A phone number in E.164 (+31612345678); numbers without a country code are read as Dutch.
    Answers depend on the text alone, so they are remembered per text; a refused text is not
    (lru_cache keeps no exceptions) and is read again each time."""
    phonenumbers = _phonenumbers()
    try:
        number = _written_as_e164(text) or phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError('expected a phone number in international format, e.g. "+31612345678"')
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@cache
def _phonenumbers() -> ModuleType:
    """phonenumbers, loaded on first use: it is more than a hundredth of a second of every start-up."""
    import phonenumbers

    return phonenumbers


def _written_as_e164(text: str) -> "PhoneNumber | None":
    """The PhoneNumber `parse` makes of '+', a country code and a national number that starts
    with neither 0 nor the country's national prefix: for such a text parse does nothing but
    split the country code off, and that alone costs a third of what parse does looking for what
    is not there. None for any other text, which parse reads."""
    phonenumbers = _phonenumbers()
    if not _PLUS_DIGITS.fullmatch(text):
        return None
    # Country codes are prefix-free: at most one of the first one, two or three digits is one.
    known = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    code = next((text[1:end] for end in (2, 3, 4) if int(text[1:end]) in known), None)
    if code is None:
        return None  # parse refuses it, in its own way
    national = text[1 + len(code) :]
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        int(code), phonenumbers.region_code_for_country_code(int(code))
    )
    if metadata is None or not 2 <= len(national) <= 17 or national.startswith("0"):
        return None
    prefix = metadata.national_prefix_for_parsing
    if prefix and re.match(prefix, national):  # parse might strip or change it
        return None
    return phonenumbers.PhoneNumber(country_code=int(code), national_number=int(national))


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("expected text that is not blank")
    return text


# pydantic field types for input models, so a model states each field's kind once.
Cents = Annotated[str, AfterValidator(lambda text: str(parse_cents(text)))]
CurrencyCode = Annotated[str, AfterValidator(check_currency)]
Text = Annotated[str, AfterValidator(_not_blank)]


def _payment_amount(amount: object) -> str | int:
    """Checked before pydantic's own str | int check, so a bad value gets one clear message."""
    if amount in ("full", "half"):
        return amount
    if isinstance(amount, str) and amount.isdigit():
        amount = int(amount)  # the API writes amounts as digit strings
    if isinstance(amount, int) and not isinstance(amount, bool) and amount > 0:
        return amount
    raise ValueError("expected full, half or a whole number of cents greater than zero")


# How much a payer pays: what is open ('full'), half of it, or a number of cents.
PaymentAmount = Annotated[str | int, BeforeValidator(_payment_amount)]


def _duration(value: Any, parse: ValidatorFunctionWrapHandler) -> timedelta:
    """pydantic reads durations (its own words for "1h": 'invalid character in hour'); we say
    what to write instead."""
    try:
        return parse(value)
    except ValidationError:
        raise ValueError("expected an ISO 8601 duration such as PT1H") from None


# A span of time, written in ISO 8601 (PT1H, P1DT12H): the control API's and the scenarios'.
Duration = Annotated[timedelta, WrapValidator(_duration)]


def _count(value: object) -> int:
    """A number of things, as query parameters and bodies write it: digits, 0 or more."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise ValueError("expected a whole number, 0 or more")


Count = Annotated[int, BeforeValidator(_count)]
