"""The `population` section of a tenant: how many generated debtors, where they go and what they
do. What they do is said in outcome names, each standing for a magic value the rules and the voice
callees already act on (an amount ending, a mandate reference ending, a number ending): a
population never decides an outcome itself, it only writes records that the rules decide on."""

import re
from datetime import timedelta
from typing import Literal

from pydantic import Field, GetJsonSchemaHandler, field_validator, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from ..core.values import MAX_CENTS, Duration
from .base import ScenarioModel

# Outcome name → the magic value that brings it about. PayLinks: the last two digits of the
# invoice amount (builtin_rules.yaml); None is an amount no magic rule matches, which the default
# rule pays in full. Mandates: the end of the record reference, which is the mandate's reference.
# Calls: the last four digits of the number called (voice/callees.py); None is an ordinary number.
PAYLINK_ENDINGS: dict[str, str | None] = {
    "paid": None,
    "failed": "01",
    "cancelled": "02",
    "partiallyPaid": "03",
    "neverVisits": "04",
    "visitsOnly": "05",
}
MANDATE_ENDINGS: dict[str, str | None] = {"signed": None, "neverSigns": "-NEW", "pending": "-PENDING"}
CALL_ENDINGS: dict[str, str | None] = {
    "answered": None,
    "busy": "0001",
    "noAnswer": "0002",
    "rejected": "0003",
    "invalidNumber": "0004",
    "failed": "0005",
    "voicemail": "0006",
    "pressesThree": "0007",
    "hangsUp": "0008",
}
OUTCOME_ENDINGS = {"payLink": PAYLINK_ENDINGS, "mandate": MANDATE_ENDINGS, "call": CALL_ENDINGS}
OutcomeKind = Literal["payLink", "mandate", "call"]

_ARRIVALS = re.compile(r"([0-9]+) per (day|weekday)")


def _shares(shares: dict[str, float], known: dict[str, str | None]) -> dict[str, float]:
    """Each name one of `known`, each share 0 or more, together 1 (give or take rounding)."""
    for name, share in shares.items():
        if name not in known:
            raise ValueError(f"expected outcome names from {', '.join(known)}; {name!r} is not one of them")
        if share < 0:
            raise ValueError(f"expected shares of 0 or more; {name} has {share}")
    if shares and abs(sum(shares.values()) - 1) > 1e-6:
        raise ValueError(f"expected shares that add up to 1, got {sum(shares.values()):g}")
    return shares


class Outcomes(ScenarioModel):
    """The share of each outcome, per kind of object; each kind's shares add up to 1."""

    pay_link: dict[str, float] = Field(
        default={
            "paid": 0.6,
            "partiallyPaid": 0.05,
            "failed": 0.05,
            "cancelled": 0.05,
            "neverVisits": 0.15,
            "visitsOnly": 0.1,
        },
        description=f"PayLinks: {', '.join(PAYLINK_ENDINGS)}",
    )
    mandate: dict[str, float] = Field(
        default={"signed": 0.7, "pending": 0.1, "neverSigns": 0.2},
        description=f"mandates: {', '.join(MANDATE_ENDINGS)}",
    )
    call: dict[str, float] = Field(
        default={"answered": 0.6, "voicemail": 0.15, "busy": 0.1, "noAnswer": 0.15},
        description=f"calls of voice scripts: {', '.join(CALL_ENDINGS)}",
    )

    @field_validator("pay_link")
    @classmethod
    def _paylink_names(cls, shares: dict[str, float]) -> dict[str, float]:
        return _shares(shares, PAYLINK_ENDINGS)

    @field_validator("mandate")
    @classmethod
    def _mandate_names(cls, shares: dict[str, float]) -> dict[str, float]:
        return _shares(shares, MANDATE_ENDINGS)

    @field_validator("call")
    @classmethod
    def _call_names(cls, shares: dict[str, float]) -> dict[str, float]:
        return _shares(shares, CALL_ENDINGS)

    def of(self, kind: OutcomeKind) -> dict[str, float]:
        return {"payLink": self.pay_link, "mandate": self.mandate, "call": self.call}[kind]


class AmountRange(ScenarioModel):
    """Invoice amounts in cents, spread evenly over their logarithm: many small debts, few large."""

    min: int = Field(default=1500, ge=100, le=MAX_CENTS)
    max: int = Field(default=75000, ge=100, le=MAX_CENTS)

    @model_validator(mode="after")
    def _ordered(self) -> "AmountRange":
        if self.min > self.max:
            raise ValueError(f"expected min at most max, got min {self.min} and max {self.max}")
        return self


class DayRange(ScenarioModel):
    min: Duration = timedelta(days=14)
    max: Duration = timedelta(days=30)

    @model_validator(mode="after")
    def _ordered(self) -> "DayRange":
        if not timedelta(0) <= self.min <= self.max:
            raise ValueError("expected 0 <= min <= max")
        return self


class Arrivals(ScenarioModel):
    """`500 per weekday`: how many records arrive each (week)day, from the clock's start on."""

    count: int = Field(gt=0)
    per: Literal["day", "weekday"]

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: object) -> object:
        if isinstance(data, str):
            match = _ARRIVALS.fullmatch(data.strip())
            if match is None:
                expected = "expected 'N per day' or 'N per weekday', e.g. '500 per weekday'"
                raise ValueError(f"{expected}; got {data!r}")
            return {"count": int(match.group(1)), "per": match.group(2)}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Editors are told the short form is an arrivals setting too, as validation takes it."""
        written = {"type": "string", "pattern": f"^{_ARRIVALS.pattern}$", "description": "500 per weekday"}
        return {"anyOf": [written, handler(core_schema)]}


class PopulationSpec(ScenarioModel):
    """Debtors generated with Faker from the tenant's seed, imported as CSV files on the import
    schedule like a customer's own records."""

    # Bounded: every record is generated when the tenant is built, and a million takes minutes.
    size: int = Field(ge=0, le=1_000_000, description="how many debtors (records), at most a million")
    locale: str = Field(default="nl_NL", description="Faker locale of names and addresses")
    scripts: dict[str, float] | None = Field(
        default=None, description="share of records per script id; absent: evenly over the tenant's scripts"
    )
    amounts: AmountRange = AmountRange()
    invoice_age: DayRange = Field(
        default=DayRange(min=timedelta(days=0), max=timedelta(days=30)),
        description="how long before its arrival an invoice is dated",
    )
    payment_term: DayRange = Field(default=DayRange(), description="from invoice date to due date")
    outcomes: Outcomes = Outcomes()
    invalid_share: float = Field(
        default=0.0, ge=0, le=1, description="share of records made invalid on purpose, each one field wrong"
    )
    arrivals: Arrivals | None = Field(default=None, description="absent: every record arrives at the start")

    @field_validator("locale")
    @classmethod
    def _faker_locale(cls, locale: str) -> str:
        # Faker is loaded by a scenario with a population only: it costs a tenth of start-up.
        from faker.config import AVAILABLE_LOCALES

        if locale not in AVAILABLE_LOCALES:
            raise ValueError(f"expected a Faker locale such as nl_NL, got {locale!r}")
        return locale

    @field_validator("scripts")
    @classmethod
    def _script_shares(cls, shares: dict[str, float] | None) -> dict[str, float] | None:
        if shares is not None and (any(share < 0 for share in shares.values()) or not sum(shares.values())):
            raise ValueError("expected a share of 0 or more per script id, not all 0")
        return shares
