"""Our distribution beside PyPI's `mock`, installed by real pip into fresh virtual environments.

The source folder is called mock/ but installs as the import package reminders_mock, because PyPI's
`mock` (the unittest.mock backport) owns the import name `mock` in the environments our users test in.
These tests install both, in either order and editable, the way a user would (with dependencies, from
the package index), and check from a directory that is not the checkout that `import mock` finds
PyPI's copy and that `reminders-mock serve` answers the documented create.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest

from reminders_mock.cli import DOCUMENTED_CREATE

ROOT = Path(__file__).resolve().parents[1]
HEALTH_WAIT_SECONDS = 30

pytestmark = pytest.mark.slow


def clean_env() -> dict[str, str]:
    """The caller's environment minus what would let the checkout or another environment leak in:
    with PYTHONPATH naming the checkout, `import mock` would find our source folder instead of PyPI's."""
    leaky = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PIP_USER"}
    return {name: value for name, value in os.environ.items() if name not in leaky}


def run(*command: str | Path, cwd: Path) -> str:
    """Runs a command to completion; a failure fails the test with the command's output."""
    try:
        return subprocess.run(
            [str(part) for part in command],
            cwd=cwd,
            env=clean_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except subprocess.CalledProcessError as error:
        pytest.fail(
            f"{' '.join(map(str, command))} exited {error.returncode}\n"
            f"stderr:\n{error.stderr}\nstdout:\n{error.stdout}"
        )


@dataclass(frozen=True)
class Venv:
    """A virtual environment of our own; every command runs from `workdir`, outside the checkout,
    so the current directory on sys.path cannot offer the checkout's mock/ folder as `mock`."""

    path: Path
    workdir: Path

    @classmethod
    def create(cls, base: Path) -> "Venv":
        """`python -m venv` with pip, as a user would make one; from a venv python it still works."""
        workdir = base / "work"
        workdir.mkdir(parents=True)
        run(sys.executable, "-m", "venv", base / "venv", cwd=workdir)
        return cls(base / "venv", workdir)

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def script(self, name: str) -> Path:
        return self.path / "bin" / name

    def pip(self, *args: str | Path) -> None:
        run(self.python, "-m", "pip", "-q", "--disable-pip-version-check", *args, cwd=self.workdir)

    def python_c(self, code: str) -> str:
        return run(self.python, "-c", code, cwd=self.workdir).strip()

    @cached_property
    def site_packages(self) -> Path:
        return Path(self.python_c("import sysconfig; print(sysconfig.get_path('purelib'))")).resolve()

    def file_of(self, module: str) -> Path:
        """Where `import <module>` loads from in this environment."""
        return Path(self.python_c(f"import {module}; print({module}.__file__)")).resolve()

    def can_import(self, module: str) -> bool:
        found = self.python_c(f"import importlib.util as u; print(u.find_spec({module!r}) is not None)")
        return found == "True"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_json(
    url: str, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict]:
    """GET (no body) or POST, with the status and parsed JSON answer, also for error statuses."""
    data = body.encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path) -> None:
    """Polls the health route until it says ok; a server that exits or never answers fails the test
    with what it printed (an installed copy missing its files shows up here)."""
    deadline = time.monotonic() + HEALTH_WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"reminders-mock serve exited {process.returncode}:\n{log.read_text()}")
        try:
            status, body = request_json(f"{base}/_mock/health")
        except (OSError, ValueError):
            time.sleep(0.2)
            continue
        assert status == 200, body
        assert body["status"] == "ok", body
        return
    pytest.fail(f"no healthy answer from {base} within {HEALTH_WAIT_SECONDS} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def assert_serves_the_documented_create(venv: Venv) -> None:
    """`reminders-mock serve`, the console script of this environment, answers the documented create;
    started outside the checkout, so it finds its schema and scenarios in the installed copy."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = venv.workdir / f"serve-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(venv.script("reminders-mock")), "serve", "--port", str(port)],
            cwd=venv.workdir,
            env=clean_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(base, process, log)
            status, body = request_json(f"{base}/v1", DOCUMENTED_CREATE, {"X-AUTH-TOKEN": "demo-key"})
            assert status == 200, body
            assert body.get("data") and body["data"]["payLink"]["create"]["id"], body
            assert_serves_the_explorer(base)
        finally:
            stop(process)


def assert_serves_the_explorer(base: str) -> None:
    """The explorer's page and Altair's files come from the installed copy (the wheel), no CDN."""
    page = urllib.request.Request(f"{base}/v1", headers={"Accept": "text/html"})
    with urllib.request.urlopen(page, timeout=5) as response:
        assert "AltairGraphQL.init(" in response.read().decode()
    with urllib.request.urlopen(f"{base}/explorer/main.js", timeout=5) as response:
        assert response.status == 200 and len(response.read()) > 1_000_000


def assert_both_work(venv: Venv, reminders_mock_from: Path) -> None:
    """PyPI's `mock` imports and works from site-packages, our package loads from where the install
    put it, and both ways of starting the mock run."""
    mock_file = Path(venv.python_c("import mock; mock.Mock(); print(mock.__file__)")).resolve()
    assert mock_file.is_relative_to(venv.site_packages), f"`import mock` found {mock_file}, not PyPI's"
    ours = venv.file_of("reminders_mock")
    assert ours.is_relative_to(reminders_mock_from), f"reminders_mock loads from {ours}"
    run(venv.python, "-m", "reminders_mock", "--help", cwd=venv.workdir)
    assert_serves_the_documented_create(venv)


def assert_mock_not_importable(venv: Venv) -> None:
    """Without PyPI's `mock`, nothing is importable as `mock`: our install never provides that name."""
    assert not venv.can_import("mock"), f"`import mock` still finds {venv.file_of('mock')}"


@pytest.fixture(scope="module")
def venv_with_mock_then_us(tmp_path_factory) -> Venv:
    """PyPI's mock installed first, then our checkout. Shared by the regular test and, after it, the
    editable one, which reuses the installed dependencies instead of fetching them again."""
    venv = Venv.create(tmp_path_factory.mktemp("mock-first"))
    venv.pip("install", "mock")
    venv.pip("install", ROOT)
    return venv


def test_pypi_mock_installed_after_us_leaves_both_working(tmp_path):
    """The usual order in a project that adds the backport later; removing it again must not take
    anything of ours along, as it would if we had installed files under the name `mock`."""
    venv = Venv.create(tmp_path)
    venv.pip("install", ROOT)
    venv.pip("install", "mock")
    assert_both_work(venv, reminders_mock_from=venv.site_packages / "reminders_mock")

    venv.pip("uninstall", "-y", "mock")
    assert_mock_not_importable(venv)
    assert_serves_the_documented_create(venv)


def test_us_installed_after_pypi_mock_leaves_both_working(venv_with_mock_then_us):
    """Installing into an environment that already has the backport must neither overwrite nor shadow
    it. Asserting the copy in site-packages also catches this test running after the editable one."""
    venv = venv_with_mock_then_us
    assert_both_work(venv, reminders_mock_from=venv.site_packages / "reminders_mock")


def test_editable_install_beside_pypi_mock_runs_from_the_checkout(venv_with_mock_then_us):
    """An editable install maps reminders_mock onto the checkout's mock/ folder; that mapping must not
    make the folder importable as `mock`, neither beside PyPI's copy nor once that is gone."""
    venv = venv_with_mock_then_us
    venv.pip("install", "-e", ROOT)
    assert_both_work(venv, reminders_mock_from=ROOT / "mock")

    venv.pip("uninstall", "-y", "mock")
    assert_mock_not_importable(venv)
