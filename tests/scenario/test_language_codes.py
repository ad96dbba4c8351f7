"""A CCAI menu's languages are checked against ISO 639-1 as pycountry knows it, without loading
pycountry's languages at start-up (mock/scenario/ccai.py keeps the two-letter codes)."""

import pycountry
import pytest

from reminders_mock.scenario.ccai import ISO_639_1, iso_639_1


def test_the_kept_codes_are_every_two_letter_code_pycountry_knows():
    assert {language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")} == ISO_639_1


@pytest.mark.parametrize("code", ["en", "NL", "Zu", "xy", "eng", "e", "", "en "])
def test_a_code_is_accepted_exactly_when_pycountry_finds_it_by_alpha_2(code):
    assert iso_639_1(code) == (len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None)
