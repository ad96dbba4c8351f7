"""`reminders-mock serve`: its options. The server itself (mock/cli/server.py) is loaded only to
serve, so the commands that call a running server start without loading it."""

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path

from pydantic import ConfigDict, TypeAdapter, ValidationError

from ..core.clock import ClockError, parse_mode
from ..core.errors import BadInput, parse_input
from ..core.values import Count
from ..scenario.models import WebhookSpec
from .common import Commands, command

LOG_LEVELS = ("debug", "info", "warning", "error")
LEGACY_PREFIX = "legacy:"  # `--webhook legacy:URL`: an endpoint that gets the voice V1 body
COUNT = TypeAdapter(Count, config=ConfigDict(defer_build=True))  # built only when --populate is given
MAX_JOURNAL_SIZE = 1_000_000  # requests kept in memory, a few KB each
ADMIN_TOKEN_VARIABLE = "REMINDERS_MOCK_ADMIN_TOKEN"  # keeps the token out of the process list
# What the server keeps, each bounded so a server left running stays the size it started; the
# defaults are create_app's (not imported here: this module must not load the server).
SIZES = (
    ("--max-tenants", "tenants POST /_mock/tenants may bring the server to (default 1000)"),
    (
        "--delivery-log-size",
        "deliveries kept per tenant; the oldest settled go first (default 10000)",
    ),
    ("--inbox-size", "requests kept per inbox:NAME receiver, the newest (default 1000)"),
)


def add_to(commands: Commands) -> None:
    serve = command(
        commands,
        "serve",
        "serve the mock API (default scenario when none is given)",
        "reminders-mock serve --port 0 --scenario failures --clock 60x --webhook http://127.0.0.1:9000/hooks",
        _serve,
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--port", type=int, default=8080, help="0 binds a free port; the banner and --ready-file say which"
    )
    serve.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="PATH",
        help="a scenario file, or the name of a shipped one; repeat to combine (default: default)",
    )
    serve.add_argument("--seed", type=int, help="overrides the scenario's seed")
    serve.add_argument(
        "--clock", type=_clock_mode, metavar="MODE", help="manual, realtime, follow or Nx (e.g. 60x)"
    )
    serve.add_argument(
        "--webhook",
        action="append",
        default=[],
        type=_webhook_endpoint,
        metavar="URL",
        help="adds a webhook endpoint to the first tenant: a URL (http, https or inbox:NAME), "
        "legacy:URL for the voice V1 body, or an endpoint as a JSON object; repeatable",
    )
    serve.add_argument(
        "--populate",
        type=_count,
        metavar="N",
        help="gives the first tenant a population of N generated debtors, imported on its import "
        "schedule (the scenario's `population` settings kept, if it has any)",
    )
    serve.add_argument("--public-url", help="the base of landing-page URLs (default: http://HOST:PORT)")
    serve.add_argument(
        "--journal-size", type=_journal_size, default=1000, help="requests kept for GET /_mock/requests"
    )
    serve.add_argument(
        "--sftp-port",
        type=int,
        metavar="PORT",
        help="also serve the SFTP drop: import files into /upload, result files from /results",
    )
    serve.add_argument(
        "--sftp-host-key",
        type=Path,
        metavar="PATH",
        help="the SFTP drop's private host key (default: an ed25519 key generated at start)",
    )
    serve.add_argument(
        "--outbox", type=Path, metavar="DIR", help="also write the end-of-day result files to DIR"
    )
    serve.add_argument(
        "--state-file",
        type=Path,
        metavar="PATH",
        help="restore every tenant from PATH at start (when it exists) and save them there at stop",
    )
    serve.add_argument(
        "--save-every",
        type=_positive(float),
        metavar="SECONDS",
        help="with --state-file, save this often too (default 5): what a SIGKILL can lose",
    )
    for flag, what in SIZES:
        serve.add_argument(flag, type=_positive(int), metavar="N", help=what)
    serve.add_argument(
        "--admin-token",
        default=os.environ.get(ADMIN_TOKEN_VARIABLE),
        metavar="TOKEN",
        help="the control API (/_mock) answers only requests with this token in X-Admin-Token or "
        f"'Authorization: Bearer'; required off loopback (default: ${ADMIN_TOKEN_VARIABLE})",
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        type=_cors_origin,
        metavar="ORIGIN",
        help="pages from ORIGIN (http://localhost:3000, or * for any) may call /v1 from a browser; "
        "repeatable (default: * on loopback, none when served to the network)",
    )
    serve.add_argument(
        "--insecure",
        action="store_true",
        help="serve the control API to the network without an admin token (anyone may make tenants)",
    )
    serve.add_argument(
        "--ready-file",
        type=Path,
        metavar="PATH",
        help="write the base URL to PATH once the server answers (removed at stop), for scripts to wait on",
    )
    serve.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        default="info",
        help="info: a line per request and per webhook attempt (default); warning: only what goes wrong",
    )
    serve.add_argument("--quiet", action="store_true", help="the same as --log-level warning")


def _serve(args: argparse.Namespace) -> int:
    from .server import serve

    return serve(args)


def _count(text: str) -> int:
    """`--populate`: a count read as the control API reads one."""
    try:
        return COUNT.validate_python(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}") from None


def _journal_size(text: str) -> int:
    """How many requests the journal keeps: deque's own bound refuses a negative or huge one
    with a traceback, not a sentence."""
    if not (text.isascii() and text.isdigit() and int(text) <= MAX_JOURNAL_SIZE):
        expected = f"expected a whole number from 0 to {MAX_JOURNAL_SIZE}"
        raise argparse.ArgumentTypeError(f"{expected}, got {text!r}")
    return int(text)


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An option's number, refused in one line unless above 0."""

    def parse(text: str) -> float:
        try:
            number = kind(text)
        except ValueError:
            number = 0
        if not number > 0:
            raise argparse.ArgumentTypeError(f"expected a number above 0, got {text!r}")
        return number

    return parse


def _clock_mode(text: str) -> str:
    try:
        parse_mode(text)
    except ClockError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return text


def _cors_origin(text: str) -> str:
    from ..web.cors import origin  # here, not at the top: it loads aiohttp, which only serve needs

    try:
        return origin(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _webhook_endpoint(text: str) -> WebhookSpec:
    """`--webhook`: a URL, `legacy:URL` (a 2022 voice integration), or the endpoint object as JSON."""
    try:
        if text.startswith("{"):
            given: object = json.loads(text)
        elif text.startswith(LEGACY_PREFIX):
            given = {"url": text.removeprefix(LEGACY_PREFIX), "format": "legacy"}
        else:
            given = text
        return parse_input(WebhookSpec, given, root="endpoint")
    except json.JSONDecodeError as error:
        raise argparse.ArgumentTypeError(
            f"expected a URL, legacy:URL or an endpoint as a JSON object; not JSON ({error})"
        ) from None
    except BadInput as error:  # every problem, each naming its field
        raise argparse.ArgumentTypeError(error.message) from None
