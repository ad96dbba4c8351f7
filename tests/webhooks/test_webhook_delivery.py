"""Delivering webhook events to real HTTP receivers on the simulated clock: auth, signatures,
retries by profile, 410, Retry-After, redelivery by hand, subscriptions and the inbox."""

import base64
import json
import math
import time
from datetime import timedelta

import pytest
from standardwebhooks import Webhook

from reminders_mock.core.errors import NotFound
from reminders_mock.webhooks.deliveries import AttemptKind, DeliveryStatus
from reminders_mock.webhooks.dispatcher import USER_AGENT
from reminders_mock.webhooks.formats import envelope
from tests.webhooks.helpers import START, closed_port, paylink_event

SECRET = "whsec_" + base64.b64encode(b"a secret of the receiver's own!").decode()
HOUR = timedelta(hours=1)
THREE_DAYS = timedelta(days=3)


async def test_a_webhook_event_is_posted_as_json_with_basic_auth(sandbox, receiver):
    endpoint = await receiver()
    box = sandbox({"url": endpoint.url, "username": "shop", "password": "s3cret"})

    event = paylink_event(box.tenant)
    await box.clock.settle()

    [request] = endpoint.requests
    assert request.headers["Authorization"] == "Basic c2hvcDpzM2NyZXQ="  # shop:s3cret
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == USER_AGENT
    assert json.loads(request.body) == envelope(event)
    assert box.webhooks.deliveries()[0].status == DeliveryStatus.delivered


async def test_a_secret_signs_with_standard_webhooks_at_the_real_time_of_the_attempt(sandbox, receiver):
    endpoint = await receiver()
    real_now = time.time()  # the receiver checks the timestamp against its own, real clock
    box = sandbox({"url": endpoint.url, "secret": SECRET}, wallclock=lambda: real_now)

    event = paylink_event(box.tenant)
    await box.clock.settle()

    [request] = endpoint.requests
    assert Webhook(SECRET).verify(request.body, request.headers) == envelope(event)
    assert request.headers["webhook-id"] == event.id
    assert request.headers["webhook-timestamp"] == str(math.floor(real_now))
    assert json.loads(request.body)["datetime"] == "2024-06-12T10:00:00+00:00"  # simulated time


async def test_an_endpoint_without_a_secret_gets_no_signature(sandbox, receiver):
    endpoint = await receiver()
    box = sandbox({"url": endpoint.url})

    paylink_event(box.tenant)
    await box.clock.settle()

    assert "webhook-signature" not in endpoint.requests[0].headers


async def test_failed_attempts_are_retried_on_the_default_profile_within_one_advance(sandbox, receiver):
    endpoint = await receiver(500, 500, 200)
    box = sandbox({"url": endpoint.url, "secret": SECRET})

    event = paylink_event(box.tenant)
    await box.clock.advance(by=HOUR)

    [delivery] = box.webhooks.deliveries()
    assert delivery.status == DeliveryStatus.delivered
    assert [a.on - START for a in delivery.attempts] == [
        timedelta(0),
        timedelta(minutes=1),
        timedelta(minutes=6),
    ]
    assert [a.status for a in delivery.attempts] == [500, 500, 200]
    assert [a.answer for a in delivery.attempts] == ["answer 500", "answer 500", "answer 200"]
    assert len({a.id for a in delivery.attempts}) == 3
    assert {r.headers["webhook-id"] for r in endpoint.requests} == {event.id}
    assert {r.body for r in endpoint.requests} == {delivery.body}


async def test_a_receiver_down_for_three_days_uses_up_the_profile_and_redelivery_succeeds_later(
    sandbox, receiver
):
    port = closed_port()
    box = sandbox({"url": f"http://127.0.0.1:{port}/hook"})

    paylink_event(box.tenant)
    await box.clock.advance(by=THREE_DAYS)

    [delivery] = box.webhooks.deliveries()
    assert delivery.status == DeliveryStatus.failed
    assert len(delivery.attempts) == 7  # the first and the default profile's six retries
    assert all(a.status is None and "connection refused" in a.error for a in delivery.attempts)
    assert box.clock.pending == []

    endpoint = await receiver(port=port)
    redelivered = await box.webhooks.redeliver(delivery.id)

    assert redelivered.status == DeliveryStatus.delivered
    assert redelivered.attempts[-1].kind == AttemptKind.redelivery
    assert redelivered.attempts[-1].on == START + THREE_DAYS
    assert endpoint.requests[0].body == delivery.body


async def test_410_gone_stops_retrying(sandbox, receiver):
    endpoint = await receiver(410)
    box = sandbox({"url": endpoint.url})

    paylink_event(box.tenant)
    await box.clock.advance(by=THREE_DAYS)

    [delivery] = box.webhooks.deliveries()
    assert (delivery.status, len(delivery.attempts)) == (DeliveryStatus.failed, 1)
    assert len(endpoint.requests) == 1


async def test_503_with_retry_after_waits_as_told_on_the_simulated_clock(sandbox, receiver):
    endpoint = await receiver((503, {"Retry-After": "120"}))
    box = sandbox({"url": endpoint.url})

    paylink_event(box.tenant)
    await box.clock.advance(by=HOUR)

    [delivery] = box.webhooks.deliveries()
    assert [a.on - START for a in delivery.attempts] == [timedelta(0), timedelta(minutes=2)]
    assert delivery.attempts[0].retry_after == 120
    assert delivery.status == DeliveryStatus.delivered


async def test_a_redelivery_sends_the_same_event_id_and_body_as_a_new_attempt(sandbox, receiver):
    endpoint = await receiver()
    box = sandbox({"url": endpoint.url, "secret": SECRET})
    event = paylink_event(box.tenant)
    await box.clock.settle()
    [delivery] = box.webhooks.deliveries()

    await box.webhooks.redeliver(delivery.id)

    first, again = endpoint.requests
    assert again.body == first.body
    assert again.headers["webhook-id"] == first.headers["webhook-id"] == event.id
    assert delivery.attempts[0].id != delivery.attempts[1].id


async def test_a_failed_redelivery_fails_a_delivered_delivery(sandbox, receiver):
    endpoint = await receiver(200, 500)
    box = sandbox({"url": endpoint.url})
    paylink_event(box.tenant)
    await box.clock.settle()

    delivery = await box.webhooks.redeliver(box.webhooks.deliveries()[0].id)

    assert delivery.status == DeliveryStatus.failed
    assert box.clock.pending == []  # a redelivery by hand schedules no retries


async def test_a_redelivery_that_succeeds_settles_a_pending_delivery_and_its_retry_is_skipped(
    sandbox, receiver
):
    endpoint = await receiver(500)
    box = sandbox({"url": endpoint.url})
    paylink_event(box.tenant)
    await box.clock.settle()
    [delivery] = box.webhooks.deliveries()
    assert delivery.next_attempt_on == START + timedelta(minutes=1)

    await box.webhooks.redeliver(delivery.id)
    await box.clock.advance(by=HOUR)

    assert delivery.status == DeliveryStatus.delivered
    assert delivery.next_attempt_on is None
    assert len(endpoint.requests) == 2


async def test_redelivering_an_unknown_delivery_is_not_found(sandbox):
    box = sandbox()

    with pytest.raises(NotFound, match="'nope'"):
        await box.webhooks.redeliver("nope")


async def test_only_subscribed_events_are_sent_and_internal_events_never(sandbox):
    box = sandbox({"url": "inbox:paid", "events": ["PayLinkPaid"]}, {"url": "inbox:all"})

    paylink_event(box.tenant, "PayLinkCreated")
    paylink_event(box.tenant, "PayLinkVisited")
    paylink_event(box.tenant, "PayLinkPaid")
    await box.clock.settle()

    sent = [(d.url, d.event) for d in box.webhooks.deliveries()]
    assert sent == [
        ("inbox:all", "PayLinkVisited"),
        ("inbox:paid", "PayLinkPaid"),
        ("inbox:all", "PayLinkPaid"),
    ]


async def test_an_inbox_endpoint_stores_the_body_in_process(sandbox, transport):
    box = sandbox({"url": "inbox:demo", "username": "shop", "password": "s3cret"})

    event = paylink_event(box.tenant)
    await box.clock.settle()

    [received] = transport.inboxes.received("6500/demo")  # inboxes are kept per customer
    assert received.body == envelope(event)
    assert received.headers["Authorization"] == "Basic c2hvcDpzM2NyZXQ="
    assert box.webhooks.deliveries()[0].status == DeliveryStatus.delivered


async def test_the_deliveries_can_be_filtered_by_event_and_status(sandbox):
    box = sandbox({"url": "inbox:demo"})
    paylink_event(box.tenant, "PayLinkVisited")
    paylink_event(box.tenant, "PayLinkPaid")
    await box.clock.settle()
    paylink_event(box.tenant, "PayLinkPaid")

    assert [d.event for d in box.webhooks.deliveries(event="PayLinkPaid")] == ["PayLinkPaid"] * 2
    assert len(box.webhooks.deliveries(status="pending")) == 1
    assert len(box.webhooks.deliveries(event="PayLinkVisited", status="delivered")) == 1
