"""The console script: `reminders-mock serve` and friends."""

import argparse
import functools
import json
import sys
from pathlib import Path

from aiohttp import web

from .app import create_app
from .core.clock import ClockError, parse_mode
from .scenario.loader import ScenarioError, load_scenarios, scenario_json_schema
from .scenario.models import Scenario, TenantSpec
from .sftp import SFTP_DROP, HostKeyError, login_help
from .state_file import StateFileError

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
    serve.add_argument("--clock", type=_clock_mode, metavar="MODE", help="manual, realtime or Nx (e.g. 60x)")
    serve.add_argument(
        "--webhook",
        action="append",
        default=[],
        metavar="URL",
        help="adds a webhook endpoint to the first tenant; repeatable",
    )
    serve.add_argument("--public-url", help="the base of landing-page URLs (default: http://HOST:PORT)")
    serve.add_argument("--journal-size", type=int, default=1000, help="requests kept for GET /_mock/requests")
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
    serve.set_defaults(run=_serve)
    validate = commands.add_parser(
        "validate", help="check scenario files, printing every problem with its line"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(run=_validate)
    schema = commands.add_parser(
        "scenario-schema", help="print the JSON Schema of scenario files, for editors to complete and check"
    )
    schema.set_defaults(run=_print_scenario_schema)
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        scenarios = _scenarios_to_serve(args)
    except (ScenarioError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    base = f"http://{args.host}:{args.port}"
    try:
        app = create_app(
            *scenarios,
            public_url=args.public_url or base,
            journal_size=args.journal_size,
            state_file=args.state_file,
            outbox=args.outbox,
            sftp_port=args.sftp_port,
            sftp_host=args.host,
            sftp_host_key=args.sftp_host_key,
        )
    except (StateFileError, HostKeyError) as error:
        print(error, file=sys.stderr)
        return 2
    print(_banner(base, scenarios), flush=True)
    if SFTP_DROP in app:
        # After the drop's start-up, so that the port it really listens on is known (--sftp-port 0).
        app.on_startup.append(functools.partial(_announce_sftp, args.host, scenarios[0].tenants[0]))
    web.run_app(app, host=args.host, port=args.port, print=None)
    return 0


def _scenarios_to_serve(args: argparse.Namespace) -> list[Scenario]:
    """Each file's tenants on that file's seed and clock; `--seed` and `--clock` override them all,
    `--webhook` adds endpoints to the first tenant."""
    first, *more = load_scenarios(args.scenario)
    return [
        first.with_overrides(seed=args.seed, mode=args.clock, webhooks=args.webhook),
        *(scenario.with_overrides(seed=args.seed, mode=args.clock) for scenario in more),
    ]


async def _announce_sftp(host: str, first: TenantSpec, app: web.Application) -> None:
    drop = app[SFTP_DROP]
    print(
        login_help(host, drop.port, drop.host_key_fingerprint, first.customer, first.api_keys[0].key),
        flush=True,
    )


def _clock_mode(text: str) -> str:
    try:
        parse_mode(text)
    except ClockError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return text


def _validate(args: argparse.Namespace) -> int:
    """Each file on its own, as `serve --scenario FILE` would load it: `FILE: ok` or every problem."""
    all_valid = True
    for file in args.files:
        try:
            load_scenarios([file])
        except ScenarioError as error:
            print(error)
            all_valid = False
        else:
            print(f"{file}: ok")
    return 0 if all_valid else 1


def _print_scenario_schema(args: argparse.Namespace) -> int:
    print(json.dumps(scenario_json_schema(), indent=2))
    return 0


def _banner(base: str, scenarios: list[Scenario]) -> str:
    lines = [
        f"reminders-mock on {base}",
        f"  GraphQL API   POST {base}/v1",
        f"  control API   {base}/_mock/",
    ]
    for scenario in scenarios:
        for tenant in scenario.tenants:
            lines += _tenant_lines(scenario, tenant)
    key = scenarios[0].tenants[0].api_keys[0].key
    lines += [
        "",
        "Try it:",
        f"  curl -s {base}/v1 -H 'Content-Type: application/json' -H 'X-AUTH-TOKEN: {key}' \\",
        f"    -d '{DOCUMENTED_CREATE}'",
    ]
    return "\n".join(lines)


def _tenant_lines(scenario: Scenario, tenant: TenantSpec) -> list[str]:
    who, clock = f"  customer {tenant.customer}", scenario.clock
    lines = [f"{who}  clock {clock.mode} from {clock.start.isoformat()}, seed {scenario.seed}"]
    for key in tenant.api_keys:
        allow = f" (only from {key.allow})" if key.allow else ""
        lines.append(f"{who}  X-AUTH-TOKEN: {key.key}{allow}")
    return lines + [f"{who}  webhooks to {hook.url}" for hook in tenant.webhooks]
