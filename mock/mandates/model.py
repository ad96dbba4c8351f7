"""The e-Mandate as the platform documents it, and its statuses."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class MandateStatus(StrEnum):
    new = "new"
    pending = "pending"
    success = "success"


class MandateType(StrEnum):
    RCUR = "RCUR"
    OOFF = "OOFF"


@dataclass
class Mandate:
    id: str
    short_code: str
    short_url: str
    long_url: str
    person_name: str
    reference: str
    type: MandateType
    reason: str
    debtor_reference: str
    created_on: datetime
    updated_on: datetime
    status: MandateStatus = MandateStatus.new
