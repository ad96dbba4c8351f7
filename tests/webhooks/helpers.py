"""Helpers for the webhook tests: a tenant on a manual clock, events, and an in-memory receiver."""

import asyncio
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from reminders_mock.core.clock import Clock
from reminders_mock.core.events import DomainEvent
from reminders_mock.core.ids import Ids
from reminders_mock.core.tenant import Tenant
from reminders_mock.webhooks.dispatcher import Dispatcher
from reminders_mock.webhooks.transport import Answer, DeliveryError

START = datetime(2024, 6, 12, 10, 0, tzinfo=UTC)
REAL_START = START.timestamp()


def fixed_wallclock() -> float:
    """Real time as the dispatcher sees it in tests that do not check signatures: never moving."""
    return REAL_START


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def new_tenant(clock: Clock | None = None) -> Tenant:
    return Tenant(
        customer="6500",
        name="Webhook tests",
        timezone=ZoneInfo("Europe/Amsterdam"),
        api_keys=(),
        clock=clock or Clock(START),
        ids=Ids("1"),
        public_url="http://mock.test",
    )


def paylink_event(tenant: Tenant, name: str = "PayLinkPaid", amount: int = 1344) -> DomainEvent:
    """A PayLink event as the PayLink service emits it."""
    data = {"payment-method": "ideal", "transaction-amount": amount}
    return tenant.emit(name, "paylink", tenant.ids.uuid(), "", data)


@dataclass
class Sandbox:
    """A tenant and the dispatcher listening to it."""

    tenant: Tenant
    webhooks: Dispatcher

    @property
    def clock(self) -> Clock:
        return self.tenant.clock


@dataclass
class Sent:
    url: str
    body: bytes
    headers: dict[str, str]


@dataclass
class ScriptedTransport:
    """An in-memory receiver per URL: answers from each URL's script in turn, then `then`.

    A script step is a status, (503, seconds) for a Retry-After, "timeout" (no answer within
    the endpoint's timeout, really waited) or "refused"."""

    scripts: dict[str, list] = field(default_factory=dict)
    then: int = 200
    sent: list[Sent] = field(default_factory=list)

    async def post(self, url, body, headers, auth, timeout) -> Answer:
        self.sent.append(Sent(url, body, headers))
        script = self.scripts.get(url, [])
        step = script.pop(0) if script else self.then
        if step == "refused":
            raise DeliveryError(f"could not connect to {url}: refused")
        if step == "timeout":
            await _no_answer_within(timeout)
        status, wait = step if isinstance(step, tuple) else (step, None)
        headers = {"retry-after": str(wait)} if wait is not None else {}
        return Answer(status, headers, f"answer {status}")


async def _no_answer_within(timeout: float) -> None:
    try:
        await asyncio.wait_for(asyncio.Event().wait(), timeout)
    except TimeoutError:
        raise DeliveryError(f"no answer within {timeout:g} s") from None
