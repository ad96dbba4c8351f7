"""A mock server on a real socket, as the end-to-end tests meet it: in-process, the default
scenario with webhook endpoints of the test's own and a small client that calls it as tenant
6500; or `reminders-mock serve` in a process of its own, as a user starts it."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.models import Scenario, WebhookSpec
from tests.sandbox import CREATE_MANDATE, CREATE_PAYLINK, mandate_input, pay_link_input

ROOT = Path(__file__).resolve().parents[1]
READY_WAIT_SECONDS = 20  # a bound for a loaded machine, not a timing assertion
ADD_ROWS = "mutation($rows: [RowInput!]) { import { addRecords(rows: $rows) { name status } } }"


@dataclass
class Mock:
    """A mock server on a real socket, called as tenant 6500 with demo-key."""

    session: aiohttp.ClientSession
    base: str

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"X-AUTH-TOKEN": "demo-key"}
        async with self.session.request(method, self.base + path, json=body, headers=headers) as response:
            return response.status, await response.json()

    async def ok(self, method: str, path: str, body: Any = None) -> Any:
        """The answer of a call that must succeed."""
        status, answer = await self.call(method, path, body)
        assert status in (200, 201), answer
        return answer

    async def get(self, path: str) -> Any:
        return await self.ok("GET", path)

    async def gql(self, query: str, variables: dict) -> dict:
        answer = await self.ok("POST", "/v1", {"query": query, "variables": variables})
        assert "errors" not in answer, answer
        return answer["data"]

    async def advance(self, move: dict | str) -> dict:
        """Moves the clock: a duration such as "PT5H", or any body of POST /_mock/clock/advance."""
        return await self.ok("POST", "/_mock/clock/advance", {"by": move} if isinstance(move, str) else move)


async def receiving(aiohttp_server: Any, handle: Any, *paths: str, **server: Any) -> str:
    """A webhook receiver on a loopback socket, `handle` answering POSTs to each of `paths`; the
    server's base URL (no trailing slash)."""
    app = web.Application()
    for path in paths:
        app.router.add_post(path, handle)
    return str((await aiohttp_server(app, **server)).make_url("")).rstrip("/")


def default_with_endpoints(*endpoints: WebhookSpec) -> Scenario:
    """The default scenario, its tenant 6500 also sending to `endpoints`."""
    scenario = load_scenario("default")
    tenant = scenario.tenants[0]
    tenant = tenant.model_copy(update={"webhooks": [*tenant.webhooks, *endpoints]})
    return scenario.model_copy(update={"tenants": [tenant, *scenario.tenants[1:]]})


def row(reference: str, script: str, phone: str, amount: str = "56400") -> dict:
    """A record for addRecords(rows) with everything the SMS and voice scripts require."""
    return {
        "reference": reference,
        "script": script,
        "personFamilyName": "Alphacomm",
        "toPhoneNumbers": [phone],
        "invoiceDescription": "Example payment",
        "invoiceReference": "40824524",
        "invoiceCurrency": "EUR",
        "invoiceAmount": amount,
    }


async def a_working_day(mock: Mock) -> None:
    """A day's work for tests that replay one: PayLinks the built-in rules pay (97), fail (01),
    cancel (02), half pay (03) and leave started (05); a mandate signed within the hour; a batch
    for the SMS script 1003 and the voice script 6512, taken up at the 10:00 window, in which 0009
    fails its SMS and 0001 is busy, so its call is tried again two hours later."""
    for amount in ("15497", "15401", "15402", "15403", "15405"):
        await mock.gql(CREATE_PAYLINK, {"payLink": pay_link_input(invoiceAmount=amount)})
    await mock.gql(CREATE_MANDATE, {"mandate": mandate_input(reference="AC-HUUR")})
    rows = [
        row("SMS-1", "1003", "+31612345678"),
        row("SMS-2", "1003", "+31612340009", amount="56401"),
        row("CALL-1", "6512", "+31612345678"),
        row("CALL-2", "6512", "+31612340001"),
    ]
    await mock.gql(ADD_ROWS, {"rows": rows})


@dataclass
class ServeProcess:
    """`reminders-mock serve` running in a process of its own, and the URL it is reached at."""

    process: subprocess.Popen
    url: str

    def stop(self, sig: int = signal.SIGINT, status: int = 0) -> tuple[str, str]:
        """Stops the server as Ctrl-C does; what it printed on stdout and on stderr."""
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=20)
        assert self.process.returncode == status, err
        return out, err


def serve(directory: Path, *options: str) -> ServeProcess:
    """`python -m reminders_mock serve --port 0 --ready-file F`, as a CI script starts it: the URL
    comes from the ready file, which appears once the server accepts connections."""
    ready = directory / "ready"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reminders_mock",
            "serve",
            "--port",
            "0",
            "--ready-file",
            str(ready),
            *options,
        ],
        cwd=directory,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + READY_WAIT_SECONDS
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("no ready file; the server printed:\n" + "".join(process.communicate()))
        time.sleep(0.05)
    return ServeProcess(process, ready.read_text().strip())
