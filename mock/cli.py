"""The console script: `reminders-mock serve` and friends."""

import argparse
import asyncio
import errno
import functools
import json
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from pydantic import TypeAdapter, ValidationError

from . import __version__, serving
from .app import create_app
from .control.common import REGISTRY
from .core.clock import ClockError, parse_mode
from .core.errors import BadInput, parse_input
from .core.values import Count
from .scenario.loader import ScenarioError, load_scenarios, scenario_json_schema
from .scenario.models import Scenario, TenantSpec, WebhookSpec
from .serving import base_url, bind, binds_every_address, configure_logging
from .sftp import SFTP_DROP, HostKeyError, login_help
from .state_file import StateFileError
from .webhooks.transport import without_password

log = logging.getLogger(__name__)

COUNT = TypeAdapter(Count)
LEGACY_PREFIX = "legacy:"  # `--webhook legacy:URL`: an endpoint that gets the voice V1 body
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
    parser.add_argument("--version", action="version", version=f"reminders-mock {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the mock API (default scenario when none is given)")
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
    serve.add_argument(
        "--ready-file",
        type=Path,
        metavar="PATH",
        help="write the base URL to PATH once the server answers (removed at stop), for scripts to wait on",
    )
    serve.add_argument(
        "--log-level",
        choices=serving.LOG_LEVELS,
        default="info",
        help="info: a line per request and per webhook attempt (default); warning: only what goes wrong",
    )
    serve.add_argument("--quiet", action="store_true", help="the same as --log-level warning")
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
    configure_logging("warning" if args.quiet else args.log_level)
    try:
        scenarios = _scenarios_to_serve(args)
    except (ScenarioError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    if args.ready_file:
        args.ready_file.unlink(missing_ok=True)  # a file left by an earlier run must not say "ready"
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        print(_cannot_listen(args.host, args.port, error), file=sys.stderr)
        return 1
    base = base_url(args.host, sock)  # the real port, before anything makes a URL
    try:
        app = _app(args, scenarios, public_url=args.public_url or base)
    except (StateFileError, HostKeyError) as error:
        sock.close()
        print(error, file=sys.stderr)
        return 2
    return _run(args, app, sock, functools.partial(_announce, args, base, scenarios, app))


def _app(args: argparse.Namespace, scenarios: list[Scenario], public_url: str) -> web.Application:
    return create_app(
        *scenarios,
        public_url=public_url,
        journal_size=args.journal_size,
        state_file=args.state_file,
        outbox=args.outbox,
        sftp_port=args.sftp_port,
        sftp_host=args.host,
        sftp_host_key=args.sftp_host_key,
    )


def _run(
    args: argparse.Namespace, app: web.Application, sock: socket.socket, on_ready: Callable[[], None]
) -> int:
    """Until SIGINT or SIGTERM; then what was saved where, once the app's cleanup has saved it."""
    try:
        asyncio.run(serving.run(app, sock, on_ready))
    except KeyboardInterrupt:  # where Ctrl-C is not a signal handler's (Windows): stopped all the same
        pass
    except StateFileError as error:
        print(f"stopped, but the tenants are not saved: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the SFTP drop's port, or the ready file
        print(f"reminders-mock: {error}", file=sys.stderr)
        return 1
    finally:
        if args.ready_file:
            args.ready_file.unlink(missing_ok=True)
    print("\n".join(_what_was_saved(args, app)), flush=True)
    return 0


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    # The system's own words for the errno: socket.create_server adds the address to strerror.
    # A host name that does not resolve has a negative errno and its words in strerror.
    known = error.errno is not None and error.errno > 0
    reason = (os.strerror(error.errno) if known else error.strerror or str(error)).lower()
    if error.errno == errno.EADDRINUSE:
        reason += " (choose another --port, or --port 0 for a free one)"
    return f"cannot listen on {host}:{port}: {reason}"


def _announce(args: argparse.Namespace, base: str, scenarios: list[Scenario], app: web.Application) -> None:
    """Once the server answers: the banner, then the ready file a script may be waiting on."""
    print(_banner(base, scenarios), flush=True)
    if SFTP_DROP in app:
        drop, first = app[SFTP_DROP], scenarios[0].tenants[0]
        login = login_help(
            args.host, drop.port, drop.host_key_fingerprint, first.customer, first.api_keys[0].key
        )
        print(login, flush=True)
    if binds_every_address(args.host) and not args.public_url:
        log.warning(
            "landing-page URLs use %s, the bind address, which a browser elsewhere cannot open; "
            "give --public-url http://<this machine's name>:%s",
            base,
            urlsplit(base).port,
        )
    if args.ready_file:
        _write_ready_file(args.ready_file, base)


def _write_ready_file(path: Path, base: str) -> None:
    """Written beside and moved into place, so a script that sees the file reads the whole URL."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(base + "\n", encoding="utf-8")
    os.replace(partial, path)


def _what_was_saved(args: argparse.Namespace, app: web.Application) -> list[str]:
    lines = []
    if args.state_file:
        count = len(app[REGISTRY].worlds)
        lines.append(f"stopped: saved {count} tenant{'s' if count != 1 else ''} to {args.state_file}")
    if args.outbox:
        lines.append(f"result files are written to {args.outbox} as each simulated day ends")
    return lines or [
        "stopped: nothing is saved (--state-file PATH keeps the tenants, --outbox DIR the result files)"
    ]


def _scenarios_to_serve(args: argparse.Namespace) -> list[Scenario]:
    """Each file's tenants on that file's seed and clock; `--seed` and `--clock` override them all,
    `--webhook` adds endpoints to the first tenant."""
    first, *more = load_scenarios(args.scenario)
    return [
        first.with_overrides(seed=args.seed, mode=args.clock, webhooks=args.webhook, populate=args.populate),
        *(scenario.with_overrides(seed=args.seed, mode=args.clock) for scenario in more),
    ]


def _count(text: str) -> int:
    """`--populate`: a count read as the control API reads one."""
    try:
        return COUNT.validate_python(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}") from None


def _clock_mode(text: str) -> str:
    try:
        parse_mode(text)
    except ClockError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return text


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
        f"  CCAI Call API {base}/apps/api/v1/calls",
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
    if tenant.ccai is not None:
        lines.append(f"{who}  CCAI basic auth: {tenant.ccai.company_key} / {tenant.ccai.company_secret}")
    if tenant.population is not None:
        lines.append(f"{who}  population of {tenant.population.size} debtors, see /_mock/population")
    for hook in tenant.webhooks:
        legacy = " (legacy body)" if hook.format == "legacy" else ""
        lines.append(f"{who}  webhooks to {without_password(hook.url)}{legacy}")
    return lines
