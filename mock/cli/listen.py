"""`reminders-mock listen`: the tenant's domain events and webhook attempts printed as they happen,
like `stripe listen`; `--forward-to URL` adds a webhook endpoint for the session."""

import argparse
import contextlib
import json
import signal
from collections.abc import Iterator

import httpx
from rich.text import Text

from ..client import Client, FeedMessage
from .output import console, say
from .remote import remote_command


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
    data = message.data
    if message.kind == "domain":
        about = f"{data['service']} {data['serviceId']}" + (
            f" ({data['reference']})" if data["reference"] else ""
        )
        console.print(
            Text.assemble(f"{data['occurredOn']}  ", (data["name"], "bold"), f"  {about}"), soft_wrap=True
        )
    else:
        outcome = data["statusCode"] if data["statusCode"] is not None else data["error"]
        attempt = f"({data['kind']} {data['attempt']})"
        line = f"{data['at']}  --> {data['event']} to {data['url']} [{outcome}] {attempt}"
        console.print(line, markup=False, soft_wrap=True)
    console.file.flush()
