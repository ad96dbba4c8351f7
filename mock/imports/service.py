"""The import: batches named per day, rows checked at once, files read when their batch runs,
batches moving `queued → running → done` on the tenant's import schedule, and accepted
records becoming jobs of their scripts at the next import window."""

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from ..core import collector
from ..core.errors import BadInput
from ..core.store import IndexedStore, Page, Search
from ..core.tenant import Tenant
from ..core.values import normalise_phone
from ..core.vocabulary import BatchAction, BatchStatus, RecordStatus
from ..core.windows import TimeWindow, Weekday, next_window_start
from ..scenario.models import ScriptSpec
from .checks import RowCheck, unknown_script
from .files import FileError, FileRow, FileRows
from .jobs import Jobs, JobsState
from .model import (
    Batch,
    ImportFile,
    MessageLevel,
    Record,
    RecordMessage,
)

FILE_EXTENSIONS = ("csv", "xml", "xlsx", "xls", "ods")
RECORDS_PER_MINUTE = 6000  # how fast a running batch gets through its records
CHECK_DELAY = timedelta(seconds=30)  # between reading a file's lines and checking them
# Records checked or finished in one clock action: a batch of many thousands is worked through
# in steps at the same instant, and the clock lets other requests in between two steps.
RECORDS_PER_STEP = 1000

# How a file's contents become rows: given by whoever builds the service, so that the reading
# runs off the event loop (a thread) without the domain knowing about threads or loops.
FileReader = Callable[[str, str], Awaitable[FileRows]]
PHONE_MEDIA = ("sms", "voice")  # scripts whose numbers are checked and normalised (enriching)

log = logging.getLogger(__name__)


class ImportsState(BaseModel):
    """Batches, the day counters that name them, and the jobs; the clock's state carries the
    batches' next steps."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    batches: list[Batch]
    batches_per_day: dict[str, int]
    jobs: JobsState


class ImportService:
    def __init__(
        self,
        tenant: Tenant,
        scripts: list[ScriptSpec],
        schedule: dict[Weekday, list[TimeWindow]],
        jobs: Jobs,
        reader: FileReader,
        max_records: int | None = None,
    ) -> None:
        self.tenant, self.schedule, self.jobs, self.max_records = tenant, schedule, jobs, max_records
        self._reader = reader
        self.scripts = {script.id: script for script in scripts}
        self._checks = {script.id: RowCheck(script) for script in scripts}
        self.batches: IndexedStore[Batch] = IndexedStore({"name": lambda batch: [batch.name]})
        self.batches_per_day: Counter[str] = Counter()

        def known(batch: str) -> bool:
            return self.batches.get(batch) is not None

        tenant.clock.on("import.run", self._run, known=known)
        tenant.clock.on("import.check", self._check, known=known)
        tenant.clock.on("import.finish", self._finish, known=known)

    def add_records(self, rows: list[dict] | None, file: dict | None) -> Batch:
        """Rows are checked now and answered record by record; a file is kept and queued. Both
        are taken up at the next window of the import schedule."""
        if (rows is None) == (file is None):
            raise BadInput("addRecords: expected either 'rows' or 'file', not both and not neither")
        if file is not None:
            batch = self._store(BatchStatus.queued, file=_kept(file))
        else:
            records = [
                self._loaded(FileRow(None, {to_camel(k): v for k, v in row.items()}, {})) for row in rows
            ]
            self._check_records(records)
            self._judge(records)
            batch = self._store(BatchStatus.done if records else BatchStatus.empty, records=records)
        due = next_window_start(self.tenant.clock.now(), self.schedule, self.tenant.timezone)
        self.tenant.clock.schedule(due, "import.run", batch=batch.name)
        return batch

    def add_file(self, extension: str, contents: str) -> Batch:
        """A file dropped by other means than the API (the SFTP drop): the same as addRecords(file)."""
        return self.add_records(None, {"extension": extension, "contents": contents})

    def state(self) -> ImportsState:
        return ImportsState(
            batches=list(self.batches), batches_per_day=self.batches_per_day, jobs=self.jobs.state()
        )

    def restore(self, state: ImportsState) -> None:
        """Into a freshly built service, whose store is empty."""
        for batch in state.batches:
            self.batches.add(batch)
        self.batches_per_day = Counter(state.batches_per_day)
        self.jobs.restore(state.jobs)
        for batch in state.batches:
            if batch.status == BatchStatus.running and batch.file is not None and not batch.records:
                # The snapshot caught its file being read (the clock no longer held the run): read again.
                self.tenant.clock.schedule(self.tenant.clock.now(), "import.run", batch=batch.name)

    def add(self, *, name: str, created_on: datetime, **fields) -> Batch:
        return self.batches.add(Batch(name=name, created_on=created_on, **fields))

    def search(self, search: Search) -> Page[Batch]:
        return self.batches.search(search)

    def _run(self, batch: str) -> Awaitable[Callable[[], None]] | None:
        """The window opened: a file batch is running and its lines are read (`loaded`) off the
        event loop; the clock takes the outcome in its own order."""
        found = self.batches.get(batch)
        if found.file is None:
            self._loaded_all(found)
            return None
        found.status = BatchStatus.running
        return self._read(found, found.file)

    async def _read(self, batch: Batch, file: ImportFile) -> Callable[[], None]:
        try:
            rows = await self._reader(file.extension, file.contents)
        except FileError as error:
            return partial(self._unreadable, batch, error)
        return partial(self._loaded_all, batch, rows)

    def _unreadable(self, batch: Batch, error: FileError) -> None:
        batch.status, batch.message = BatchStatus.error, str(error)
        batch.file = None  # a refused file's contents are never kept

    def _loaded_all(self, batch: Batch, rows: FileRows | None = None) -> None:
        if rows is not None:
            with collector.paused():  # a record or more per line, every one kept
                batch.records = [self._loaded(row) for row in rows]
            batch.file = None  # read: its records hold all it said
        self.tenant.clock.schedule_in(CHECK_DELAY, "import.check", batch=batch.name)

    def _check(self, batch: str, start: int = 0) -> None:
        """Loaded records are checked, a step at a time; once all are, accepted ones of scripts
        that phone or text start enriching; the jobs come once the whole batch is through."""
        found = self.batches.get(batch)
        if self._next_step(found, "import.check", start, self._check_loaded):
            return
        self._judge(found.records)
        for record in found.records:
            if (
                record.status == RecordStatus.accepted
                and self.scripts[record.script_id].medium in PHONE_MEDIA
            ):
                record.status = RecordStatus.enriching
        duration = timedelta(minutes=1 + len(found.records) / RECORDS_PER_MINUTE)
        self.tenant.clock.schedule_in(duration, "import.finish", batch=found.name)

    def _finish(self, batch: str, start: int = 0) -> None:
        found = self.batches.get(batch)
        if self._next_step(found, "import.finish", start, partial(self._finish_record, found)):
            return
        if found.status == BatchStatus.running:
            found.status = BatchStatus.done

    def _next_step(self, batch: Batch, action: str, start: int, work: Callable[[Record], None]) -> bool:
        """`work` on each record of one step of the batch; True while more steps follow, scheduled
        as `action` at this same instant. The step's records and all they make (jobs, PayLinks,
        messages, their events) are kept: the collector waits until the step is done."""
        with collector.paused():
            for record in batch.records[start : start + RECORDS_PER_STEP]:
                try:
                    work(record)
                except Exception:
                    # A bug met by one record costs that record alone: the clock would skip the
                    # whole step, and with it the rest of the batch, left `running` for good.
                    where = f"batch {batch.name} line {record.line} (reference {record.reference!r})"
                    log.exception("%s of %s failed; the record stays %s", action, where, record.status)
        if start + RECORDS_PER_STEP >= len(batch.records):
            return False
        self.tenant.clock.schedule(
            self.tenant.clock.now(), action, batch=batch.name, start=start + RECORDS_PER_STEP
        )
        return True

    def _finish_record(self, batch: Batch, record: Record) -> None:
        if record.status == RecordStatus.enriching:
            _enrich(record)
        if record.status == RecordStatus.accepted:
            self.jobs.take(record, self.scripts[record.script_id])
        self._report(batch, record)

    def _report(self, batch: Batch, record: Record) -> None:
        """A record's outcome, for the day's result file of its script."""
        data = {
            "batch": batch.name,
            "script": record.script_id,
            "status": str(record.status),
            "line": record.line,
            "phone-numbers": record.fields.get("toPhoneNumbers") or [],
        }
        self.tenant.emit(
            "RecordStatusChanged", "import", record.job_id or batch.name, record.reference or "", data
        )

    def _check_records(self, records: list[Record]) -> None:
        for record in records:
            self._check_loaded(record)

    def _check_loaded(self, record: Record) -> None:
        if record.status == RecordStatus.loaded:
            self._check_record(record)

    def _judge(self, records: list[Record]) -> None:
        """Once every record is checked: drop repeated references and what is over the limit."""
        _drop_repeated_references(records)
        if self.max_records is not None:
            for record in records[self.max_records :]:
                if record.status == RecordStatus.accepted:
                    record.status = RecordStatus.dropped
                    limit = f"over this account's limit of {self.max_records} records per batch"
                    record.messages.append(RecordMessage("reference", limit))

    def _loaded(self, row: FileRow) -> Record:
        if row.problem is not None:
            return Record(
                "", None, {}, RecordStatus.notLoaded, [RecordMessage("line", row.problem)], line=row.line
            )
        script_id = str(row.fields.get("script") or "")
        return Record(
            script_id,
            row.fields.get("reference"),
            row.fields,
            RecordStatus.loaded,
            line=row.line,
            extra=row.extra,
        )

    def _check_record(self, record: Record) -> None:
        check = self._checks.get(record.script_id)
        record.messages = check(record.fields) if check else unknown_script(record.fields, list(self.scripts))
        rejected = any(message.level == MessageLevel.error for message in record.messages)
        record.status = RecordStatus.rejected if rejected else RecordStatus.accepted

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


def _enrich(record: Record) -> None:
    """Phone numbers written as E.164; one that cannot be read stays as sent (it only warned)."""
    numbers = [_e164(str(n)) for n in record.fields.get("toPhoneNumbers") or [] if str(n).strip()]
    record.fields = {**record.fields, "toPhoneNumbers": numbers}
    record.status = RecordStatus.accepted


def _e164(number: str) -> str:
    try:
        return normalise_phone(number)
    except ValueError:
        return number


def _drop_repeated_references(records: list[Record]) -> None:
    """The same reference twice in one batch and script: the later records are dropped."""
    first: dict[tuple[str, str], Record] = {}
    for record in records:
        if record.status != RecordStatus.accepted or not record.reference:
            continue
        key = (record.script_id, record.reference)
        if key in first:
            record.status = RecordStatus.dropped
            where = f"line {first[key].line}" if first[key].line else "earlier in this batch"
            record.messages.append(RecordMessage("reference", f"the same reference appears {where}"))
        else:
            first[key] = record


def _kept(file: dict) -> ImportFile:
    """The file as sent. Its contents are decoded when the batch runs, as on the platform,
    which answers 'queued' to every file and reports an unreadable one in the batch status."""
    extension = file["extension"].lower().lstrip(".")
    if extension not in FILE_EXTENSIONS:
        raise BadInput.expected(
            "file.extension", f"expected one of {', '.join(FILE_EXTENSIONS)}", file["extension"]
        )
    return ImportFile(extension, file["contents"])
