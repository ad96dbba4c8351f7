"""Start-up: `reminders-mock serve` started to its first answer of /_mock/health, against
`python -c "import aiohttp"`, both wall clock in fresh processes, the best of a few rounds.

Both start as installed copies start: from bytecode. pip writes aiohttp's when it installs it, and
the mock's when it installs the wheel; an editable install writes the mock's on its first run,
unless PYTHONDONTWRITEBYTECODE is set (as on this project's machines), when every start compiled
all of its modules from source again, a cost no user pays and the baseline does not pay. So the
package's bytecode is written first, as pip would (compileall); the start from source is timed
too and shown in the details."""

import compileall
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import Measured, Settings
from .processes import mock_command, start, stop


def measure(settings: Settings) -> dict[str, Measured]:
    from_source = min(serve_seconds() for _ in range(settings.start_rounds)) if _without_bytecode() else None
    _write_bytecode()
    serve = min(serve_seconds() for _ in range(settings.start_rounds))
    baseline = min(import_aiohttp_seconds() for _ in range(settings.start_rounds))
    details = {} if from_source is None else {"from_source_s": round(from_source, 3)}
    return {"serve_start": Measured(serve, baseline, "s", details)}


def serve_seconds() -> float:
    with tempfile.TemporaryDirectory() as directory:
        server = start(mock_command, Path(directory) / "stderr")
        stop(server)
    return server.seconds_to_health


def import_aiohttp_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import aiohttp"], check=True)
    return time.perf_counter() - started


def _package() -> Path:
    return Path(importlib.util.find_spec("reminders_mock").origin).parent


def _without_bytecode() -> bool:
    """Whether the package's own first module has no bytecode yet: its starts compile from source."""
    cached = importlib.util.cache_from_source(str(_package() / "__init__.py"))
    return not Path(cached).exists()


def _write_bytecode() -> None:
    compileall.compile_dir(_package(), quiet=1)
