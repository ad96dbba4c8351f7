"""`reminders-mock state export|import`: a tenant's whole state (GET|PUT /_mock/snapshot) to a file
and back, to keep a set-up, share it, or start every test run from it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .output import say
from .remote import remote_command

if TYPE_CHECKING:  # the client (and httpx) is loaded when the command runs, not to build the parser
    from ..client import Client


def add_to(commands) -> None:
    state = remote_command(
        commands,
        "state",
        "export the tenant's state to a file (or stdout), or import one back into the tenant",
        "reminders-mock state export before-payments.json\nreminders-mock state import before-payments.json",
        _state,
    )
    state.add_argument("action", choices=("export", "import"))
    state.add_argument(
        "file", nargs="?", type=Path, metavar="FILE", help="export: default stdout; import: required"
    )


def _state(client: Client, args: argparse.Namespace) -> int:
    if args.action == "export":
        text = json.dumps(client.snapshot(), indent=2)
        if args.file is None:
            print(text)
        else:
            args.file.write_text(text + "\n", encoding="utf-8")
            say(f"state of the tenant written to {args.file}")
        return 0
    if args.file is None:
        print("reminders-mock state import: expected the FILE to import", file=sys.stderr)
        return 2
    try:
        taken = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"reminders-mock state import: cannot read {args.file} ({error})", file=sys.stderr)
        return 2
    restored = client.restore(taken)
    say(f"customer {restored['customer']} restored from {args.file}, its clock at {restored['now']}")
    return 0
