"""`reminders-mock serve` as a user starts it: a real process on a real port, from any directory."""

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from reminders_mock.cli import DOCUMENTED_CREATE, main
from tests.served import serve

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
    """The server started as `python -m reminders_mock serve`, from a directory that is not the checkout."""
    running = serve(tmp_path)
    yield running
    if running.process.poll() is None:
        running.stop()


def test_serve_answers_the_documented_create_and_refuses_missing_and_restricted_keys(served):
    base = served.url
    status, body = post(f"{base}/v1", DOCUMENTED_CREATE, "demo-key")
    created = body["data"]["payLink"]["create"]
    assert status == 200
    assert {"id", "shortUrl", "longUrl"} <= set(created)
    assert created["longUrl"].startswith(f"{base}/pay/6500/")

    assert post(f"{base}/v1", DOCUMENTED_CREATE, None)[0] == 401
    assert post(f"{base}/v1", DOCUMENTED_CREATE, "demo-key-restricted")[0] == 403


def test_serve_prints_the_endpoint_the_keys_and_a_curl_line(served):
    printed, _ = served.stop()
    assert "POST http://127.0.0.1:" in printed
    assert "X-AUTH-TOKEN: demo-key" in printed
    assert "/apps/api/v1/calls" in printed
    assert "CCAI basic auth: demo-company-key / demo-company-secret" in printed
    assert "/json-rpc/v1.1/" in printed
    assert "CALLR login: demo / demo-password, Api-Key demo-callr-api-key" in printed
    assert "curl -s http://127.0.0.1:" in printed and "createPayLink" in printed


def test_a_broken_scenario_stops_serve_with_the_file_and_field(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("clock: {start: '2024-01-01T00:00:00+00:00'}\ntenants: [{customer: '1'}]\n")
    assert main(["serve", "--scenario", str(broken)]) == 2
    assert f"{broken}:2: tenants[0].apiKeys" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["-5", "1e3", "99999999999999999999"])
def test_a_journal_size_that_is_not_a_count_stops_serve_in_one_line(capsys, size):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--journal-size", size])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert f"argument --journal-size: expected a whole number from 0 to 1000000, got '{size}'" in error
    assert "Traceback" not in error


# ---------------------------------------------------------------- validate and scenario-schema

VALID = "clock: {start: '2024-01-01T00:00:00+00:00'}\ntenants: [{customer: '1', apiKeys: [{key: k}]}]\n"


def test_validate_says_ok_for_each_valid_file_and_exits_0(tmp_path, capsys):
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(VALID)
    second.write_text(VALID)  # the same tenant as first.yaml: each file is checked on its own

    assert main(["validate", str(first), str(second)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{first}: ok", f"{second}: ok"]


def test_validate_prints_every_problem_with_its_line_and_exits_1(tmp_path, capsys):
    good, broken = tmp_path / "good.yaml", tmp_path / "broken.yaml"
    good.write_text(VALID)
    broken.write_text("clock: {start: '2024-01-01T00:00:00'}\ntenants:\n  - customer: '1'\n")

    assert main(["validate", str(broken), str(good)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{broken}:1: clock.start: expected a value with timezone info",
        f"{broken}:3: tenants[0].apiKeys: expected a value, the field is required",
        f"{good}: ok",
    ]


def test_validate_refuses_a_customer_declared_twice_in_one_file(tmp_path, capsys):
    twice = tmp_path / "twice.yaml"
    twice.write_text(VALID.replace("tenants: [", "tenants: [{customer: '1', apiKeys: [{key: j}]}, "))

    assert main(["validate", str(twice)]) == 1
    assert "customer '1' is declared more than once" in capsys.readouterr().out


def test_validate_accepts_the_name_of_a_shipped_scenario(capsys):
    assert main(["validate", "default"]) == 0
    assert capsys.readouterr().out == "default: ok\n"


def test_scenario_schema_prints_the_json_schema_of_scenario_files(capsys):
    assert main(["scenario-schema"]) == 0
    schema = json.loads(capsys.readouterr().out)

    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["title"] == "reminders-mock scenario"
    assert {"tenants", "clock"} <= set(schema["properties"])
