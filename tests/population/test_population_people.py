"""Generated debtors hold values real validators accept: Dutch numbers, IBANs, e-mail addresses."""

from datetime import date

import phonenumbers
from email_validator import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st
from schwifty import IBAN

from reminders_mock.population.people import Generator
from reminders_mock.scenario.population import CALL_ENDINGS

DAY = date(2024, 6, 12)
NUMBER_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)


@settings(max_examples=25)
@given(seed=st.text(max_size=8), ending=st.sampled_from(list(CALL_ENDINGS.values())))
def test_a_debtor_has_valid_dutch_numbers_an_iban_and_an_address(seed, ending):
    debtor = Generator("nl_NL", seed).debtor(DAY, ending)

    for phone in debtor.phones:
        number = phonenumbers.parse(phone)
        assert phonenumbers.is_valid_number(number) and number.country_code == 31, phone
        assert phonenumbers.number_type(number) in NUMBER_TYPES, phone
    assert ending is None or debtor.phones[0].endswith(ending)
    assert debtor.phones[0][-4:] not in [e for e in CALL_ENDINGS.values() if e] or ending is not None
    iban = IBAN(debtor.iban, validate_bban=True)
    assert iban.country_code == "NL" and iban.bank is not None
    validate_email(debtor.email, check_deliverability=False)
    assert 18 <= (DAY - debtor.birth_day).days / 365.25 <= 86
    assert debtor.gender in ("M", "F") and debtor.given_name and debtor.family_name
    assert debtor.street and debtor.house_number and debtor.postal_code and debtor.city


def test_the_same_seed_makes_the_same_people_and_another_seed_others():
    def people(seed: str) -> list:
        generator = Generator("nl_NL", seed)
        return [generator.debtor(DAY, None) for _ in range(20)]

    assert people("a") == people("a")
    assert people("a") != people("b")


def test_a_locale_gives_its_own_names_and_addresses():
    german = Generator("de_DE", "x").debtor(DAY, None)
    assert german.country == "DE"
    assert phonenumbers.is_valid_number(phonenumbers.parse(german.phones[0]))  # numbers stay Dutch
