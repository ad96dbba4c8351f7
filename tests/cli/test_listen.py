"""`reminders-mock listen` in a process of its own: each event printed as it happens, and
`--forward-to` an endpoint for the session only."""

import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

import pytest

from tests.cli.conftest import COMMAND_WAIT_SECONDS, command, environment
from tests.served import serve

PRINTED_WITHIN_SECONDS = 1.0  # the bound: a line within a second of the advance that caused it


@dataclass
class Lines:
    """A stream's lines as they arrive, each with the moment it was read (a thread reads them)."""

    stream: IO[str]
    arrived: queue.Queue = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.stream:
            self.arrived.put((time.monotonic(), line.rstrip("\n")))

    def until(self, text: str) -> tuple[float, list[str]]:
        """The moment the first line holding `text` arrived, and the lines up to it."""
        seen = []
        while True:
            at, line = self.arrived.get(timeout=COMMAND_WAIT_SECONDS)
            seen.append(line)
            if text in line:
                return at, seen


@pytest.fixture
def listening(tenant) -> Iterator[tuple[subprocess.Popen, Lines, Lines]]:
    process = subprocess.Popen(
        command("listen", "--forward-to", "inbox:forwarded"),
        env=environment(tenant.url, tenant.key),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = Lines(process.stdout), Lines(process.stderr)
    err.until("Ready: listening to customer")
    yield process, out, err
    if process.poll() is None:
        process.kill()
        process.wait()


def test_listen_prints_paylink_paid_within_a_second_of_the_advance_that_caused_it(listening, tenant):
    _, out, _ = listening
    link = tenant.create_paylink("15497")  # the default rule: visited, then paid within the hour
    tenant.advance("PT1H")
    advanced = time.monotonic()

    printed, lines = out.until("PayLinkPaid")

    assert printed - advanced < PRINTED_WITHIN_SECONDS
    names = [line.split()[1] for line in lines]
    assert names[:3] == ["PayLinkCreated", "PayLinkVisited", "-->"]
    assert f"PayLinkPaid  paylink {link['id']}" in lines[-1]


def test_forward_to_adds_an_endpoint_for_the_session_and_removes_it_on_exit(listening, tenant):
    process, out, err = listening
    [endpoint] = tenant.webhooks()
    assert endpoint["url"] == "inbox:forwarded"
    link = tenant.create_paylink("10004")
    tenant.pay(link["id"])
    out.until("--> PayLinkPaid to inbox:forwarded [200] (attempt 1)")

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=COMMAND_WAIT_SECONDS) == 130
    err.until(f"endpoint {endpoint['id']} removed")
    assert tenant.webhooks() == []
    assert [d["event"] for d in tenant.deliveries()] == ["PayLinkVisited", "PayLinkPaid"]


def test_a_server_that_stops_ends_listen_which_says_so(tmp_path):
    own = serve(tmp_path, "--quiet")  # a server of this test's own, since it stops it
    process = subprocess.Popen(
        command("listen", "--forward-to", "inbox:forwarded"),
        env=environment(own.url, "demo-key"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    err = Lines(process.stderr)
    err.until("Ready: listening to customer 6500")

    own.stop()  # returns once the server has exited: its open streams did not hold it up

    assert process.wait(timeout=COMMAND_WAIT_SECONDS) == 0
    err.until("the server ended the stream")
    err.until("not removed: the server has stopped")
