"""`reminders-mock trigger EVENT`: makes what the event needs and drives it there, like
`stripe trigger`; the events (and their webhooks) come out as the tenant's would."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .output import say
from .remote import remote_command

if TYPE_CHECKING:  # the client (and httpx) is loaded when the command runs, not to build the parser
    from ..client import Client

# No built-in rule acts on an amount ending in 04 or a reference ending in -NEW: the objects stay
# where the trigger puts them, and the clock does not move.
AMOUNT = "10004"
MANDATE_REFERENCE = "AC-LIFE-NEW"
VOICE_NUMBER = "31513703800"  # script 6512 of the default scenario
CALLER = "+31612345678"


@dataclass(frozen=True)
class Trigger:
    summary: str
    run: Callable[[Client, argparse.Namespace], str]


def _paylink_act(act: str) -> Callable[[Client, argparse.Namespace], str]:
    def run(client: Client, args: argparse.Namespace) -> str:
        link = client.create_paylink(AMOUNT)
        say(f"created PayLink {link['id']} ({link['invoiceAmount']} cents)")
        done = client.control("POST", f"/_mock/paylinks/{link['id']}/{act}")
        # An expired PayLink keeps its status; the API says so with the flag.
        return f"PayLink {link['id']}: {done['status']}" + (", expired" if done.get("expired") else "")

    return run


def _paylink_created(client: Client, args: argparse.Namespace) -> str:
    link = client.create_paylink(AMOUNT)
    return f"PayLink {link['id']}: {link['status']}"


def _mandate(acts: tuple[str, ...]) -> Callable[[Client, argparse.Namespace], str]:
    def run(client: Client, args: argparse.Namespace) -> str:
        mandate = client.create_mandate(MANDATE_REFERENCE)
        say(f"created mandate {mandate['id']}")
        for act in acts:
            mandate = client.control("POST", f"/_mock/mandates/{mandate['id']}/{act}")
        return f"mandate {mandate['id']}: {mandate['status']}"

    return run


def _voice_completed(client: Client, args: argparse.Namespace) -> str:
    """A person calls the script's number and presses 1; the clock moves to the end of the call."""
    call = client.call_in(CALLER, args.to, keys=["1"])
    say(f"call {call['id']} from {CALLER} to {args.to}: {call['status']}, ends {call['endsOn']}")
    client.advance_to(call["endsOn"])
    [ended] = [c for c in client.calls() if c["id"] == call["id"]]
    return f"call {ended['id']}: {ended['status']}"


TRIGGERS = {
    "paylink.created": Trigger("a new PayLink (PayLinkCreated)", _paylink_created),
    "paylink.visited": Trigger("a PayLink opened by its payer (PayLinkVisited)", _paylink_act("visit")),
    "paylink.paid": Trigger("a PayLink visited and paid (PayLinkVisited, PayLinkPaid)", _paylink_act("pay")),
    "paylink.failed": Trigger("a PayLink whose payment failed (PayLinkFailed)", _paylink_act("fail")),
    "paylink.cancelled": Trigger("a PayLink its payer cancelled (PayLinkCancelled)", _paylink_act("cancel")),
    "paylink.expired": Trigger("a PayLink past its visibleUntil (PayLinkExpired)", _paylink_act("expire")),
    "mandate.pending": Trigger(
        "a mandate its debtor authorized (MandateStatusChanged)", _mandate(("authorize",))
    ),
    "mandate.success": Trigger(
        "a mandate authorized and confirmed (MandateStatusChanged twice)", _mandate(("authorize", "confirm"))
    ),
    "voice.completed": Trigger(
        "a call to a voice script, answered and ended (VoiceCallCompleted)", _voice_completed
    ),
}


def add_to(commands) -> None:
    listed = "\n".join(f"  {name:<18} {trigger.summary}" for name, trigger in TRIGGERS.items())
    trigger = remote_command(
        commands,
        "trigger",
        "create what an event needs and drive it to the event, as the tenant's simulated people would",
        "reminders-mock trigger paylink.paid\n"
        "reminders-mock listen   # in another terminal: the events and webhooks as they happen",
        _trigger,
        f"events:\n{listed}",
    )
    trigger.add_argument("event", choices=TRIGGERS, metavar="EVENT", help="one of the events listed below")
    trigger.add_argument(
        "--to",
        default=VOICE_NUMBER,
        metavar="NUMBER",
        help=f"voice.completed: the script's local number (default {VOICE_NUMBER})",
    )


def _trigger(client: Client, args: argparse.Namespace) -> int:
    print(TRIGGERS[args.event].run(client, args))
    say(f"trigger {args.event}: done")
    return 0
