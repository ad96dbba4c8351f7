"""Fixtures for the webhook tests: dispatchers on fresh tenants, and HTTP receivers on 127.0.0.1."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from reminders_mock.scenario.models import WebhookSpec
from reminders_mock.webhooks.dispatcher import Dispatcher
from reminders_mock.webhooks.transport import HttpTransport, Inboxes, Transport
from tests.served import receiving
from tests.webhooks.helpers import Sandbox, fixed_wallclock, new_tenant


@pytest.fixture
async def transport() -> AsyncIterator[HttpTransport]:
    transport = HttpTransport(Inboxes())
    yield transport
    await transport.close()


@pytest.fixture
def sandbox(transport) -> Callable[..., Sandbox]:
    """A fresh tenant whose dispatcher sends to the given endpoints (specs or plain dicts)."""

    def build(
        *endpoints: WebhookSpec | dict[str, Any],
        seed: int = 1,
        via: Transport | None = None,
        wallclock: Callable[[], float] = fixed_wallclock,
    ) -> Sandbox:
        specs = [WebhookSpec.model_validate(e) for e in endpoints]
        tenant = new_tenant()
        return Sandbox(tenant, Dispatcher(tenant, specs, via or transport, seed, wallclock=wallclock))

    return build


@dataclass
class Request:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP endpoint answering a script of (status, headers), then 200 to everything."""

    script: list[tuple[int, dict[str, str]]]
    url: str = ""
    requests: list[Request] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(Request(dict(request.headers), await request.read()))
        status, headers = self.script.pop(0) if self.script else (200, {})
        return web.Response(status=status, headers=headers, text=f"answer {status}")


@pytest.fixture
def receiver(aiohttp_server) -> Callable[..., Awaitable[Receiver]]:
    """Starts a receiver: `await receiver(500, (503, {"Retry-After": "120"}), port=...)`."""

    async def start(*script: int | tuple[int, dict[str, str]], port: int | None = None) -> Receiver:
        found = Receiver([step if isinstance(step, tuple) else (step, {}) for step in script])
        base = await receiving(aiohttp_server, found.handle, "/hook", **({"port": port} if port else {}))
        found.url = base + "/hook"
        return found

    return start
