"""A mock on a free loopback port, served by a thread of its own, for test suites and scripts:
`with reminders_mock.server() as srv: srv.client()`. The thread runs its own event loop, so the
caller may be synchronous or run an event loop of its own (pytest-asyncio), and blocking calls
from it never stall the server."""

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from .app import create_app
from .client import DEFAULT_TIMEOUT, AsyncClient, Client
from .scenario.loader import load_scenario
from .scenario.models import Scenario
from .serving import base_url, bind, new_event_loop

__all__ = ["BackgroundApp", "Server", "server"]

START_WAIT_SECONDS = 30  # a bound for a loaded machine, not an expected time


class BackgroundApp:
    """An aiohttp application answering on a bound loopback socket from a daemon thread; `build`
    makes the application once the URL (with the port the system gave) is known."""

    def __init__(self, build: Callable[[str], web.Application], host: str = "127.0.0.1", port: int = 0):
        sock = bind(host, port)
        self.url = base_url(host, sock)
        self._loop = new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name=f"serving {self.url}", daemon=True
        )
        self._thread.start()
        self._runner = web.AppRunner(build(self.url), access_log=None)
        self.run(self._start(sock))

    async def _start(self, sock: socket.socket) -> None:
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    def run(self, work: Coroutine[Any, Any, Any]) -> Any:
        """Runs `work` on the server's loop and answers its result: how a test reaches inside."""
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(START_WAIT_SECONDS)

    @property
    def app(self) -> web.Application:
        return self._runner.app

    def stop(self) -> None:
        """Closes the socket, runs the app's cleanups (the webhook transport's session, a state
        file's save), then ends the thread."""
        self.run(self._runner.cleanup())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


@dataclass
class Server:
    """A running mock: its URL, and clients for its tenants. `key` is the API key of the
    scenario's first tenant (demo-key in the default scenario); None for a server started
    elsewhere (`--reminders-mock-url`), whose tenants a test makes with `new_tenant`."""

    url: str
    key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    def client(self, key: str | None = None) -> Client:
        return Client(self.url, self._key(key), timeout=self.timeout)

    def async_client(self, key: str | None = None) -> AsyncClient:
        return AsyncClient(self.url, self._key(key), timeout=self.timeout)

    def new_tenant(
        self, scenario: str | dict[str, Any] | None = None, *, seed: int | None = None, webhooks: Any = None
    ) -> Client:
        """A client of a fresh tenant (its own clock, seed, key); `POST /_mock/tenants` needs no key."""
        with Client(self.url, self.key or "", timeout=self.timeout) as admin:
            return admin.new_tenant(scenario, seed=seed, webhooks=webhooks)

    def _key(self, key: str | None) -> str:
        chosen = key or self.key
        if chosen is None:
            raise ValueError("this server's tenants are not known here: pass a key, or use new_tenant()")
        return chosen


@contextmanager
def server(
    scenario: str | Path | Scenario = "default", *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[Server]:
    """A mock of `scenario` (a shipped scenario's name, a YAML file, or a loaded Scenario) on a free
    port (or `port`), stopped when the block ends."""
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    running = BackgroundApp(lambda url: create_app(loaded, public_url=url), host, port)
    try:
        yield Server(running.url, loaded.tenants[0].api_keys[0].key)
    finally:
        running.stop()
