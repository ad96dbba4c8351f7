"""A population's records as an import file's rows: one debtor each, a script drawn from the
population's shares, an invoice, and the outcome written as the magic value the rules act on.
A record made invalid on purpose has one required field wrong, and knows which."""

import base64
import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..scenario.models import ScriptSpec
from ..scenario.population import OUTCOME_ENDINGS, OutcomeKind, PopulationSpec
from .people import Debtor, Generator

ORIGIN_COLUMN = "control_origin"  # marks the population's records, for GET /_mock/population
ORIGIN = "population"
# A wrong value per RowInput field, and where the import's message about it points.
DEFECTS: dict[str, tuple[str, str, str]] = {
    "reference": ("identification_identifier", "", "reference"),
    "personFamilyName": ("person_family_name", "", "personFamilyName"),
    "toMailAddress": ("contact_email_address", "debiteur.example.nl", "toMailAddress"),
    "toPhoneNumbers": ("contact_phone_number_1", "06-1234", "toPhoneNumbers[0]"),
    "invoiceAmount": ("invoice_amount", "12,50", "invoiceAmount"),
    "invoiceCurrency": ("invoice_currency", "euro", "invoiceCurrency"),
    "invoiceDate": ("invoice_date", "12-06-2024", "invoiceDate"),
}
UNKNOWN_SCRIPT = ("control_script", "0", "script")  # for a script that requires none of the above
PAID_CENTS = [n for n in range(100) if f"{n:02d}" not in OUTCOME_ENDINGS["payLink"].values()]


@dataclass(frozen=True)
class PopulationRecord:
    """One row of the file by column name; `outcomes` the planned outcome per kind of object;
    `defect` where the import's message will point when the record was made invalid."""

    columns: dict[str, str]
    outcomes: dict[str, str] = field(default_factory=dict)
    defect: str | None = None


def outcome_kinds(script: ScriptSpec) -> list[OutcomeKind]:
    """What a record of this script becomes: a PayLink or a mandate by its service, calls by its medium."""
    kinds: list[OutcomeKind] = []
    if script.service == "paylink":
        kinds.append("payLink")
    elif script.service == "emandate":
        kinds.append("mandate")
    if script.medium == "voice":
        kinds.append("call")
    return kinds


class RecordMaker:
    """The records of one arrival: `count` of them numbered from `first`, dated `day`."""

    def __init__(self, spec: PopulationSpec, scripts: Sequence[ScriptSpec], seed: str) -> None:
        self.spec = spec
        self.gen = Generator(spec.locale, seed)
        self.rng = self.gen.rng
        shares = spec.scripts or {script.id: 1.0 for script in scripts}
        self.scripts = [script for script in scripts if shares.get(script.id)]
        self.script_weights = [shares[script.id] for script in self.scripts]

    def records(self, first: int, count: int, day: date) -> list[PopulationRecord]:
        invalid = set(self.rng.sample(range(count), round(self.spec.invalid_share * count)))
        return [self._record(first + i, day, i in invalid) for i in range(count)]

    def _record(self, number: int, day: date, invalid: bool) -> PopulationRecord:
        script = self.rng.choices(self.scripts, self.script_weights)[0]
        outcomes = {kind: self._outcome(kind) for kind in outcome_kinds(script)}
        endings = {kind: OUTCOME_ENDINGS[kind][name] for kind, name in outcomes.items()}
        debtor = self.gen.debtor(day, endings.get("call"))
        columns = {
            "identification_identifier": f"{day:%Y%m%d}-{number}{endings.get('mandate') or ''}",
            "control_script": script.id,
            ORIGIN_COLUMN: ORIGIN,
            **_person(debtor),
            **self._invoice(day, endings.get("payLink")),
        }
        if not invalid:
            return PopulationRecord(columns, outcomes)
        column, wrong, context = self._defect(script)
        return PopulationRecord({**columns, column: wrong}, outcomes, context)

    def _outcome(self, kind: OutcomeKind) -> str:
        shares = self.spec.outcomes.of(kind)
        return self.rng.choices(list(shares), list(shares.values()))[0]

    def _invoice(self, day: date, ending: str | None) -> dict[str, str]:
        amounts, age, term = self.spec.amounts, self.spec.invoice_age, self.spec.payment_term
        whole = int(math.exp(self.rng.uniform(math.log(amounts.min), math.log(amounts.max))))
        cents = whole - whole % 100 + (int(ending) if ending is not None else self.rng.choice(PAID_CENTS))
        invoiced = day - timedelta(days=self.rng.randint(age.min.days, age.max.days))
        number = f"{self.rng.randrange(10**8, 10**9)}"
        due = invoiced + timedelta(days=self.rng.randint(term.min.days, term.max.days))
        return {
            "invoice_number": number,
            "invoice_reference": f"{self.rng.randrange(10**7, 10**8)}",
            "invoice_description": f"Factuur {number}",
            "invoice_date": invoiced.isoformat(),
            "invoice_due_date": due.isoformat(),
            "invoice_currency": "EUR",
            "invoice_amount": str(cents),
        }

    def _defect(self, script: ScriptSpec) -> tuple[str, str, str]:
        fields = [name for name in DEFECTS if name in script.required]
        return DEFECTS[self.rng.choice(fields)] if fields else UNKNOWN_SCRIPT


def _person(debtor: Debtor) -> dict[str, str]:
    return {
        "person_family_name": debtor.family_name,
        "person_given_name": debtor.given_name,
        "person_gender": debtor.gender,
        "person_birth_day": debtor.birth_day.isoformat(),
        "address_street": debtor.street,
        "address_house_number": debtor.house_number,
        "address_postal_code": debtor.postal_code,
        "address_city": debtor.city,
        "address_country": debtor.country,
        "contact_email_address": debtor.email,
        **{f"contact_phone_number_{n}": phone for n, phone in enumerate(debtor.phones, start=1)},
        "emandate_iban": debtor.iban,
    }


def csv_base64(records: Sequence[PopulationRecord]) -> str:
    """The records as a `;`-separated UTF-8 CSV under a header, Base64 as FileInput carries it."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(records[0].columns), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(record.columns for record in records)
    return base64.b64encode(out.getvalue().encode("utf-8")).decode("ascii")


def _magic_field(kind: OutcomeKind, fields: dict[str, object]) -> str:
    """The field whose ending the rules (or the callee) read, for each kind of outcome."""
    if kind == "call":
        phones = fields.get("toPhoneNumbers") or [""]
        return str(phones[0])
    return str(fields.get("invoiceAmount" if kind == "payLink" else "reference") or "")


def planned_outcomes(script: ScriptSpec, fields: dict[str, object]) -> dict[str, str]:
    """The outcome per kind a record's magic values stand for: read back from the record as
    imported, so it needs nothing kept besides."""
    planned = {}
    for kind in outcome_kinds(script):
        endings, text = OUTCOME_ENDINGS[kind], _magic_field(kind, fields)
        magic = [name for name, ending in endings.items() if ending and text.endswith(ending)]
        ordinary = next(name for name, ending in endings.items() if ending is None)
        planned[kind] = magic[0] if magic else ordinary
    return planned
