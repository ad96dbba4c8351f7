"""The CALLR face as a client meets it: the mock on a real socket, the official `callr` SDK,
unchanged, pointed at it with set_api_url, and a receiver for its webhooks."""

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import callr
import pytest
from aiohttp import web

from reminders_mock.app import create_app
from reminders_mock.scenario.loader import load_scenario
from tests.conftest import PUBLIC_URL
from tests.served import Mock, receiving

LOGIN, PASSWORD, API_KEY = "demo", "demo-password", "demo-callr-api-key"
SENDER = "+31851234567"  # the default scenario's CALLR number


@dataclass
class Callr:
    """The SDK, logged in as the default tenant's account; `call` runs its blocking urllib call
    in a thread, so the server on this loop can answer it."""

    api: callr.Api
    mock: Mock

    async def call(self, method: str, *params: Any) -> Any:
        return await asyncio.to_thread(self.api.call, method, *params)

    async def error(self, method: str, *params: Any) -> callr.CallrException:
        with pytest.raises(callr.CallrException) as raised:
            await self.call(method, *params)
        return raised.value


def sdk(base: str, login: str = LOGIN, password: str = PASSWORD, path: str = "/json-rpc/v1.1/") -> callr.Api:
    api = callr.Api(login, password)
    api.set_api_url(base + path)
    return api


@pytest.fixture
async def served(aiohttp_server) -> Any:
    session = aiohttp.ClientSession()
    server = await aiohttp_server(create_app(load_scenario("default"), public_url=PUBLIC_URL))
    mock = Mock(session, str(server.make_url("")).rstrip("/"))
    yield Callr(sdk(mock.base), mock)
    await session.close()


@dataclass
class Receiver:
    """A webhook receiver that refuses the first `refusals` requests of each event with a 500."""

    refusals: int = 0
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append((dict(request.headers), body))
        event = json.loads(body)["event_id"]
        if sum(json.loads(b)["event_id"] == event for _, b in self.received) <= self.refusals:
            return web.Response(status=500, text="not yet")
        return web.Response(text="ok")

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.received]


@pytest.fixture
async def receiver(aiohttp_server) -> Receiver:
    found = Receiver()
    found.url = await receiving(aiohttp_server, found.handle, "/callr") + "/callr"
    return found
