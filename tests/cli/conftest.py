"""The command line as a user runs it: `python -m reminders_mock ...` in a process of its own,
against one `reminders-mock serve` per module, each test on a fresh tenant of that server."""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from reminders_mock import Client
from tests.served import ROOT, ServeProcess, serve

COMMAND_WAIT_SECONDS = 120  # a bound for a loaded machine, not a timing assertion


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServeProcess]:
    running = serve(tmp_path_factory.mktemp("served"), "--quiet")
    yield running
    running.stop()


@pytest.fixture
def tenant(server) -> Iterator[Client]:
    """A fresh tenant of the module's server, as a client."""
    with Client(server.url, "demo-key") as first, first.new_tenant() as fresh:
        yield fresh


def environment(url: str, key: str) -> dict[str, str]:
    """How the commands find the server and tenant here: the environment variables users set."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "REMINDERS_MOCK_URL": url, "REMINDERS_MOCK_KEY": key}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reminders_mock", *args]


@pytest.fixture
def cli(tenant) -> Callable[..., subprocess.CompletedProcess]:
    """Runs one command to its end as the tenant; its exit status, stdout and stderr."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            command(*args),
            env=environment(tenant.url, tenant.key),
            capture_output=True,
            text=True,
            timeout=COMMAND_WAIT_SECONDS,
        )

    return run
