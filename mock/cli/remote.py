"""What the commands that talk to a running server share: where it is (--url, --key, or the
environment), the client that calls it, and one way to say that a call failed."""

import argparse
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .common import Commands, command

if TYPE_CHECKING:
    from ..client import Client

URL_VARIABLE, KEY_VARIABLE = "REMINDERS_MOCK_URL", "REMINDERS_MOCK_KEY"
DEFAULT_URL, DEFAULT_KEY = "http://127.0.0.1:8080", "demo-key"

Remote = Callable[["Client", argparse.Namespace], int]


def remote_command(
    commands: Commands, name: str, summary: str, example: str, run: Remote, more: str = ""
) -> argparse.ArgumentParser:
    """A subcommand that calls the server at --url as the tenant of --key."""
    parser = command(commands, name, summary, example, functools.partial(_connected, run), more)
    add_server_options(parser)
    return parser


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """On the command and before it alike (`reminders-mock --url U clock`): suppressed defaults,
    so the one given wherever it is given wins, and the environment fills in the rest."""
    parser.add_argument(
        "--url",
        default=argparse.SUPPRESS,
        help=f"the running server (default: ${URL_VARIABLE}, else {DEFAULT_URL})",
    )
    parser.add_argument(
        "--key",
        default=argparse.SUPPRESS,
        help=f"the tenant's API key (default: ${KEY_VARIABLE}, else {DEFAULT_KEY})",
    )


def _connected(run: Remote, args: argparse.Namespace) -> int:
    """Runs the command with a client; a refusal or an unreachable server is one line on stderr
    and exit status 1, never a traceback."""
    # Loaded when a command runs, not to build the parser: httpx is a fifth of the start-up of
    # `serve` and of `--help`, which never call a server.
    import httpx

    from ..client import DEFAULT_TIMEOUT, Client, ClientError

    args.url = getattr(args, "url", None) or os.environ.get(URL_VARIABLE) or DEFAULT_URL
    args.key = getattr(args, "key", None) or os.environ.get(KEY_VARIABLE) or DEFAULT_KEY
    try:
        # A command that waits long (import) has its own --timeout, which a call may need too.
        with Client(args.url, args.key, timeout=getattr(args, "timeout", DEFAULT_TIMEOUT)) as client:
            return run(client, args)
    except ClientError as error:
        print(f"reminders-mock: {error}", file=sys.stderr)
    except httpx.TransportError as error:
        print(
            f"reminders-mock: cannot reach {args.url} ({error or type(error).__name__}); "
            "is `reminders-mock serve` running there?",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 130  # Ctrl-C: the command's own clean-up has run on the way out
    return 1
