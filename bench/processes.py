"""Servers in processes of their own: `reminders-mock serve` and the bare aiohttp handler, each
started on a free port and waited for until `/_mock/health` answers, pinned to a core of their
own when the machine has two, so the load generator runs beside them, never on their core."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

READY_WAIT_SECONDS = 60  # a bound for a loaded machine, not a measurement
POLL_SECONDS = 0.002
SERVER_CORE, LOAD_CORE = 0, 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reminders_mock() -> list[str]:
    """The console script beside this interpreter, as a user runs it; `-m` when not installed."""
    script = shutil.which("reminders-mock", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "reminders_mock"]


def pin(pid: int, core: int) -> None:
    """Keeps the process on one core, when there are two to share out."""
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2:
        os.sched_setaffinity(pid, {core})


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    seconds_to_health: float  # from the start of the process to its first answer


def start(command_on: Callable[[int], list[str]], log: Path) -> Server:
    """Starts `command_on(port)` on a free port and waits for its first answer of /_mock/health."""
    port = free_port()
    command, url = command_on(port), f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with log.open("w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    while not _answers(url + "/_mock/health"):
        if process.poll() is not None or time.perf_counter() - started > READY_WAIT_SECONDS:
            process.kill()
            raise RuntimeError(f"{' '.join(command)} did not answer; it printed:\n{log.read_text()}")
        time.sleep(POLL_SECONDS)
    return Server(process, url, time.perf_counter() - started)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:  # refused, reset or timed out while the server starts
        return False


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextlib.contextmanager
def serving(command_on: Callable[[int], list[str]]) -> Iterator[Server]:
    """A server for the length of the block, on its own core."""
    with tempfile.TemporaryDirectory() as directory:
        server = start(command_on, Path(directory) / "stderr")
        pin(server.process.pid, SERVER_CORE)
        try:
            yield server
        finally:
            stop(server)


def mock_command(port: int) -> list[str]:
    return [*reminders_mock(), "serve", "--port", str(port)]


def bare_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bench.bare", str(port)]
