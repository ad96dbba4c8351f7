"""`reminders-mock serve` as a user starts it: a real process on a real port, from any directory."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mock.cli import DOCUMENTED_CREATE, main

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(url: str, body: str, key: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", **({"X-AUTH-TOKEN": key} if key else {})}
    request = urllib.request.Request(url, data=body.encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def served(tmp_path):
    """The server started as `python -m mock serve`, from a directory that is not the checkout."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "mock", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/_mock/health", timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.1)
    yield base, process
    process.terminate()
    process.wait(timeout=10)


def test_serve_answers_the_documented_create_and_refuses_missing_and_restricted_keys(served):
    base, _ = served
    status, body = post(f"{base}/v1", DOCUMENTED_CREATE, "demo-key")
    created = body["data"]["payLink"]["create"]
    assert status == 200
    assert {"id", "shortUrl", "longUrl"} <= set(created)
    assert created["longUrl"].startswith(f"{base}/pay/6500/")

    assert post(f"{base}/v1", DOCUMENTED_CREATE, None)[0] == 401
    assert post(f"{base}/v1", DOCUMENTED_CREATE, "demo-key-restricted")[0] == 403


def test_serve_prints_the_endpoint_the_keys_and_a_curl_line(served):
    _, process = served
    process.terminate()
    printed = process.communicate(timeout=10)[0]
    assert "POST http://127.0.0.1:" in printed
    assert "X-AUTH-TOKEN: demo-key" in printed
    assert "curl -s http://127.0.0.1:" in printed and "createPayLink" in printed


def test_a_broken_scenario_stops_serve_with_the_file_and_field(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("clock: {start: '2024-01-01T00:00:00+00:00'}\ntenants: [{customer: '1'}]\n")
    assert main(["serve", "--scenario", str(broken)]) == 2
    assert f"{broken}: tenants[0].apiKeys" in capsys.readouterr().err
