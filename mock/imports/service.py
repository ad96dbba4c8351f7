"""The synchronous part of the import: batches named per day, rows checked, files kept."""

from collections import Counter
from datetime import datetime

from pydantic.alias_generators import to_camel

from mock.core.errors import BadInput
from mock.core.store import IndexedStore, Page, search_from_arguments
from mock.core.tenant import Tenant
from mock.imports.checks import check_row
from mock.imports.model import (
    Batch,
    BatchAction,
    BatchStatus,
    ImportFile,
    MessageLevel,
    Record,
    RecordStatus,
)
from mock.scenario.models import ScriptSpec

FILE_EXTENSIONS = ("csv", "xml", "xlsx", "xls", "ods")


class ImportService:
    def __init__(self, tenant: Tenant, scripts: list[ScriptSpec]) -> None:
        self.tenant = tenant
        self.scripts = {script.id: script for script in scripts}
        self.batches: IndexedStore[Batch] = IndexedStore({"name": lambda batch: [batch.name]})
        self.batches_per_day: Counter[str] = Counter()

    def add_records(self, rows: list[dict] | None, file: dict | None) -> Batch:
        """Rows are checked now and answered record by record; a file is kept and queued."""
        if (rows is None) == (file is None):
            raise BadInput("addRecords: expected either 'rows' or 'file', not both and not neither")
        if file is not None:
            return self._store(BatchStatus.queued, file=_kept(file))
        records = [self._record(row) for row in rows]
        return self._store(BatchStatus.done if records else BatchStatus.empty, records=records)

    def add(self, *, name: str, created_on: datetime, **fields) -> Batch:
        return self.batches.add(Batch(name=name, created_on=created_on, **fields))

    def search(self, filters: dict | None, offset: int, limit: int) -> Page[Batch]:
        return self.batches.search(search_from_arguments(filters, None, offset, limit))

    def _store(self, status: BatchStatus, **fields) -> Batch:
        return self.add(
            name=self._next_name(),
            action=BatchAction.IMPORT,
            status=status,
            created_on=self.tenant.clock.now(),
            **fields,
        )

    def _next_name(self) -> str:
        """YYYYMMDD-NNN: the tenant's date and the batch's number that day."""
        day = self.tenant.today().strftime("%Y%m%d")
        while True:
            self.batches_per_day[day] += 1
            name = f"{day}-{self.batches_per_day[day]:03d}"
            if self.batches.get(name) is None:  # fixtures may hold names of the same shape
                return name

    def _record(self, row: dict) -> Record:
        fields = {to_camel(name): value for name, value in row.items()}
        messages = check_row(fields, self.scripts.get(str(fields["script"])), list(self.scripts))
        rejected = any(message.level == MessageLevel.error for message in messages)
        return Record(
            script_id=str(fields["script"]),
            reference=fields.get("reference"),
            fields=fields,
            status=RecordStatus.rejected if rejected else RecordStatus.accepted,
            messages=messages,
        )


def _kept(file: dict) -> ImportFile:
    """The file as sent. Its contents are decoded when the batch runs, as on the platform,
    which answers 'queued' to every file and reports an unreadable one in the batch status."""
    extension = file["extension"].lower().lstrip(".")
    if extension not in FILE_EXTENSIONS:
        raise BadInput.expected(
            "file.extension", f"expected one of {', '.join(FILE_EXTENSIONS)}", file["extension"]
        )
    return ImportFile(extension, file["contents"])
