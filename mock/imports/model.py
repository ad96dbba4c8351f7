"""Batches and records, with the statuses the platform documents."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ..core.vocabulary import BatchAction, BatchStatus, RecordStatus


class MessageLevel(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class RecordMessage:
    context: str
    message: str
    level: MessageLevel = MessageLevel.error


@dataclass
class Record:
    """One record as sent; `fields` keeps every field by its RowInput name, `extra` the file's
    columns that RowInput lacks, by column name."""

    script_id: str
    reference: str | None
    fields: dict[str, object]
    status: RecordStatus
    messages: list[RecordMessage] = field(default_factory=list)
    line: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    job_id: str | None = None


@dataclass
class ImportFile:
    """A file kept as sent; its Base64 contents are decoded and read when its batch runs."""

    extension: str
    contents: str


@dataclass
class Batch:
    name: str
    action: BatchAction
    status: BatchStatus
    created_on: datetime
    records: list[Record] = field(default_factory=list)
    file: ImportFile | None = None
    message: str | None = None  # why the batch ended in error

    @property
    def id(self) -> str:
        """Batch names are unique per tenant, so the name is the id."""
        return self.name


@dataclass
class Job:
    """What an accepted record becomes in its script: the work of mailing, texting or calling
    one person. The same reference in the same script updates the open job."""

    id: str
    script_id: str
    reference: str | None
    fields: dict[str, object]
    extra: dict[str, str]
    created_on: datetime
    updated_on: datetime
    paylink_id: str | None = None
    mandate_id: str | None = None
