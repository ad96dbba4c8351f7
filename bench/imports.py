"""Rows per second of an import: a CSV file of N records for the SMS-with-PayLink script 1003
sent with the documented addRecords(file), in-process through the server's GraphQL executor, and
the tenant's clock moved on, instant by instant, until its batch is done and every record
`created` (a job, a PayLink and a message each); against csv.reader alone over the same file."""

import asyncio
import base64
import csv
import io
import time

from reminders_mock.core.vocabulary import BatchStatus, RecordStatus

from .measure import Measured, Settings, best_seconds
from .worlds import InProcess, documented

HEADER = (
    "identification_identifier;control_script;person_family_name;contact_email_address;"
    "contact_phone_number_1;invoice_description;invoice_date;invoice_reference;invoice_currency;"
    "invoice_amount\n"
)
SCRIPT = "1003"  # SMS with PayLink: a job, a PayLink and a message per record


def csv_file(rows: int) -> str:
    """N records every script of the default scenario accepts."""
    lines = (
        f"ref-{i};{SCRIPT};Person {i};p{i}@example.com;+3161{i:07d};Invoice {i};2024-06-01;"
        f"inv-{i};EUR;{1000 + i}\n"
        for i in range(rows)
    )
    return HEADER + "".join(lines)


# The instants of a batch, named by what its records are once each has run: the file read into
# records at the window, their checks 30 s later, their jobs (each with its PayLink and SMS) after.
STAGES = {
    RecordStatus.loaded: "read_us",
    RecordStatus.accepted: "check_us",
    RecordStatus.enriching: "check_us",
    RecordStatus.created: "jobs_us",
}


def measure(settings: Settings) -> dict[str, Measured]:
    text = csv_file(settings.import_rows)
    seconds, stages = asyncio.run(import_seconds(text, settings.import_rows))
    baseline = best_seconds(lambda: sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";")))
    rows = settings.import_rows
    per_row = {stage: round(took / rows * 1e6, 1) for stage, took in stages.items()}
    return {"import_rows": Measured(rows / seconds, rows / baseline, "rows/s", per_row)}


async def import_seconds(text: str, rows: int) -> tuple[float, dict[str, float]]:
    """Seconds from addRecords to the batch done, and the seconds of each stage (STAGES): where
    a record's time goes, in every run and not only under a profiler."""
    mock = InProcess.default()
    file = {"extension": "csv", "contents": base64.b64encode(text.encode()).decode()}
    stages = dict.fromkeys(STAGES.values(), 0.0)
    started = time.perf_counter()
    added = await mock.run(documented("file_input", file=file))
    batch = mock.world.imports.batches.get(added["import"]["addRecords"]["name"])
    while batch.status not in (BatchStatus.done, BatchStatus.error):
        instant = time.perf_counter()
        if not await mock.world.tenant.clock.advance_to_next():
            break
        if batch.records and batch.records[0].status in STAGES:
            stages[STAGES[batch.records[0].status]] += time.perf_counter() - instant
    took = time.perf_counter() - started
    created = sum(record.status == RecordStatus.created for record in batch.records)
    if created != rows:
        raise RuntimeError(
            f"{created} of {rows} records created; the batch is {batch.status}: {batch.message}"
        )
    return took, stages
