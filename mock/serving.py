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
import time
from collections.abc import Callable
from typing import TextIO

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from .control.common import tenant_of
from .heap import freeze_start_up

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
    """aiohttp's access-log seam: one line per answered request, naming the tenant it was for.

    Through the package's own handler (`configure_logging`) the line is written with the lines of
    the requests after it, not through logging: a LogRecord and a flush per request were a tenth
    of a find's time under load. Logging configured otherwise (an application embedding the
    server, its own handlers or filters) gets a record per request, as before."""

    def __init__(self, logger: logging.Logger, log_format: str) -> None:
        super().__init__(logger, log_format)
        self._lines = _only_handler(logger)

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if self._lines is None:
            self.logger.info(
                "%s %s %d %s %.1f ms",
                request.method,
                request.path_qs,
                response.status,
                _tenant(request),
                time * 1000,
            )
            return
        self._lines.gather(
            f"{request.method} {request.path_qs} {response.status} {_tenant(request)} {time * 1000:.1f} ms"
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


class _Seconds:
    """The time of day of a line, whole seconds: formatted once a second, not once a line."""

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")

    def of(self, created: float) -> str:
        second = int(created)
        if second != self._second[0]:
            self._second = (second, time.strftime(TIME_OF_DAY, time.localtime(created)))
        return self._second[1]


TIME_OF_DAY = "%H:%M:%S"


class _LogLine(logging.Formatter):
    """The time and the message; the level only when it is worth a look (a warning or worse)."""

    def __init__(self, seconds: _Seconds) -> None:
        super().__init__("%(asctime)s %(message)s")
        self._seconds = seconds

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return self._seconds.of(record.created)

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        if record.levelno < logging.WARNING:
            return line
        time, _, message = line.partition(" ")
        return f"{time} {record.levelname.lower()}: {message}"


# How long a request's line may wait to be written with the lines after it: a person following
# the log sees it at once; under load, hundreds of lines go in one write and one flush.
GATHER_SECONDS = 0.1


class _LogLines(logging.StreamHandler):
    """The package's handler: its records one line each, as any StreamHandler; and request lines
    gathered, written within GATHER_SECONDS, before any record that comes after them (the lines
    keep their order), and at stop (`run`)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._seconds = _Seconds()
        self.setFormatter(_LogLine(self._seconds))
        self._gathered: list[str] = []

    def gather(self, line: str) -> None:
        """Called on the server's event loop, for each request it answered."""
        with self.lock:
            self._gathered.append(f"{self._seconds.of(time.time())} {line}\n")
            first = len(self._gathered) == 1
        if first:
            asyncio.get_running_loop().call_later(GATHER_SECONDS, self.write_gathered)

    def write_gathered(self) -> None:
        with self.lock:
            lines, self._gathered = "".join(self._gathered), []
            if not lines:
                return
            try:
                self.stream.write(lines)
                self.stream.flush()
            except (OSError, ValueError):  # the terminal gone, the stream closed: as logging does, not fatal
                pass

    def emit(self, record: logging.LogRecord) -> None:
        self.write_gathered()
        super().emit(record)


def _only_handler(logger: logging.Logger) -> _LogLines | None:
    """The package's handler, when the request logger's records would go to it and nowhere else."""
    package = logging.getLogger(LOGGER)
    plain = not (logger.handlers or logger.filters or package.filters) and logger.parent is package
    handlers = package.handlers
    if plain and len(handlers) == 1 and isinstance(handlers[0], _LogLines) and not handlers[0].filters:
        return handlers[0]
    return None


def configure_logging(level: str, stream: TextIO | None = None) -> None:
    """The package's records (requests, webhook attempts, warnings) one per line at `level` and
    above; other libraries' only when something goes wrong (Python's last-resort handler)."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, _LogLines)]:
        handler.write_gathered()
        logger.removeHandler(handler)
    logger.addHandler(_LogLines(stream or sys.stderr))
    logger.setLevel(level.upper())
    logger.propagate = False


def write_gathered_lines() -> None:
    """Every request line not yet written: at stop, before the process says what it saved."""
    for handler in logging.getLogger(LOGGER).handlers:
        if isinstance(handler, _LogLines):
            handler.write_gathered()


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
        freeze_start_up()
        on_ready()
        await _stop_signal()
    finally:
        await runner.cleanup()
        write_gathered_lines()


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
