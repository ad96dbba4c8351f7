"""Field values: each kind parsed one way, every refusal saying what was expected."""

from datetime import UTC, date, datetime, timedelta, timezone

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders_mock.core.values import (
    _written_as_e164,
    check_currency,
    check_email,
    format_datetime,
    format_instant,
    normalise_phone,
    parse_cents,
    parse_date,
    parse_datetime,
)


def refusal(check, text: str) -> str:
    """The message of the ValueError `check(text)` must raise."""
    with pytest.raises(ValueError) as raised:
        check(text)
    return str(raised.value)


# --- amounts ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "cents"), [("15497", 15497), ("1", 1), ("100", 100)])
def test_parse_cents_reads_digits_as_cents(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["12.50", "12,50", "-5", "+5", "0", "00", "", " 1", "1 ", "1e3"])
def test_parse_cents_refuses_anything_but_positive_digits(text):
    assert refusal(parse_cents, text).startswith("expected")


# --- currencies ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["EUR", "USD", "GBP"])
def test_check_currency_accepts_iso_4217_codes(code):
    assert check_currency(code) == code


@pytest.mark.parametrize("code", ["EURO", "EU", "", "XYZ"])
def test_check_currency_refuses_what_is_not_an_iso_4217_code(code):
    assert refusal(check_currency, code).startswith("expected")


@pytest.mark.parametrize("code", ["eur", "Eur"])
def test_check_currency_refuses_codes_not_in_capitals(code):
    assert refusal(check_currency, code).startswith("expected")


# --- date-times ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2019-02-12T10:00:00+00:00", datetime(2019, 2, 12, 10, tzinfo=UTC)),
        ("2019-02-12T10:00:00Z", datetime(2019, 2, 12, 10, tzinfo=UTC)),
        ("2019-02-12T11:00:00+01:00", datetime(2019, 2, 12, 10, tzinfo=UTC)),
        ("2019-02-12T05:30:00-04:30", datetime(2019, 2, 12, 10, tzinfo=UTC)),
        ("2022-11-11T11:11:11.11Z", datetime(2022, 11, 11, 11, 11, 11, 110000, tzinfo=UTC)),
    ],
)
def test_parse_datetime_reads_rfc_3339_with_an_offset(text, moment):
    parsed = parse_datetime(text)

    assert parsed == moment
    assert parsed.utcoffset() is not None


def test_parse_datetime_keeps_the_offset_it_was_given():
    parsed = parse_datetime("2019-02-12T11:00:00+01:00")

    assert parsed.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    "text",
    [
        "2019-02-12",
        "2019-02-12T10:00:00",
        "yesterday",
        "2019-13-01T00:00:00+00:00",
        "2019-02-30T00:00:00+00:00",
        "",
    ],
)
def test_parse_datetime_refuses_what_is_not_rfc_3339_with_an_offset(text):
    assert refusal(parse_datetime, text).startswith("expected")


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (
            datetime(2019, 2, 5, 10, 57, 14, 500000, tzinfo=timezone(timedelta(hours=1))),
            "2019-02-05T09:57:14+00:00",
        ),
        (datetime(2019, 2, 5, 9, 57, 14, tzinfo=UTC), "2019-02-05T09:57:14+00:00"),
        (
            datetime(2019, 2, 4, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
            "2019-02-05T04:00:00+00:00",
        ),
    ],
)
def test_format_datetime_writes_utc_in_whole_seconds(moment, text):
    assert format_datetime(moment) == text


def test_format_datetime_of_a_parsed_fractional_offset_time():
    assert format_datetime(parse_datetime("2019-02-05T10:57:14.5+01:00")) == ("2019-02-05T09:57:14+00:00")


# Years 2..9998 so that the instant has a UTC date at all: datetime cannot hold year 0 or 10000.
aware_datetimes = st.datetimes(
    min_value=datetime(2, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=st.one_of(
        st.timezones(),
        st.builds(
            timezone,
            st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23)),
        ),
    ),
)


@given(aware_datetimes)
def test_formatted_datetimes_parse_back_to_the_same_whole_second(moment):
    text = format_datetime(moment)
    parsed = parse_datetime(text)

    # Compare in UTC: Python never calls an ambiguous local time equal to another zone's.
    assert parsed.astimezone(UTC) == moment.astimezone(UTC).replace(microsecond=0)
    assert text.endswith("+00:00")


@given(aware_datetimes)
def test_formatted_instants_parse_back_to_the_same_microsecond_and_whole_seconds_print_as_dates(moment):
    text = format_instant(moment)

    assert parse_datetime(text).astimezone(UTC) == moment.astimezone(UTC)
    assert text.endswith("+00:00")
    if moment.astimezone(UTC).microsecond == 0:  # an offset may hold microseconds of its own
        assert text == format_datetime(moment)


def test_format_instant_keeps_the_fraction_a_clock_action_falls_due_at():
    half_past = datetime(2024, 6, 12, 12, 0, 0, 500000, tzinfo=timezone(timedelta(hours=2)))

    assert format_instant(half_past) == "2024-06-12T10:00:00.500000+00:00"


# --- dates --------------------------------------------------------------------------


def test_parse_date_reads_year_month_day():
    assert parse_date("2019-04-04") == date(2019, 4, 4)


@pytest.mark.parametrize(
    "text", ["2019-4-4", "04-04-2019", "2019-02-30", "20190404", "2019-04-04T00:00:00Z", ""]
)
def test_parse_date_refuses_anything_but_a_real_iso_date(text):
    assert refusal(parse_date, text).startswith("expected")


# --- e-mail and phone ---------------------------------------------------------------


def test_check_email_accepts_an_address_and_normalises_its_domain():
    assert check_email("jan@example.com") == "jan@example.com"
    assert check_email("Jan@Example.COM") == "Jan@example.com"


@pytest.mark.parametrize("text", ["not-an-email", "jan@", "@example.com", "jan@localhost", ""])
def test_check_email_refuses_what_is_not_an_address(text):
    assert refusal(check_email, text).startswith("expected")


def answer_of(check, text: str) -> tuple[str, str]:
    """('accepted', the address as normalised) or ('refused', the message)."""
    try:
        return "accepted", check(text)
    except ValueError as error:
        return "refused", str(error)


def validate_emails_answer(text: str) -> str:
    """What check_email answered when it was validate_email and nothing else."""
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"expected an e-mail address ({error})") from None


# Pieces of addresses: the common shape, and each thing validate_email treats apart (quotes, a
# display name, IP literals, mailbox names it lower-cases, non-NFC and non-ASCII text, IDNA,
# empty and bad labels), with lengths around the limits (64 before the @-sign, 254 in all,
# 63 per label), so that every step of the quick way meets what it must hand over.
LOCAL_PARTS = st.one_of(
    st.text("abcXYZ019.-_+!#'~", min_size=0, max_size=70),
    st.sampled_from(['"jan jansen"', '"a@b"', "Postmaster", "INFO", "é", "e\u0301"]),
    st.text(min_size=1, max_size=8),
)
LABELS = st.one_of(
    st.sampled_from(["example", "Example", "xn--bcher-kva", "bücher", "EXAMPLE", "x", "-bad", "a_b", ""]),
    st.text("abc019-", min_size=1, max_size=64),
)
DOMAINS = st.one_of(
    st.lists(LABELS, min_size=1, max_size=5).map(".".join).map(lambda name: name + ".com"),
    st.sampled_from(["", "[127.0.0.1]", "[IPv6:::1]", "localhost", "com", "example.com.", "a" * 63 + ".nl"]),
    st.text(min_size=0, max_size=10),
)
ADDRESSES = st.one_of(
    st.builds("{}@{}".format, LOCAL_PARTS, DOMAINS),
    st.builds("{} <{}@{}>".format, st.sampled_from(["Jan", '"Jan J."']), LOCAL_PARTS, DOMAINS),
    st.text(max_size=20),
)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(ADDRESSES)
def test_check_email_answers_exactly_as_validate_email_for_any_address(text):
    assert answer_of(check_email, text) == answer_of(validate_emails_answer, text)


@pytest.mark.parametrize(
    "text",
    [
        "je\u0301@example.com",  # NFC composes the accent
        "Postmaster@Example.com",  # a mailbox name written in lower case
        '"jan"@example.com',
        "Jan <jan@example.com>",
        "jan@[127.0.0.1]",
        "jan@xn--bcher-kva.example",
        "j" * 64 + "@example.com",  # the longest local part
        "j" * 65 + "@example.com",
        "jan@" + ".".join(["d" * 63] * 3) + "." + "e" * 57 + ".nl",  # 254 in all
        "jan@" + ".".join(["d" * 63] * 3) + "." + "e" * 58 + ".nl",  # one over
        "jan@" + ".".join(["xn--bcher-kva"] * 17) + ".nl",  # longer once the domain is Unicode
        "jan@" + ".".join(["bücher"] * 21) + ".nl",  # longer once the domain is IDNA ASCII
    ],
)
def test_check_email_answers_as_validate_email_for_each_shape_it_treats_apart_and_the_lengths(text):
    assert answer_of(check_email, text) == answer_of(validate_emails_answer, text)


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("+31612345678", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("06 12 34 56 78", "+31612345678"),
        ("+32470123456", "+32470123456"),
    ],
)
def test_normalise_phone_writes_e164_reading_local_numbers_as_dutch(text, e164):
    assert normalise_phone(text) == e164


def parsed(text: str) -> phonenumbers.PhoneNumber | None:
    """What phonenumbers.parse makes of the text, as normalise_phone reads it (Dutch by default)."""
    try:
        return phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None


REFUSED_PHONE = 'expected a phone number in international format, e.g. "+31612345678"'
COUNTRY_CODES = sorted(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def example_numbers() -> list[phonenumbers.PhoneNumber]:
    """Every region's example number of every type, and every non-geographic code's: the numbers
    the quick way is for."""
    kinds = [kind for kind in vars(phonenumbers.PhoneNumberType).values() if isinstance(kind, int)]
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    numbers = [phonenumbers.example_number_for_type(region, kind) for region in regions for kind in kinds]
    codes = sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
    numbers += [phonenumbers.example_number_for_non_geo_entity(code) for code in codes]
    return [number for number in numbers if number is not None]


def test_a_number_written_as_e164_is_read_as_parse_reads_it_for_every_regions_examples():
    # Each example in E.164, and with a digit more, a digit less and a 0 after its country code.
    examples = example_numbers()
    taken = 0
    for number in examples:
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        code = str(number.country_code)
        national = e164[1 + len(code) :]
        for text in (e164, e164 + "5", e164[:-1], f"+{code}0{national}"):
            quick = _written_as_e164(text)
            assert quick is None or quick == parsed(text), text
            taken += quick is not None
    assert taken > len(examples)  # the quick way answers for most of them


@settings(derandomize=True, max_examples=600, deadline=None)
@given(st.sampled_from([*COUNTRY_CODES, "0", "99", "2", "42"]), st.text("0123456789", max_size=19))
def test_a_number_written_as_e164_gets_parses_answer_and_normalise_phones(code, national):
    text = f"+{code}{national}"
    quick = _written_as_e164(text)
    reference = parsed(text)
    valid = reference is not None and phonenumbers.is_valid_number(reference)

    assert quick is None or quick == reference
    if valid:
        e164 = phonenumbers.format_number(reference, phonenumbers.PhoneNumberFormat.E164)
        assert answer_of(normalise_phone, text) == ("accepted", e164)
    else:
        assert answer_of(normalise_phone, text) == ("refused", REFUSED_PHONE)


@pytest.mark.parametrize("text", ["abc", "", "123", "+3161234567890123"])
def test_normalise_phone_refuses_what_is_not_a_phone_number(text):
    assert refusal(normalise_phone, text).startswith("expected")


def test_normalise_phone_remembers_each_spelling_apart_and_never_a_refusal():
    # Answers are remembered per text (an import reads each number three times): asked again, in
    # another order, each spelling still gets its own number, and a refused text stays refused.
    spellings = {"0612345678": "+31612345678", "06 1234 5678": "+31612345678", "+32470123456": "+32470123456"}
    for _ in range(2):
        for text, e164 in reversed(spellings.items()):
            assert normalise_phone(text) == e164
        assert refusal(normalise_phone, "06123") == refusal(normalise_phone, "abc")
