"""`reminders-mock listen`: the tenant's domain events and webhook attempts printed as they happen,
like `stripe listen`; `--forward-to URL` adds a webhook endpoint for the session."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .output import say, terminal
from .remote import remote_command

if TYPE_CHECKING:  # the client (and httpx) is loaded when the command runs, not to build the parser
    from ..client import Client, FeedMessage


def add_to(commands) -> None:
    listen = remote_command(
        commands,
        "listen",
        "print each event of the tenant as it happens (domain events and webhook attempts); "
        "--forward-to URL also sends its webhooks to URL for as long as it listens",
        "reminders-mock listen\n"
        "reminders-mock listen --forward-to http://127.0.0.1:5000/webhooks --events all\n"
        "reminders-mock listen --json | jq .data.name",
        _listen,
    )
    listen.add_argument(
        "--forward-to", metavar="URL", help="a webhook endpoint added now and removed on exit"
    )
    listen.add_argument(
        "--events",
        metavar="NAMES",
        help="what --forward-to receives: all, or names separated by commas (default: the documented "
        "events, PayLinkVisited, PayLinkPaid and VoiceCallCompleted)",
    )
    listen.add_argument("--since", type=int, metavar="N", help="first replay what came after message N")
    listen.add_argument("--json", action="store_true", help="one JSON object per line, for scripts")


def _listen(client: Client, args: argparse.Namespace) -> int:
    # SIGTERM (a supervisor, a test) ends the session like Ctrl-C, so the endpoint is removed.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with _forwarding(client, args):
        customer = client.clock()["customer"]
        ready = lambda: say(f"Ready: listening to customer {customer} on {args.url} (Ctrl-C to stop)")  # noqa: E731
        for message in client.events(args.since, opened=ready):
            _print(message, args.json)
        say("the server ended the stream (it is stopping)")
    return 0


@contextlib.contextmanager
def _forwarding(client: Client, args: argparse.Namespace) -> Iterator[None]:
    if args.forward_to is None:
        yield
        return
    events = args.events if args.events in (None, "all") else args.events.split(",")
    endpoint = client.add_webhook(args.forward_to, **({"events": events} if events else {}))
    say(f"forwarding webhooks to {args.forward_to} (endpoint {endpoint})")
    import httpx  # loaded already, by the client

    try:
        yield
    finally:
        try:
            client.remove_webhook(endpoint)
        except httpx.TransportError:  # the server stopped first: the endpoint went with its tenant
            say(f"endpoint {endpoint} not removed: the server has stopped")
        else:
            say(f"endpoint {endpoint} removed")


def _print(message: FeedMessage, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"id": message.id, "kind": message.kind, "data": message.data}), flush=True)
        return
    data, console = message.data, terminal()
    if message.kind == "domain":
        about = f"{data['service']} {data['serviceId']}" + (
            f" ({data['reference']})" if data["reference"] else ""
        )
        parts = (f"{data['occurredOn']}  ", (data["name"], "bold"), f"  {about}")
    else:
        outcome = data["statusCode"] if data["statusCode"] is not None else data["error"]
        attempt = f"({data['kind']} {data['attempt']})"
        parts = (f"{data['at']}  --> {data['event']} to {data['url']} [{outcome}] {attempt}",)
    if console is None:
        print("".join(part if isinstance(part, str) else part[0] for part in parts), flush=True)
        return
    from rich.text import Text

    console.print(Text.assemble(*parts), soft_wrap=True)
    console.file.flush()
