"""Generated debtors: Faker names and addresses in the population's locale, with Dutch phone
numbers and IBANs, every value drawn from one seeded generator so the same seed makes the same
people. Dates come from the arrival day, never from today's date, which Faker would use."""

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# Dutch banks whose codes schwifty knows, so every IBAN names a real bank.
BANK_CODES = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ")
# Geographic area codes with seven-digit subscriber numbers: Amsterdam 20, Rotterdam 10, ...
AREA_CODES = (10, 13, 15, 20, 23, 24, 26, 30, 33, 35, 36, 38, 40, 43, 45, 46, 50, 53, 55, 58, 70, 71, 72, 73)
MOBILE_SHARE = 0.8  # how many debtors give a mobile number first
AGES = (18, 85)


@dataclass(frozen=True)
class Debtor:
    given_name: str
    family_name: str
    gender: str  # M or F, as the import's person_gender
    birth_day: date
    street: str
    house_number: str
    postal_code: str
    city: str
    country: str
    email: str
    phones: tuple[str, ...]  # E.164; the first is the one called
    iban: str


class Generator:
    """Debtors of one locale from one seed: a Faker seeded per generator, and `rng` for the rest."""

    def __init__(self, locale: str, seed: str) -> None:
        # Loaded by a tenant with a population only: Faker and schwifty are a tenth of start-up.
        from faker import Faker
        from schwifty import IBAN

        self.rng = random.Random(seed)
        self.fake = Faker(locale)
        self.fake.seed_instance(seed)
        self._iban = IBAN.generate

    def debtor(self, today: date, phone_ending: str | None) -> Debtor:
        """One debtor; `phone_ending` is the last four digits of the first number, or None for an
        ordinary one (an ending no voice magic value uses)."""
        gender = self.rng.choice("MF")
        given = self.fake.first_name_male() if gender == "M" else self.fake.first_name_female()
        family = self.fake.last_name()
        first = self._mobile if self.rng.random() < MOBILE_SHARE else self._landline
        return Debtor(
            given_name=given,
            family_name=family,
            gender=gender,
            birth_day=today - timedelta(days=self.rng.randint(AGES[0] * 366, AGES[1] * 365)),
            street=self.fake.street_name(),
            house_number=self.fake.building_number(),
            postal_code=self.fake.postcode(),
            city=self.fake.city(),
            country=self.fake.current_country_code(),
            email=f"{_mailbox(given)}.{_mailbox(family)}@{self.fake.free_email_domain()}",
            phones=(first(phone_ending or self.ordinary_ending()), self._landline(self.ordinary_ending())),
            iban=str(self._iban("NL", self.rng.choice(BANK_CODES), f"{self.rng.randrange(10**10):010d}")),
        )

    def ordinary_ending(self) -> str:
        """Four digits past 0999: no voice magic value (0001-0008) ends a number so."""
        return f"{self.rng.randrange(1000, 10000):04d}"

    def _mobile(self, ending: str) -> str:
        return f"+316{self.rng.randint(1, 5)}{self.rng.randrange(1000):03d}{ending}"

    def _landline(self, ending: str) -> str:
        return f"+31{self.rng.choice(AREA_CODES)}{self.rng.randrange(1000):03d}{ending}"


def _mailbox(name: str) -> str:
    """A name as the local part of an address: 'Jan-Willem' → 'jan-willem', "'t Hart" → 'thart'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z-]", "", ascii_name.lower()).strip("-") or "debiteur"
