"""`reminders-mock import FILE`: a file of records through addRecords, with a progress bar while it
uploads; then the batch followed until it is done, and the records' statuses in a table."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.vocabulary import BatchStatus
from .output import progress, say, table
from .remote import remote_command

if TYPE_CHECKING:  # the client (and httpx) is loaded when the command runs, not to build the parser
    from ..client import Client

SETTLED = {BatchStatus.done, BatchStatus.error, BatchStatus.empty}
BATCH_STATUS = (
    "query($name: String!) { import { batches(filters: {name: {equalTo: $name}}) { items { status } } } }"
)
POLL_SECONDS = 0.5  # how often a batch on a running clock is looked at
PROBLEMS_SHOWN = 20  # records with messages listed one by one; the rest counted


def add_to(commands) -> None:
    command = remote_command(
        commands,
        "import",
        "send a CSV, XLSX, XLS, ODS or XML file of records through addRecords, follow the batch "
        "until it is done and print the records' statuses",
        "reminders-mock import records.csv\n"
        "reminders-mock import records.xlsx --no-advance   # leave a manual clock where it is",
        _import,
    )
    command.add_argument("file", type=Path, metavar="FILE")
    command.add_argument("--extension", help="the file's format when its name does not say it (csv, xlsx...)")
    command.add_argument(
        "--no-advance",
        action="store_true",
        help="on a manual clock, do not step it to the batch's end: print the batch as it stands",
    )
    command.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="seconds to wait for a batch on a running clock (default 300)",
    )


def _import(client: Client, args: argparse.Namespace) -> int:
    """Exit status 1 when the batch was followed and did not settle (a timeout, or nothing left
    on the clock that would move it)."""
    with progress(f"uploading {args.file.name}") as sent:
        name = client.add_records(file=args.file, extension=args.extension, sent=sent)["name"]
    say(f"batch {name}: {_status(client, name)}")
    followed = _follow(client, name, args)
    batch = client.batch(name)
    _print_records(batch)
    return 1 if followed and batch["status"] not in SETTLED else 0


def _follow(client: Client, name: str, args: argparse.Namespace) -> bool:
    """Until the batch has settled: a manual clock is stepped to it (each step runs what falls due
    next), a running one waited for. False when told not to move a manual clock."""
    manual = client.clock()["mode"] == "manual"
    if manual and args.no_advance:
        return False
    if manual:
        say("the clock is manual: stepping it until the batch is done")
    deadline = time.monotonic() + args.timeout
    while _status(client, name) not in SETTLED:
        if manual and client.step()["ran"] == 0:
            break  # nothing left to run: the batch would wait for ever
        if not manual:
            if time.monotonic() > deadline:
                say(f"batch {name}: not done after {args.timeout:g} s")
                break
            time.sleep(POLL_SECONDS)
    return True


def _status(client: Client, name: str) -> str:
    return client.graphql(BATCH_STATUS, {"name": name})["import"]["batches"]["items"][0]["status"]


def _print_records(batch: dict[str, Any]) -> None:
    records = batch["records"]
    counts = Counter(record["status"] for record in records)
    table(
        f"batch {batch['name']}: {batch['status']}, {len(records)} record(s)",
        ("status", "records"),
        sorted(counts.items()),
    )
    noted = [(r, m) for r in records for m in r["messages"]]
    if noted:
        table(
            "messages",
            ("reference", "status", "level", "message"),
            ([r["reference"], r["status"], m["level"], m["message"]] for r, m in noted[:PROBLEMS_SHOWN]),
        )
        if len(noted) > PROBLEMS_SHOWN:
            print(f"... and {len(noted) - PROBLEMS_SHOWN} more message(s)")
