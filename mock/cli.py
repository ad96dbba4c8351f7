"""The console script: `reminders-mock serve` and friends."""

import argparse
import sys

from aiohttp import web

from mock.app import create_app
from mock.scenario.loader import ScenarioError, load_scenarios

DOCUMENTED_CREATE = (
    '{"query": "mutation createPayLink($payLink: PayLinkInput!){ payLink { create (payLink: $payLink) '
    '{ attributes { id value } id shortUrl longUrl } } }", "variables": {"payLink": {"attributes": '
    '[{"id": "source", "value": "whatsapp"}], "personName": "Alphacomm", "invoiceAmount": "15497", '
    '"invoiceCurrency": "EUR", "invoiceDescription": "Example", "invoiceReference": "103482", '
    '"invoiceDate": "2019-02-12T10:00:00+00:00"}}}'
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reminders-mock", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the mock API (default scenario when none is given)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="PATH",
        help="a scenario file, or the name of a shipped one; repeat to combine (default: default)",
    )
    serve.add_argument("--seed", type=int, help="overrides the scenario's seed")
    serve.add_argument("--public-url", help="the base of landing-page URLs (default: http://HOST:PORT)")
    serve.set_defaults(run=_serve)
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        scenario = load_scenarios(args.scenario).with_seed(args.seed)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return 2
    base = f"http://{args.host}:{args.port}"
    app = create_app(scenario, public_url=args.public_url or base)
    print(_banner(base, scenario), flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None)
    return 0


def _banner(base: str, scenario) -> str:
    lines = [
        f"reminders-mock on {base}",
        f"  GraphQL API   POST {base}/v1",
        f"  control API   {base}/_mock/",
    ]
    for tenant in scenario.tenants:
        for key in tenant.api_keys:
            allow = f" (only from {key.allow})" if key.allow else ""
            lines.append(f"  customer {tenant.customer}  X-AUTH-TOKEN: {key.key}{allow}")
    key = scenario.tenants[0].api_keys[0].key
    lines += [
        "",
        "Try it:",
        f"  curl -s {base}/v1 -H 'Content-Type: application/json' -H 'X-AUTH-TOKEN: {key}' \\",
        f"    -d '{DOCUMENTED_CREATE}'",
    ]
    return "\n".join(lines)
