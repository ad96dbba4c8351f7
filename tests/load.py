"""A bounded load on `reminders-mock serve` in a process of its own: clients mixing GraphQL
creates and searches, clock moves and health checks, while the tenant's webhook receiver answers
slowly and sometimes fails. Used by tests/test_load.py (small, in CI) and bench/load.py (longer).
"""

import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.sandbox import CREATE_PAYLINK, pay_link_input
from tests.served import Mock, serve

SEARCH = """query { payLink { payLinks(limit: 5) { pagination { total } items { id status } } } }"""
RECEIVER_DELAY = 0.05  # seconds the receiver takes to answer
FAIL_EVERY = 5  # the receiver answers 500 to every fifth request
ANSWER_BOUND = 180  # seconds any one answer may take: clock moves of one tenant queue behind each other


@dataclass
class Receiver:
    """Answers slowly, fails now and then; keeps the id of every event it accepted."""

    requests: int = 0
    accepted: set[str] = field(default_factory=set)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        failing = self.requests % FAIL_EVERY == 0
        await asyncio.sleep(RECEIVER_DELAY)
        if failing:
            return web.Response(status=500, text="sometimes failing")
        self.accepted.add(json.loads(await request.read())["id"])
        return web.Response(text="ok")


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before_kib: int = 0
    rss_after_kib: int = 0
    deliveries: list[dict] = field(default_factory=list)
    receiver: Receiver = field(default_factory=Receiver)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    def summary(self) -> str:
        return (
            f"{len(self.latencies)} requests, p50 {self.percentile(0.5) * 1000:.1f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.1f} ms, "
            f"mean {statistics.mean(self.latencies) * 1000:.1f} ms; "
            f"RSS {self.rss_before_kib / 1024:.0f} MiB before, {self.rss_after_kib / 1024:.0f} MiB after; "
            f"{len(self.deliveries)} webhook deliveries, {self.receiver.requests} receiver requests"
        )


def resident_kib(pid: int) -> int:
    """The process's resident memory (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError(f"no VmRSS for process {pid}")


async def client(mock: Mock, number: int, requests: int, load: Load) -> None:
    """One client's mix: four creates and four searches in ten requests, a clock move, a health check."""
    for step in range(requests):
        kind = (number + step) % 10
        started = time.perf_counter()
        if kind < 4:
            variables = {"payLink": pay_link_input(invoiceAmount=str(10_000 + number * 100 + step))}
            status, body = await mock.call("POST", "/v1", {"query": CREATE_PAYLINK, "variables": variables})
        elif kind < 8:
            status, body = await mock.call("POST", "/v1", {"query": SEARCH})
        elif kind < 9:  # clock moves of one tenant wait on each other: one request in ten
            status, body = await mock.call("POST", "/_mock/clock/advance", {"by": "PT2M"})
        else:
            status, body = await mock.call("GET", "/_mock/health")
        load.latencies.append(time.perf_counter() - started)
        if status != 200 or (isinstance(body, dict) and body.get("errors")):
            load.errors.append(f"{status}: {str(body)[:200]}")


async def run_load(directory: Path, receiver_url_of, clients: int, requests: int) -> Load:
    """`receiver_url_of(handle)` starts the receiver and answers its URL."""
    load = Load()
    url = await receiver_url_of(load.receiver.handle)
    served = serve(directory, "--webhook", url)
    try:
        connector, timeout = aiohttp.TCPConnector(limit=clients), aiohttp.ClientTimeout(total=ANSWER_BOUND)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            mock = Mock(session, served.url)
            load.rss_before_kib = resident_kib(served.process.pid)
            await asyncio.gather(*(client(mock, n, requests, load) for n in range(clients)))
            # Two days, long enough for every retry of the default profile: nothing may stay
            # pending. An hour at a time, each attempt's instant waiting on the slow receiver.
            for _ in range(48):
                await mock.advance("PT1H")
            load.rss_after_kib = resident_kib(served.process.pid)
            load.deliveries = (await mock.get("/_mock/webhooks/deliveries"))["deliveries"]
    finally:
        served.stop()
    return load
