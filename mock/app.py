"""create_app: wires the rooms together into one aiohttp application."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

from aiohttp import web

from . import control
from . import state_file as state_files
from .bodies import json_response
from .control.admin import ADMIN_TOKEN, check_admin_token
from .control.common import REGISTRY, tenant_of
from .control.errors import http_error, is_control, mock_error_json
from .control.webhooks import INBOXES, TRANSPORT, close_transport
from .core.clock import Clock
from .core.errors import MockError
from .faces.callr import route as callr
from .faces.ccai import routes as ccai
from .registry import MAX_TENANTS, Registry
from .scenario.models import Scenario
from .sftp import SFTP_DROP
from .web import explorer
from .web.cors import ANY_ORIGIN, allow_cross_origin
from .web.dashboard import routes as dashboard_routes
from .web.landing import routes as landing_routes
from .web.on_first_use import EXECUTOR, OnFirstUse, on_first_call
from .webhooks.dispatcher import LOG_SIZE
from .webhooks.transport import INBOX_SIZE, HttpTransport, Inboxes
from .world import World

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 32 * 1024 * 1024  # room for a Base64 file of many thousands of records

MAX_BODY = web.AppKey("max_body", int)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


TICK_SECONDS = 0.05  # how often clocks in realtime, Nx and follow modes catch up with real time


def create_app(
    scenario: Scenario,
    *more: Scenario,
    public_url: str,
    max_body: int = MAX_BODY_BYTES,
    journal_size: int = 1000,
    state_file: Path | None = None,
    save_every: float = state_files.SAVE_EVERY,
    outbox: Path | None = None,
    sftp_port: int | None = None,
    sftp_host: str = "127.0.0.1",
    sftp_host_key: Path | None = None,
    max_tenants: int = MAX_TENANTS,
    delivery_log_size: int = LOG_SIZE,
    inbox_size: int = INBOX_SIZE,
    admin_token: str | None = None,
    cors_origins: Sequence[str] = (ANY_ORIGIN,),
) -> web.Application:
    """The server of one scenario, or of several side by side (`serve --scenario A --scenario B`):
    each keeps its own seed and clock for its tenants. With an `admin_token`, the control API
    answers only requests that carry it. Pages from `cors_origins` may call /v1."""
    app = web.Application(client_max_size=max_body, middlewares=[_every_request])
    if admin_token:
        app[ADMIN_TOKEN] = admin_token
    transport = HttpTransport(Inboxes(size=inbox_size))
    app[INBOXES] = transport.inboxes
    app[TRANSPORT] = transport
    app[REGISTRY] = Registry(
        [scenario, *more],
        public_url,
        transport,
        outbox,
        max_tenants=max_tenants,
        delivery_log_size=delivery_log_size,
    )
    app[EXECUTOR] = OnFirstUse(_executor)
    app[MAX_BODY] = max_body
    app[control.JOURNAL] = control.Journal(journal_size)
    api = app.router.add_resource("/v1")
    api.add_route("POST", on_first_call(_graphql_handler))
    api.add_route("GET", explorer.explorer_page)
    allow_cross_origin(app, api, cors_origins)
    callr.mount(app, lambda: (world.callr for world in app[REGISTRY].worlds if world.callr))
    app[ccai.CONTACT_CENTRES] = app[REGISTRY].contact_centre
    for routes in [*control.routes, *dashboard_routes, landing_routes, explorer.routes, ccai.routes]:
        app.router.add_routes(routes)
    app.on_cleanup.append(close_transport)
    app.on_shutdown.append(_end_event_streams)
    app.cleanup_ctx.append(_clock_ticker)
    if sftp_port is not None:
        from .sftp.server import SftpDrop  # asyncssh: loaded only by a server with a drop

        app[SFTP_DROP] = SftpDrop(app[REGISTRY], sftp_host, sftp_port, sftp_host_key)
        app.cleanup_ctx.append(app[SFTP_DROP].serving)
    if state_file is not None:
        state_files.check_writable(state_file)
        state_files.load(app[REGISTRY], state_file)
        app.cleanup_ctx.append(_saving(state_files.Saver(app[REGISTRY], state_file, save_every)))
    return app


def _executor():
    from .graphql import Executor, build_schema  # GraphQL: loaded by the first /v1 request

    return Executor(build_schema())


def _graphql_handler() -> Handler:
    from .graphql import handle_graphql

    return handle_graphql


def _saving(saver: state_files.Saver) -> Callable[[web.Application], AsyncIterator[None]]:
    """Saves every few seconds while the server runs, and once more when it stops (after the
    last request: a failure then is raised, for `serve` to say the tenants are not saved)."""

    async def saving(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(saver.run())
        yield
        saver.stop()
        await task  # never cancelled: a write half-way through finishes first
        await saver.save()

    return saving


async def _end_event_streams(app: web.Application) -> None:
    """Before the server waits for its requests to finish: /_mock/events streams never would."""
    app[REGISTRY].close_feeds()


async def _clock_ticker(app: web.Application) -> AsyncIterator[None]:
    """Moves the clocks that run on their own (realtime, Nx, follow); manual clocks wait for advance.

    Each clock catches up in a task of its own, started again once the last one is done: a
    tenant whose advance waits on a slow receiver holds its own clock only, never another's."""
    catching_up: dict[Clock, asyncio.Task] = {}

    async def tick() -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            for clock, task in list(catching_up.items()):
                if task.done():
                    del catching_up[clock]
            for world in app[REGISTRY].worlds:
                clock = world.tenant.clock
                if clock.mode != "manual" and clock not in catching_up:
                    catching_up[clock] = asyncio.create_task(_catch_up(world))

    task = asyncio.create_task(tick())
    yield
    for running in [task, *catching_up.values()]:
        running.cancel()
    await asyncio.gather(task, *catching_up.values(), return_exceptions=True)


async def _catch_up(world: World) -> None:
    try:
        await world.tenant.clock.catch_up()
    except Exception:
        log.exception("clock of tenant %s failed to catch up", world.tenant.customer)


@web.middleware
async def _every_request(request: web.Request, handler: Handler) -> web.StreamResponse:
    """What every request goes through, outermost first: the journal records it, whatever its
    outcome; a failure answers JSON; the control API asks for the admin token; a clock that runs
    on its own catches up. One frame, where a middleware each cost an await per request.

    aiohttp raises some answers (a 404 for an unknown path, a landing page's redirect): they are
    recorded with their status, then raised on as before."""
    started = time.perf_counter()
    try:
        try:
            check_admin_token(request)
            world = tenant_of(request)
            # A clock that runs on its own has run what fell due before the request is answered:
            # the ticker may lag, or be stalled (freezegun freezes the event loop's time too, so in
            # `follow` mode a request is the only thing that moves the clock).
            if world is not None and world.tenant.clock.mode != "manual":
                await world.tenant.clock.catch_up()
            response = await handler(request)
        except Exception as error:
            response = _failure_answer(request, error)
    except web.HTTPException as answer:
        await control.record_request(request, answer.status, started)
        raise
    await control.record_request(request, response.status, started)
    return response


def _failure_answer(request: web.Request, error: Exception) -> web.StreamResponse:
    """Every failure answers JSON the client can read; nothing a request does stops the server.
    The control API answers its unknown paths and wrong methods in JSON too; other paths keep
    aiohttp's own answers (a browser's 404 page, a landing page's redirect), raised on."""
    if isinstance(error, MockError):
        return _error(request, error)
    if isinstance(error, web.HTTPRequestEntityTooLarge):
        message = f"request body: expected at most {request.app[MAX_BODY]} bytes, got more"
        return _error(request, TooLarge(message))
    if isinstance(error, web.HTTPException):
        if error.status < 400 or not is_control(request.path):
            raise error
        return http_error(request, error)
    log.exception("request %s %s failed", request.method, request.path)
    return _error(request, MockError("internal error"), status=500)


class TooLarge(MockError):
    code = "REQUEST_TOO_LARGE"
    http_status = 413


def _error(request: web.Request, error: MockError, status: int | None = None) -> web.Response:
    """GraphQL's error shape on /v1, one error per problem; a plain `error` object on the control API."""
    if is_control(request.path):
        body = mock_error_json(error)
    else:
        body = {"errors": [{"message": p.message, "extensions": p.extensions} for p in error.problems]}
    return json_response(body, status=status or error.http_status)
