"""The pytest plugin, loaded through the `pytest11` entry point once reminders-mock is installed:

- `reminders_mock_server` (session): one mock on a free port in a background thread (under
  pytest-xdist, one per worker), or the one `--reminders-mock-url` names;
- `reminders_mock` (function): a Client of a fresh tenant of that server, seeded from the test's
  node id, so a test gets the same ids and bodies on every run, alone or in parallel;
- `reminders_mock_async`: the same tenant through an AsyncClient (with pytest-asyncio);
- `webhook_receiver`: a WebhookReceiver on a real socket.

The mock itself is imported when a fixture is first used: pytest loads this plugin in every run
of an environment that has the package, and most suites there use it in a few tests only.
"""

import hashlib
from collections.abc import AsyncIterator, Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .background import Server, server
    from .client import AsyncClient, Client, ClientError
    from .receiver import Received, WebhookReceiver

# What a suite imports; the fixtures are reached by name, as pytest does.
__all__ = [
    "AsyncClient",
    "Client",
    "ClientError",
    "Received",
    "Server",
    "WebhookReceiver",
    "server",
    "tenant_seed",
]
_HOMES = {
    "AsyncClient": "client",
    "Client": "client",
    "ClientError": "client",
    "Received": "receiver",
    "WebhookReceiver": "receiver",
    "Server": "background",
    "server": "background",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOMES[name]}", __package__), name)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reminders-mock")
    group.addoption(
        "--reminders-mock-scenario",
        default="default",
        help="scenario of the session's mock: a shipped name or a YAML file (default: default)",
    )
    group.addoption(
        "--reminders-mock-url",
        default=None,
        help="use the mock already running at this URL instead of starting one",
    )


def tenant_seed(node_id: str) -> int:
    """A test's tenant seed, from its node id: stable across runs, machines and xdist workers."""
    return int.from_bytes(hashlib.sha256(node_id.encode()).digest()[:4], "big")


@pytest.fixture(scope="session")
def reminders_mock_server(pytestconfig: pytest.Config) -> "Iterator[Server]":
    from .background import Server, server

    url = pytestconfig.getoption("--reminders-mock-url")
    if url:
        yield Server(url)
        return
    with server(pytestconfig.getoption("--reminders-mock-scenario")) as running:
        yield running


@pytest.fixture
def reminders_mock(reminders_mock_server: "Server", request: pytest.FixtureRequest) -> "Iterator[Client]":
    """A fresh tenant (its own clock, seed and key) for this test."""
    with reminders_mock_server.new_tenant(seed=tenant_seed(request.node.nodeid)) as client:
        yield client


@pytest.fixture
def webhook_receiver() -> "Iterator[WebhookReceiver]":
    """A receiver on a free loopback port; set `username`, `password`, `secret` on it to have
    them checked, then give `webhook_receiver.endpoint()` to the tenant."""
    from .receiver import WebhookReceiver

    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


try:
    import pytest_asyncio
except ImportError:  # without pytest-asyncio there are no async tests to serve
    pass
else:

    @pytest_asyncio.fixture
    async def reminders_mock_async(reminders_mock: "Client") -> "AsyncIterator[AsyncClient]":
        """The test's tenant, for async tests: the same tenant as `reminders_mock`."""
        from .client import AsyncClient

        async with AsyncClient(reminders_mock.url, reminders_mock.key) as client:
            yield client
