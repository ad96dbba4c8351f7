"""The PayLink as the platform documents it, and its statuses."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PayLinkStatus(StrEnum):
    ready = "ready"
    started = "started"
    partially_paid = "partially_paid"
    paid = "paid"
    cancelled = "cancelled"
    failed = "failed"


class PersonGender(StrEnum):
    M = "M"
    F = "F"
    U = "U"


@dataclass(frozen=True)
class Attribute:
    id: str
    value: str


@dataclass
class PayLink:
    id: str
    short_code: str
    short_url: str
    long_url: str
    person_name: str
    invoice_amount: str
    invoice_currency: str
    invoice_description: str
    invoice_reference: str
    invoice_date: datetime
    visible_until: datetime
    created_on: datetime
    updated_on: datetime
    attributes: list[Attribute] = field(default_factory=list)
    person_gender: PersonGender = PersonGender.U
    status: PayLinkStatus = PayLinkStatus.ready
    amount_paid: int = 0
