"""The server on a real socket: bound before anything is announced (so `--port 0` can say which port),
a one-line log per request, on uvloop's event loop when it is installed, and running until SIGINT,
SIGTERM or SIGHUP."""

import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket
import sys
from collections.abc import Callable
from typing import TextIO

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from .control.common import tenant_of

LOGGER = "reminders_mock"  # the package's loggers; the webhook dispatcher's is one of them
REQUESTS = logging.getLogger(f"{LOGGER}.requests")
LOG_LEVELS = ("debug", "info", "warning", "error")
# SIGHUP too (the terminal closed): it used to end the server without saving. Windows has none.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's loop when it is installed (the `fast` extra): its sockets and callbacks cost a
    fraction of asyncio's, most of what a request costs beside its execution. asyncio's otherwise."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the app is built, so that everything the app makes (the
    banner, landing-page URLs, health) knows the real port. Raises OSError as the system does."""
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return socket.create_server(address[:2], family=family)


def base_url(host: str, sock: socket.socket) -> str:
    """The URL of the server as the user named its host, with the port the system gave."""
    port = sock.getsockname()[1]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def only_loopback(sock: socket.socket) -> bool:
    """Whether only this machine can reach the socket (127.0.0.0/8, ::1)."""
    return ipaddress.ip_address(sock.getsockname()[0]).is_loopback


def binds_every_address(host: str) -> bool:
    """0.0.0.0 or ::, which no browser elsewhere can open."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


class RequestLog(AbstractAccessLogger):
    """aiohttp's access-log seam: one line per answered request, naming the tenant it was for."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %d %s %.1f ms",
            request.method,
            request.path_qs,
            response.status,
            _tenant(request),
            time * 1000,
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)


def _tenant(request: web.BaseRequest) -> str:
    """The customer the request is for, as the journal files it; '-' for none."""
    if not isinstance(request, web.Request):  # a request aiohttp refused before routing it
        return "-"
    try:
        world = tenant_of(request)
    except AssertionError:  # refused while its headers were read (a NUL in one): never routed, no app
        return "-"
    return f"customer {world.tenant.customer}" if world else "-"


class _LogLine(logging.Formatter):
    """The time and the message; the level only when it is worth a look (a warning or worse)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(message)s", datefmt="%H:%M:%S")
        self._second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # Whole seconds: formatted once a second, not once a request.
        second = int(record.created)
        if second != self._second[0]:
            self._second = (second, super().formatTime(record, datefmt))
        return self._second[1]

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        if record.levelno < logging.WARNING:
            return line
        time, _, message = line.partition(" ")
        return f"{time} {record.levelname.lower()}: {message}"


def configure_logging(level: str, stream: TextIO | None = None) -> None:
    """The package's records (requests, webhook attempts, warnings) one per line at `level` and
    above; other libraries' only when something goes wrong (Python's last-resort handler)."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h.formatter, _LogLine)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_LogLine())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


# How long a stop waits for requests still running (a long advance, a big import) before it
# cancels them: aiohttp's own default of a minute held a stop hostage to an import.
SHUTDOWN_GRACE_SECONDS = 2.0


async def run(app: web.Application, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serves `app` on the bound socket; `on_ready` once connections are answered; returns after a
    stop signal, when every cleanup (the state file's save among them) has run."""
    runner = web.AppRunner(
        app, access_log_class=RequestLog, access_log=REQUESTS, shutdown_timeout=SHUTDOWN_GRACE_SECONDS
    )
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
        on_ready()
        await _stop_signal()
    finally:
        await runner.cleanup()


async def _stop_signal() -> None:
    loop, stopped = asyncio.get_running_loop(), asyncio.Event()
    for number in STOP_SIGNALS:
        # Where there are no signal handlers (Windows), Ctrl-C still stops: asyncio.run cancels
        # this task, and run's cleanup happens all the same.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(number, stopped.set)
    try:
        await stopped.wait()
    finally:
        for number in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(number)
