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


# The webhook events of the documentation's "Webhook events" table, in its order, and the ones the
# mock adds as extensions. A receiver written from the documentation knows only the first.
DOCUMENTED_WEBHOOK_EVENTS = ("PayLinkVisited", "PayLinkPaid", "VoiceCallCompleted")
EXTENSION_WEBHOOK_EVENTS = ("PayLinkCancelled", "PayLinkFailed", "PayLinkExpired", "MandateStatusChanged")
WEBHOOK_EVENTS = DOCUMENTED_WEBHOOK_EVENTS + EXTENSION_WEBHOOK_EVENTS

# What an endpoint receives when its `events` is left out, by its body format: the documented
# events, and for `legacy`, the voice V1 integration of 2022, only the call it was made for.
DEFAULT_WEBHOOK_EVENTS: dict[str, tuple[str, ...]] = {
    "envelope": DOCUMENTED_WEBHOOK_EVENTS,
    "legacy": ("VoiceCallCompleted",),
}
