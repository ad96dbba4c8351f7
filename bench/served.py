"""The throughput figures: a documented request POSTed over 16 connections to `reminders-mock
serve`, against the same load on a bare aiohttp handler (bench/bare.py), each server in a fresh
process of its own, the load generator in another (bench/loadgen.py)."""

import json
import tempfile
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import loadgen
from .measure import Measured, Settings
from .processes import bare_command, mock_command, serving
from .worlds import documented

BARE_BODY = {"data": {"bare": "a small JSON body"}}
PAID_AFTER = "PT1H"  # the documented amount, 15497, ends in 97: visited at 5 minutes, paid at 30


def create(settings: Settings) -> dict[str, Measured]:
    return {"create_throughput": throughput(settings, lambda url: documented("create_paylink"))}


def find(settings: Settings) -> dict[str, Measured]:
    """The documented id is the default scenario's own PayLink: found as the documentation shows."""
    return {"find_throughput": throughput(settings, lambda url: documented("find_single_paylink"))}


def search(settings: Settings) -> dict[str, Measured]:
    return {"search_throughput": throughput(settings, lambda url: paid_today(url, settings.search_paylinks))}


def throughput(settings: Settings, request_to: Callable[[str], dict[str, Any]]) -> Measured:
    """Requests per second of the mock over those of the bare handler; `request_to(url)` readies
    the served mock and answers the body to load it with. Both servers run side by side (on one
    core, one idle while the other is loaded) and their loads take turns, so a burst of another
    process weighs on both alike; the best load of each counts."""
    kind = loadgen.generator(settings.load_generator)
    with (
        tempfile.TemporaryDirectory() as directory,
        serving(bare_command) as bare,
        serving(mock_command) as mock,
    ):
        body = request_to(mock.url)
        post(mock.url + "/v1", body)  # refuses a body the mock refuses, before the load
        targets = {
            "bare": (bare.url + "/v1", _written(Path(directory) / "bare.json", BARE_BODY)),
            "mock": (mock.url + "/v1", _written(Path(directory) / "mock.json", body)),
        }
        if settings.http_warmup_seconds:
            for url, file in targets.values():
                loadgen.run(kind, url, file, settings.connections, settings.http_warmup_seconds)
        best: dict[str, loadgen.Load] = {}
        for _ in range(settings.http_rounds):
            for side, (url, file) in targets.items():
                load = loadgen.run(kind, url, file, settings.connections, settings.http_seconds)
                best[side] = max(best.get(side, load), load, key=lambda load: load.requests_per_second)
    return Measured(
        best["mock"].requests_per_second,
        best["bare"].requests_per_second,
        "req/s",
        {
            "p50_ms": best["mock"].p50_ms,
            "p99_ms": best["mock"].p99_ms,
            "bare_p50_ms": best["bare"].p50_ms,
            "bare_p99_ms": best["bare"].p99_ms,
        },
    )


def _written(path: Path, body: dict[str, Any]) -> Path:
    path.write_text(json.dumps(body))
    return path


def paid_today(base: str, count: int) -> dict[str, Any]:
    """`count` documented PayLinks made and paid on the clock's day; the documented advanced
    search for the paid PayLinks of that day (the documentation's own day holds none)."""
    for _ in range(count):
        post(base + "/v1", documented("create_paylink"))
    post(base + "/_mock/clock/advance", {"by": PAID_AFTER})
    now = datetime.fromisoformat(get(base + "/_mock/clock")["now"])
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    variables = {**documented("advanced_paylink_search")["variables"]}
    variables["filters"] = {
        "status": {"equalTo": "paid"},
        "createdOn": {"greaterThan": day.isoformat(), "lesserThan": (day + timedelta(days=1)).isoformat()},
    }
    return documented("advanced_paylink_search", **variables)


def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    """One request as tenant 6500; refuses an answer with GraphQL errors."""
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", "X-AUTH-TOKEN": "demo-key"}
    )
    return _answer(request)


def get(url: str) -> dict[str, Any]:
    return _answer(urllib.request.Request(url, headers={"X-AUTH-TOKEN": "demo-key"}))


def _answer(request: urllib.request.Request) -> dict[str, Any]:
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    if "errors" in answer:
        raise RuntimeError(f"{request.full_url} refused a benchmark request: {answer['errors']}")
    return answer
