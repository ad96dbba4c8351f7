"""The platform's shared vocabulary: the statuses and kinds its documentation names, and the
fields of a record. Domains build their state machines on these; scenarios name them in rules
and fixtures. Both import them from here, so neither imports the other's models."""

from enum import StrEnum
from typing import Literal


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


class MandateStatus(StrEnum):
    new = "new"
    pending = "pending"
    success = "success"


class MandateType(StrEnum):
    RCUR = "RCUR"
    OOFF = "OOFF"


class BatchStatus(StrEnum):
    empty = "empty"
    queued = "queued"
    running = "running"
    done = "done"
    error = "error"


class BatchAction(StrEnum):
    IMPORT = "IMPORT"
    VALIDATE = "VALIDATE"


class RecordStatus(StrEnum):
    notLoaded = "notLoaded"
    loaded = "loaded"
    rejected = "rejected"
    accepted = "accepted"
    enriching = "enriching"
    created = "created"
    updated = "updated"
    dropped = "dropped"


# The fields of RowInput, as schema.graphql names them; scripts require a subset.
RowField = Literal[
    "reference",
    "script",
    "personFamilyName",
    "toMailAddress",
    "toPhoneNumbers",
    "invoiceDescription",
    "invoiceDate",
    "invoiceDueDate",
    "invoiceReference",
    "invoiceCurrency",
    "invoiceAmount",
    "invoiceNumber",
    "personBirthDay",
]
