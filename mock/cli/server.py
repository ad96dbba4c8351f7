"""The server as `reminders-mock serve` runs it: the scenarios loaded, the socket bound, the banner,
and what was saved at stop."""

import argparse
import asyncio
import errno
import functools
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from .. import serving
from ..app import create_app
from ..control.common import REGISTRY
from ..core.masks import masked
from ..heap import built_to_last
from ..scenario.loader import ScenarioError, load_scenarios
from ..scenario.models import Scenario, TenantSpec
from ..serving import base_url, bind, binds_every_address, configure_logging, only_loopback
from ..sftp import SFTP_DROP, HostKeyError, login_help
from ..state_file import StateFileError
from ..web.cors import ANY_ORIGIN
from .common import DOCUMENTED_CREATE

log = logging.getLogger(__name__)


def serve(args: argparse.Namespace) -> int:
    configure_logging("warning" if args.quiet else args.log_level)
    try:
        with built_to_last():
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
    if not (only_loopback(sock) or args.admin_token or args.insecure):
        sock.close()
        print(
            f"refusing to serve the control API on {args.host} to anyone who can reach it: "
            "give --admin-token TOKEN (or --insecure to allow it)",
            file=sys.stderr,
        )
        return 2
    base = base_url(args.host, sock)  # the real port, before anything makes a URL
    try:
        with built_to_last():
            app = _app(args, scenarios, public_url=args.public_url or base, loopback=only_loopback(sock))
    except (StateFileError, HostKeyError) as error:
        sock.close()
        print(error, file=sys.stderr)
        return 2
    return _run(args, app, sock, functools.partial(_announce, args, base, scenarios, app))


def _app(
    args: argparse.Namespace, scenarios: list[Scenario], public_url: str, loopback: bool = True
) -> web.Application:
    # The bounds left out keep create_app's defaults. Any page may call a loopback server's /v1;
    # one served to the network, only the pages of the origins named.
    cors_origins = args.cors_origin if args.cors_origin is not None else [ANY_ORIGIN] if loopback else []
    given = {"save_every": args.save_every, "max_tenants": args.max_tenants, "inbox_size": args.inbox_size}
    given["delivery_log_size"] = args.delivery_log_size
    return create_app(
        *scenarios,
        public_url=public_url,
        journal_size=args.journal_size,
        state_file=args.state_file,
        outbox=args.outbox,
        sftp_port=args.sftp_port,
        sftp_host=args.host,
        sftp_host_key=args.sftp_host_key,
        admin_token=args.admin_token,
        cors_origins=cors_origins,
        **{name: value for name, value in given.items() if value is not None},
    )


def _run(
    args: argparse.Namespace, app: web.Application, sock: socket.socket, on_ready: Callable[[], None]
) -> int:
    """Until SIGINT or SIGTERM; then what was saved where, once the app's cleanup has saved it."""
    try:
        with asyncio.Runner(loop_factory=serving.new_event_loop) as runner:
            runner.run(serving.run(app, sock, on_ready))
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


def _banner(base: str, scenarios: list[Scenario]) -> str:
    lines = [
        f"reminders-mock on {base}",
        f"  GraphQL API   POST {base}/v1",
        f"  explorer      {base}/v1 (open it in a browser)",
        f"  dashboard     {base}/_mock/ui",
        f"  control API   {base}/_mock/",
        f"  CCAI Call API {base}/apps/api/v1/calls",
        f"  CALLR JSON-RPC POST {base}/json-rpc/v1.1/",
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
    if tenant.callr is not None:
        callr = tenant.callr
        lines.append(f"{who}  CALLR login: {callr.login} / {callr.password}, Api-Key {callr.api_key}")
    if tenant.population is not None:
        lines.append(f"{who}  population of {tenant.population.size} debtors, see /_mock/population")
    for hook in tenant.webhooks:
        legacy = " (legacy body)" if hook.format == "legacy" else ""
        lines.append(f"{who}  webhooks to {masked(hook.url)}{legacy}")
    return lines
