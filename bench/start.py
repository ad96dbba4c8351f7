"""Start-up: `reminders-mock serve` started to its first answer of /_mock/health, against
`python -c "import aiohttp"`, both wall clock in fresh processes, the best of a few rounds."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import Measured, Settings
from .processes import mock_command, start, stop


def measure(settings: Settings) -> dict[str, Measured]:
    serve = min(serve_seconds() for _ in range(settings.start_rounds))
    baseline = min(import_aiohttp_seconds() for _ in range(settings.start_rounds))
    return {"serve_start": Measured(serve, baseline, "s")}


def serve_seconds() -> float:
    with tempfile.TemporaryDirectory() as directory:
        server = start(mock_command, Path(directory) / "stderr")
        stop(server)
    return server.seconds_to_health


def import_aiohttp_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import aiohttp"], check=True)
    return time.perf_counter() - started
