"""`serve --state-file` over real restarts: what a server answered survives a SIGTERM, a SIGHUP
(saved at stop) and a SIGKILL (saved every --save-every seconds, so at most that is lost): the
objects, the pending schedule, the webhooks still retrying; and no restart hands out a key that
was issued before."""

import json
import signal
import socket
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from reminders_mock.cli import main
from tests.sandbox import CREATE_PAYLINK, FIND_PAYLINK, pay_link_input
from tests.served import ServeProcess, serve

SAVE_EVERY = "0.2"
SAVED_WAIT_SECONDS = 20  # a bound for a loaded machine, not a timing assertion


def call(served: ServeProcess, method: str, path: str, body: Any = None, key: str = "demo-key") -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        served.url + path,
        data=data,
        method=method,
        headers={"X-AUTH-TOKEN": key, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read())


def refused_url() -> str:
    """A webhook URL nothing listens on: every attempt is refused, so the delivery retries."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/hooks"


def start(tmp_path: Path, *more: str) -> ServeProcess:
    state = tmp_path / "state.json"
    return serve(tmp_path, "--state-file", str(state), "--save-every", SAVE_EVERY, *more)


def wait_until_saved(state: Path, *texts: str) -> None:
    """Until a periodic save holds every one of `texts`."""
    deadline = time.monotonic() + SAVED_WAIT_SECONDS
    while not (state.exists() and all(text in state.read_text() for text in texts)):
        assert time.monotonic() < deadline, f"no save holding {texts}"
        time.sleep(0.05)


def what_a_restart_must_keep(served: ServeProcess, link_id: str, key: str) -> dict:
    found = call(served, "POST", "/v1", {"query": FIND_PAYLINK, "variables": {"id": link_id}})
    clock = call(served, "GET", "/_mock/clock")
    deliveries = call(served, "GET", "/_mock/webhooks/deliveries")["deliveries"]
    return {
        "paylink": found["data"]["payLink"]["payLinks"]["items"],
        "clock": {name: clock[name] for name in ("now", "pending", "nextDue")},
        "retrying": [(d["id"], d["status"], d["nextAttemptOn"], len(d["attempts"])) for d in deliveries],
        "tenant": call(served, "GET", "/_mock/clock", key=key)["customer"],
    }


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name)
def test_a_restart_keeps_objects_schedule_retrying_webhooks_and_tenants(tmp_path, stop):
    served = start(tmp_path, "--webhook", refused_url())
    link = call(served, "POST", "/v1", {"query": CREATE_PAYLINK, "variables": {"payLink": pay_link_input()}})
    link_id = link["data"]["payLink"]["create"]["id"]
    call(served, "POST", f"/_mock/paylinks/{link_id}/visit")  # a webhook to the refused URL: retrying
    call(served, "POST", "/_mock/clock/advance", {"by": "PT2M"})
    key = call(served, "POST", "/_mock/tenants", {})["apiKey"]
    before = what_a_restart_must_keep(served, link_id, key)
    assert before["retrying"] and before["retrying"][0][1] == "pending"

    if stop == signal.SIGKILL:
        wait_until_saved(tmp_path / "state.json", link_id, key, before["clock"]["now"].split(".")[0])
        served.process.kill()
        served.process.communicate(timeout=20)
        (tmp_path / "ready").unlink()  # left behind by the killed server: not the next one's
    else:
        served.stop(stop)
    again = start(tmp_path)
    try:
        assert what_a_restart_must_keep(again, link_id, key) == before
        newer = call(again, "POST", "/_mock/tenants", {})
        assert newer["apiKey"] != key and newer["customer"] != before["tenant"]
    finally:
        again.stop()


def test_no_restart_hands_out_a_key_issued_before(tmp_path):
    issued: dict[str, str] = {}  # key → customer
    for stop in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        served = start(tmp_path)
        tenant = call(served, "POST", "/_mock/tenants", {})
        assert tenant["apiKey"] not in issued
        issued[tenant["apiKey"]] = tenant["customer"]
        opened = {key: call(served, "GET", "/_mock/clock", key=key)["customer"] for key in issued}
        served.stop(stop)
        assert opened == issued  # every key still opens the tenant it was made for


def test_a_state_file_that_cannot_be_written_stops_serve_at_start_in_one_line(tmp_path, capsys):
    """Found at start: at stop, it used to lose everything since start."""
    state = tmp_path / "no such directory" / "state.json"

    assert main(["serve", "--port", "0", "--state-file", str(state)]) == 2

    assert capsys.readouterr().err == f"{state}: cannot be written (No such file or directory)\n"
