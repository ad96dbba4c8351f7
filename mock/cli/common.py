"""What every subcommand shares: its parser, with an example under its help."""

import argparse
from collections.abc import Callable

Commands = argparse._SubParsersAction  # what add_subparsers returns; argparse names it privately
Run = Callable[[argparse.Namespace], int]

# The documentation's createPayLink as one JSON body: the banner of `serve` prints it in a curl line.
DOCUMENTED_CREATE = (
    '{"query": "mutation createPayLink($payLink: PayLinkInput!){ payLink { create (payLink: $payLink) '
    '{ attributes { id value } id shortUrl longUrl } } }", "variables": {"payLink": {"attributes": '
    '[{"id": "source", "value": "whatsapp"}], "personName": "Alphacomm", "invoiceAmount": "15497", '
    '"invoiceCurrency": "EUR", "invoiceDescription": "Example", "invoiceReference": "103482", '
    '"invoiceDate": "2019-02-12T10:00:00+00:00"}}}'
)


def command(
    commands: Commands, name: str, summary: str, example: str, run: Run, more: str = ""
) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with an example to copy (several: one per line), then `more`."""
    examples = "example:\n" + "\n".join(f"  {line}" for line in example.splitlines())
    parser = commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"{examples}\n\n{more}" if more else examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)
    return parser
