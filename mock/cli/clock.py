"""`reminders-mock clock`: read the tenant's clock, or move it (advance, step, idle)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .output import table
from .remote import remote_command

if TYPE_CHECKING:  # the client (and httpx) is loaded when the command runs, not to build the parser
    from ..client import Client

ACTIONS = ("show", "advance", "step", "idle")


def add_to(commands) -> None:
    clock = remote_command(
        commands,
        "clock",
        "show the tenant's clock, or move it: advance DURATION, advance --to MOMENT, step, idle",
        "reminders-mock clock\n"
        "reminders-mock clock advance PT1H\n"
        "reminders-mock clock advance --to 2024-06-13T09:00:00+00:00\n"
        "reminders-mock clock step        # to the next moment something is due, and run it\n"
        "reminders-mock clock idle --within P7D   # until nothing is left to run",
        _clock,
    )
    clock.add_argument("action", nargs="?", choices=ACTIONS, default="show")
    clock.add_argument("duration", nargs="?", help="advance: ISO 8601, such as PT1H or P2D")
    clock.add_argument("--to", metavar="MOMENT", help="advance: to an RFC 3339 moment instead")
    clock.add_argument("--within", metavar="DURATION", help="idle: how far at most (default: P30D)")


def _clock(client: Client, args: argparse.Namespace) -> int:
    if args.action == "show":
        moved = client.clock()
    elif args.action == "advance":
        if (args.duration is None) == (args.to is None):
            print(
                "reminders-mock clock advance: expected a DURATION (such as PT1H) or --to MOMENT",
                file=sys.stderr,
            )
            return 2
        moved = client.advance_to(args.to) if args.to else client.advance(args.duration)
    elif args.action == "step":
        moved = client.step()
    else:
        moved = client.run_until_idle(args.within)
    print(clock_line(moved))
    if moved.get("ran"):
        table(
            f"ran {moved['ran']} action(s)",
            ("due", "action"),
            ([a["due"], a["action"]] for a in moved["actions"]),
        )
    return 0


def clock_line(clock: dict[str, Any]) -> str:
    due = f", next due {clock['nextDue']}" if clock["nextDue"] else ""
    return f"customer {clock['customer']}: {clock['now']} ({clock['mode']}), {clock['pending']} pending{due}"
