"""Determinism: the same seed and events give the same deliveries byte for byte, webhooks never
shift the tenant's domain ids, and a snapshot carries on exactly where it was taken."""

import copy
import hashlib
from datetime import datetime, timedelta

from reminders_mock.core.clock import Clock
from reminders_mock.core.events import DomainEvent
from reminders_mock.scenario.models import WebhookSpec
from reminders_mock.webhooks.dispatcher import Dispatcher, WebhooksState
from tests.webhooks.helpers import START, ScriptedTransport, fixed_wallclock, new_tenant, paylink_event

ENDPOINTS = [
    WebhookSpec(url="http://a.test/hook", secret="whsec_c2VjcmV0LXNlY3JldA==", faults={"duplicate": 0.5}),
    WebhookSpec(url="http://b.test/hook", retry="mollie", faults={"drop": 0.3, "reorder": 0.5}),
]


def run_of(dispatcher: Dispatcher) -> list[tuple]:
    """What a run did, leaving out the real-time figures (latency) that differ between runs."""
    return [
        (
            d.id,
            d.event_id,
            d.endpoint,
            d.status,
            [(a.id, a.kind, a.on, a.status, a.error) for a in d.attempts],
        )
        for d in dispatcher.deliveries()
    ]


async def play(seed: int) -> tuple[Dispatcher, ScriptedTransport]:
    tenant = new_tenant()
    fake = ScriptedTransport({"http://a.test/hook": [500, 200], "http://b.test/hook": ["refused", 503]})
    webhooks = Dispatcher(tenant, ENDPOINTS, fake, seed, wallclock=fixed_wallclock)
    for name in ["PayLinkVisited", "PayLinkPaid", "MandateStatusChanged"]:
        paylink_event(tenant, name)
        await tenant.clock.advance(by=timedelta(minutes=3))
    await tenant.clock.advance(by=timedelta(days=2))
    return webhooks, fake


async def test_the_same_seed_and_events_give_byte_identical_bodies_and_the_same_run():
    (first, first_receiver), (second, second_receiver) = await play(7), await play(7)

    def hashes(receiver: ScriptedTransport) -> list[str]:
        return [hashlib.sha256(s.body).hexdigest() for s in receiver.sent]

    assert hashes(first_receiver) == hashes(second_receiver)
    assert [s.headers for s in first_receiver.sent] == [s.headers for s in second_receiver.sent]
    assert run_of(first) == run_of(second)


async def test_another_seed_gives_other_delivery_ids_but_the_same_bodies():
    (first, _), (second, _) = await play(7), await play(8)

    assert [d.body for d in first.deliveries()] == [d.body for d in second.deliveries()]
    assert [d.id for d in first.deliveries()] != [d.id for d in second.deliveries()]


async def test_webhooks_never_shift_the_tenants_domain_ids():
    plain, watched = new_tenant(), new_tenant()
    Dispatcher(watched, ENDPOINTS, ScriptedTransport(), 7, wallclock=fixed_wallclock)

    for tenant in (plain, watched):
        paylink_event(tenant)
        await tenant.clock.advance(by=timedelta(hours=1))

    assert plain.ids.uuid() == watched.ids.uuid()


async def test_a_restored_snapshot_carries_on_like_the_original():
    original = new_tenant()
    script = {"http://a.test/hook": [500, 500, 200], "http://b.test/hook": ["refused", 500, 500, 200]}
    original_fake = ScriptedTransport(script)
    original_hooks = Dispatcher(original, ENDPOINTS, original_fake, 7, wallclock=fixed_wallclock)
    paylink_event(original)
    await original.clock.advance(by=timedelta(seconds=90))
    assert original_hooks.deliveries(status="pending"), "the snapshot must catch a retry pending"

    saved = WebhooksState.model_validate_json(original_hooks.state().model_dump_json())
    restored = new_tenant(Clock(START))
    # The receivers carry on too, with what is left of their scripts.
    restored_fake = ScriptedTransport(copy.deepcopy(original_fake.scripts))
    restored_hooks = Dispatcher(restored, ENDPOINTS, restored_fake, 7, wallclock=fixed_wallclock)
    # The clock restores after the dispatcher has told it what "webhook.attempt" does.
    restored.clock.restore(copy.deepcopy(original.clock.state()))
    restored_hooks.restore(saved)
    sent_before = len(original_fake.sent)

    for tenant in (original, restored):
        tenant.events.publish(expired(tenant.clock.now()))  # new deliveries draw from the restored generators
        await tenant.clock.advance(by=timedelta(days=1))

    assert run_of(restored_hooks) == run_of(original_hooks)
    assert [s.body for s in restored_fake.sent] == [s.body for s in original_fake.sent[sent_before:]]


def expired(moment: datetime) -> DomainEvent:
    data = {"payment-method": "", "transaction-amount": 0}
    return DomainEvent(
        "5d2c3a0e-6b1f-4c55-9d1e-2f3b4a5c6d7e", "PayLinkExpired", "paylink", "p-1", "", moment, data
    )


async def test_a_snapshot_taken_while_an_attempt_is_in_flight_tries_it_again_after_restore():
    original = new_tenant()
    taken = {}

    class SnapshotWhileSending(ScriptedTransport):
        async def post(self, url, body, headers, auth, timeout):
            taken.setdefault("clock", copy.deepcopy(original.clock.state()))
            taken.setdefault("webhooks", original_hooks.state().model_dump_json())
            return await super().post(url, body, headers, auth, timeout)

    endpoints = [WebhookSpec(url="http://a.test/hook")]
    original_hooks = Dispatcher(original, endpoints, SnapshotWhileSending(), 7, wallclock=fixed_wallclock)
    paylink_event(original)
    await original.clock.settle()

    restored = new_tenant()
    restored_hooks = Dispatcher(restored, endpoints, ScriptedTransport(), 7, wallclock=fixed_wallclock)
    restored.clock.restore(taken["clock"])
    restored_hooks.restore(WebhooksState.model_validate_json(taken["webhooks"]))
    await restored.clock.settle()

    [delivery] = restored_hooks.deliveries()
    assert delivery.status == "delivered"
    assert [(a.kind, a.on) for a in delivery.attempts] == [("attempt", START)]
