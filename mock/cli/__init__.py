"""The console script `reminders-mock`: the server, its scenario files, and commands that talk to
a running server (--url and --key, or REMINDERS_MOCK_URL and REMINDERS_MOCK_KEY)."""

import argparse

from .. import __version__
from . import clock, imports, listen, scenarios, serve, state, trigger
from .common import DOCUMENTED_CREATE
from .remote import add_server_options

__all__ = ["DOCUMENTED_CREATE", "main"]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reminders-mock", description=__doc__)
    parser.add_argument("--version", action="version", version=f"reminders-mock {__version__}")
    add_server_options(parser)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for group in (serve, scenarios, clock, imports, listen, trigger, state):
        group.add_to(commands)
    return parser
