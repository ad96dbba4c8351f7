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


def measure(settings: Settings) -> dict[str, Measured]:
    text = csv_file(settings.import_rows)
    seconds = asyncio.run(import_seconds(text, settings.import_rows))
    baseline = best_seconds(lambda: sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";")))
    rows = settings.import_rows
    return {"import_rows": Measured(rows / seconds, rows / baseline, "rows/s")}


async def import_seconds(text: str, rows: int) -> float:
    mock = InProcess.default()
    file = {"extension": "csv", "contents": base64.b64encode(text.encode()).decode()}
    started = time.perf_counter()
    added = await mock.run(documented("file_input", file=file))
    batch = mock.world.imports.batches.get(added["import"]["addRecords"]["name"])
    while batch.status not in (BatchStatus.done, BatchStatus.error):
        if not await mock.world.tenant.clock.advance_to_next():
            break
    took = time.perf_counter() - started
    created = sum(record.status == RecordStatus.created for record in batch.records)
    if created != rows:
        raise RuntimeError(
            f"{created} of {rows} records created; the batch is {batch.status}: {batch.message}"
        )
    return took
