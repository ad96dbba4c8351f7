"""Attempts due at one instant are sent side by side, at most ENDPOINT_CONCURRENCY to one endpoint
at once, and the log is the same whichever receiver answers first; a timeout is bounded."""

import asyncio
import random
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from pydantic import ValidationError

from reminders_mock.scenario.models import MAX_WEBHOOK_TIMEOUT, WebhookSpec
from reminders_mock.webhooks.dispatcher import ENDPOINT_CONCURRENCY, Dispatcher
from reminders_mock.webhooks.transport import Answer
from tests.webhooks.helpers import fixed_wallclock, new_tenant, paylink_event
from tests.webhooks.test_webhook_determinism import run_of


@dataclass
class GatedTransport:
    """Holds every request until `release` is set, counting how many wait at once per URL."""

    release: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: dict[str, int] = field(default_factory=dict)
    most: dict[str, int] = field(default_factory=dict)

    async def post(self, url, body, headers, auth, timeout) -> Answer:
        self.waiting[url] = self.waiting.get(url, 0) + 1
        self.most[url] = max(self.most.get(url, 0), self.waiting[url])
        await self.release.wait()
        self.waiting[url] -= 1
        return Answer(200, {}, "ok")


@dataclass
class JitteryTransport:
    """Answers after a random real delay; whether it fails depends on the request alone (every
    third body, on its first try), so only the order of answers differs from run to run."""

    seed: int
    tried: set[bytes] = field(default_factory=set)

    async def post(self, url, body, headers, auth, timeout) -> Answer:
        delay = random.Random(f"{self.seed}:{body!r}:{body in self.tried}").random()
        await asyncio.sleep(delay * 0.01)
        first = body not in self.tried
        self.tried.add(body)
        failing = first and sum(body) % 3 == 0
        return Answer(500 if failing else 200, {}, "answer")


async def test_attempts_due_at_one_instant_are_sent_side_by_side_up_to_the_endpoint_limit():
    tenant, gate = new_tenant(), GatedTransport()
    endpoints = [WebhookSpec(url="http://a.test/hook"), WebhookSpec(url="http://b.test/hook")]
    webhooks = Dispatcher(tenant, endpoints, gate, 1, wallclock=fixed_wallclock)
    for _ in range(ENDPOINT_CONCURRENCY + 5):
        paylink_event(tenant)

    advancing = asyncio.create_task(tenant.clock.advance(by=timedelta(0)))
    for _ in range(20):
        await asyncio.sleep(0)
    assert gate.waiting == {
        "http://a.test/hook": ENDPOINT_CONCURRENCY,
        "http://b.test/hook": ENDPOINT_CONCURRENCY,
    }
    gate.release.set()
    await advancing

    assert gate.most == {
        "http://a.test/hook": ENDPOINT_CONCURRENCY,
        "http://b.test/hook": ENDPOINT_CONCURRENCY,
    }
    assert {d.status for d in webhooks.deliveries()} == {"delivered"}
    assert len(webhooks.deliveries()) == 2 * (ENDPOINT_CONCURRENCY + 5)


async def play(jitter: int) -> Dispatcher:
    tenant = new_tenant()
    endpoints = [
        WebhookSpec(url="http://a.test/hook", faults={"duplicate": 0.3, "drop": 0.2}),
        WebhookSpec(url="http://b.test/hook", retry="mollie"),
    ]
    webhooks = Dispatcher(tenant, endpoints, JitteryTransport(jitter), 5, wallclock=fixed_wallclock)
    for minute in range(30):
        for amount in range(minute % 4 + 1):  # several events at many instants
            paylink_event(tenant, amount=1000 + minute * 10 + amount)
        await tenant.clock.advance(by=timedelta(seconds=30 * (minute % 3)))
    await tenant.clock.advance(by=timedelta(days=1))
    return webhooks


async def test_the_log_is_the_same_whichever_receiver_answers_first():
    first, second = await play(jitter=1), await play(jitter=2)

    assert run_of(first) == run_of(second)
    statuses = {d.status for d in first.deliveries()}
    assert "delivered" in statuses
    assert any(len(d.attempts) > 1 for d in first.deliveries())  # retries happened


@pytest.mark.parametrize("timeout", [1e308, float("inf"), float("nan"), MAX_WEBHOOK_TIMEOUT + 1, 0])
def test_a_webhook_timeout_outside_its_bound_is_refused_naming_the_field(timeout):
    with pytest.raises(ValidationError) as refused:
        WebhookSpec.model_validate({"url": "http://a.test/hook", "timeout": timeout})

    assert refused.value.errors()[0]["loc"] == ("timeout",)


def test_a_webhook_timeout_up_to_the_bound_is_taken():
    assert WebhookSpec(url="http://a.test/hook", timeout=MAX_WEBHOOK_TIMEOUT).timeout == MAX_WEBHOOK_TIMEOUT


async def test_a_tenant_asked_for_with_a_huge_webhook_timeout_is_refused_with_the_bound(client):
    body = {"webhooks": [{"url": "http://a.test/hook", "timeout": 1e308}]}
    response = await client.post("/_mock/tenants", json=body)

    assert response.status == 400
    assert f"{MAX_WEBHOOK_TIMEOUT:g}" in await response.text()
    assert "timeout" in await response.text()
