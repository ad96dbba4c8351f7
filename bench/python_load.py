"""The load generator when wrk cannot be had: CONNECTIONS aiohttp clients POSTing one JSON body
for SECONDS, in a process of its own; prints the line bench/post.lua prints.

    python -m bench.python_load URL BODY_FILE CONNECTIONS SECONDS
"""

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import aiohttp

HEADERS = {"Content-Type": "application/json", "X-AUTH-TOKEN": "demo-key"}


async def client(session: aiohttp.ClientSession, url: str, body: bytes, until: float, load: dict) -> None:
    while time.perf_counter() < until:
        started = time.perf_counter()
        async with session.post(url, data=body, headers=HEADERS) as response:
            await response.read()
            load["errors"] += response.status != 200
        load["latencies"].append(time.perf_counter() - started)


async def main(url: str, body: bytes, connections: int, seconds: float) -> dict:
    load: dict = {"errors": 0, "latencies": []}
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(client(session, url, body, until, load) for _ in range(connections)))
        took = time.perf_counter() - started
    cuts = statistics.quantiles(load["latencies"], n=100)
    return {
        "requests": len(load["latencies"]),
        "seconds": took,
        "errors": load["errors"],
        "p50_ms": cuts[49] * 1e3,
        "p99_ms": cuts[98] * 1e3,
    }


if __name__ == "__main__":
    url, body_file, connections, seconds = sys.argv[1:5]
    figures = asyncio.run(main(url, Path(body_file).read_bytes(), int(connections), float(seconds)))
    print("BENCH", json.dumps(figures))
