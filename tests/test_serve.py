"""`reminders-mock serve` on a real socket: the port it really bound, the ready file, the banner only
once bound, the log a person follows, and what a stop says it saved."""

import io
import json
import logging
import signal
import socket
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reminders_mock import __version__
from reminders_mock.cli import DOCUMENTED_CREATE, main
from reminders_mock.serving import configure_logging
from tests.served import serve

ROOT = Path(__file__).resolve().parents[1]


def request(url: str, body: str | None = None, key: str | None = "demo-key") -> dict:
    headers = {"Content-Type": "application/json", **({"X-AUTH-TOKEN": key} if key else {})}
    with urllib.request.urlopen(
        urllib.request.Request(url, data=body.encode() if body else None, headers=headers), timeout=5
    ) as response:
        return json.loads(response.read())


# ---------------------------------------------------------------- --port 0 and --ready-file


def test_port_0_binds_a_free_port_and_the_ready_file_url_serves_the_documented_create(tmp_path):
    served = serve(tmp_path)
    try:
        port = urlsplit(served.url).port
        assert served.url == f"http://127.0.0.1:{port}" and port != 0

        created = request(f"{served.url}/v1", DOCUMENTED_CREATE)["data"]["payLink"]["create"]

        assert created["shortUrl"].startswith(f"{served.url}/")
        assert created["longUrl"].startswith(f"{served.url}/pay/6500/")
        assert request(f"{served.url}/_mock/health", key=None)["url"] == served.url
    finally:
        out, _ = served.stop()
    assert f"reminders-mock on {served.url}" in out
    assert f"curl -s {served.url}/v1" in out


def test_the_banner_names_the_pages_a_person_opens_and_each_answers_a_browser(tmp_path):
    served = serve(tmp_path)
    try:
        pages = {}
        for url in (f"{served.url}/_mock/ui", f"{served.url}/v1"):
            opened = urllib.request.Request(url, headers={"Accept": "text/html"})
            with urllib.request.urlopen(opened, timeout=5) as response:
                pages[url] = (response.status, response.headers.get_content_type())
    finally:
        out, _ = served.stop()
    assert f"dashboard     {served.url}/_mock/ui" in out
    assert f"explorer      {served.url}/v1" in out
    assert set(pages.values()) == {(200, "text/html")}


async def test_health_names_the_url_the_server_is_reached_at(client):
    response = await client.get("/_mock/health")

    assert (await response.json())["url"] == "http://mock.test"


# ---------------------------------------------------------------- several scenarios


def clocks(url: str, *keys: str) -> list[str]:
    return [request(f"{url}/_mock/clock", key=key)["mode"] for key in keys]


def test_serve_gives_each_scenario_files_tenants_that_files_clock(tmp_path):
    served = serve(tmp_path, "--scenario", "default", "--scenario", "webhook-demo")
    try:
        modes = clocks(served.url, "demo-key", "webhook-demo-key")
    finally:
        out, _ = served.stop()

    assert modes == ["manual", "60x"]
    assert "customer 6500  clock manual from 2024-06-12T08:00:00+00:00, seed 1" in out
    assert "customer 6600  clock 60x from 2024-06-12T08:00:00+00:00, seed 7" in out


def test_clock_and_seed_on_the_command_line_override_every_scenario_file(tmp_path):
    served = serve(tmp_path, "--scenario", "default", "--scenario", "webhook-demo", "--clock", "10x")
    try:
        modes = clocks(served.url, "demo-key", "webhook-demo-key")
    finally:
        served.stop()
    served = serve(tmp_path, "--scenario", "default", "--scenario", "webhook-demo", "--seed", "3")
    try:
        seeds = [
            request(f"{served.url}/_mock/reset", "{}", key=key)["seed"]
            for key in ("demo-key", "webhook-demo-key")
        ]
    finally:
        served.stop()

    assert modes == ["10x", "10x"]
    assert seeds == [3, 3]


# ---------------------------------------------------------------- binding


def test_a_port_in_use_is_one_line_on_stderr_and_exit_status_1_without_a_banner(capsys):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]

        assert main(["serve", "--port", str(port)]) == 1

    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.splitlines() == [
        f"cannot listen on 127.0.0.1:{port}: address already in use "
        "(choose another --port, or --port 0 for a free one)"
    ]


def test_serving_on_every_address_without_public_url_warns_that_landing_pages_use_it(tmp_path):
    served = serve(tmp_path, "--host", "0.0.0.0", "--insecure")
    _, err = served.stop()

    assert "landing-page URLs use http://0.0.0.0:" in err
    assert "--public-url" in err


def test_a_public_url_is_used_as_given_and_silences_the_bind_address_warning(tmp_path):
    served = serve(tmp_path, "--host", "0.0.0.0", "--insecure", "--public-url", "http://mock.example:9000")
    try:
        created = request(f"{served.url}/v1", DOCUMENTED_CREATE)["data"]["payLink"]["create"]
    finally:
        _, err = served.stop()

    assert created["shortUrl"].startswith("http://mock.example:9000/")
    assert "landing-page URLs" not in err


# ---------------------------------------------------------------- the log and the stop


def test_serve_logs_one_line_per_request_with_method_path_status_tenant_and_milliseconds(tmp_path):
    served = serve(tmp_path)
    request(f"{served.url}/v1", DOCUMENTED_CREATE)
    request(f"{served.url}/_mock/health", key=None)
    _, err = served.stop()

    lines = err.splitlines()
    (create,) = [line for line in lines if "/v1" in line]  # one line: aiohttp's own log is not added
    assert " POST /v1 200 customer 6500 " in create and create.endswith(" ms")
    assert any(" GET /_mock/health 200 - " in line for line in lines)


def test_quiet_serve_logs_no_requests(tmp_path):
    served = serve(tmp_path, "--quiet")
    request(f"{served.url}/v1", DOCUMENTED_CREATE)
    _, err = served.stop()

    assert "/v1" not in err


@pytest.fixture
def package_logger():
    """The package's logger, put back as the test run had it after a test configured it."""
    logger = logging.getLogger("reminders_mock")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield logger
    logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]


def test_a_webhook_attempt_record_shows_as_one_line_at_info_and_not_at_warning(package_logger):
    dispatcher, printed = logging.getLogger("reminders_mock.webhooks.dispatcher"), io.StringIO()
    configure_logging("info", printed)
    dispatcher.info("webhook %s to %s: %s (attempt %d)", "PayLinkPaid", "inbox:demo", 200, 1)
    configure_logging("warning", printed)
    dispatcher.info("webhook %s to %s: %s (attempt %d)", "PayLinkPaid", "inbox:demo", 500, 2)

    (line,) = printed.getvalue().splitlines()
    assert line.endswith(" webhook PayLinkPaid to inbox:demo: 200 (attempt 1)")


def test_a_stop_without_state_file_says_nothing_is_saved(tmp_path):
    out, _ = serve(tmp_path).stop(signal.SIGTERM)

    assert "nothing is saved" in out.splitlines()[-1]


def test_a_stop_says_where_it_saved_the_tenants_and_the_result_files(tmp_path):
    state, outbox = tmp_path / "state.json", tmp_path / "outbox"
    served = serve(tmp_path, "--state-file", str(state), "--outbox", str(outbox))
    out, _ = served.stop()

    assert state.exists()
    assert f"saved 1 tenant to {state}" in out
    assert f"result files are written to {outbox}" in out


def test_version_prints_the_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out == f"reminders-mock {__version__}\n"


def test_an_unknown_scenario_lists_the_shipped_ones(capsys):
    assert main(["serve", "--scenario", "nope"]) == 2

    assert "shipped scenarios: default, failures, population-demo, webhook-demo" in capsys.readouterr().err
