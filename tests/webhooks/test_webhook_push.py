"""A push: a face's event to a URL it was given, through the same dispatcher as the platform's
webhooks: `try` counted in the body, the event id and an HMAC in the face's headers, retried by
the `callr` profile, logged like every delivery."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

from reminders_mock.webhooks.deliveries import DeliveryStatus, HmacSignature, Push
from reminders_mock.webhooks.retries import RETRY_MINUTES
from tests.webhooks.helpers import ScriptedTransport

URL = "http://receiver.test/hook"
BODY = {"type": "sms.mo", "data": {"text": "YES"}, "event_id": "E1", "hook_hash": None, "event_at": "x"}


async def test_a_push_that_always_fails_is_tried_ten_times_with_try_0_to_9(sandbox):
    fake = ScriptedTransport(then=500)
    box = sandbox(via=fake)
    delivery = box.webhooks.push(URL, "E1", "sms.mo", BODY, Push("X-Event"))
    await box.clock.advance(by=timedelta(minutes=sum(RETRY_MINUTES["callr"]) + 1))
    bodies = [json.loads(sent.body) for sent in fake.sent]
    assert [body["try"] for body in bodies] == list(range(10))
    assert list(bodies[0]) == sorted(BODY | {"try": 0})  # Webhook.Event's keys, alphabetical
    assert {sent.headers["X-Event"] for sent in fake.sent} == {"E1"}
    assert delivery.status == DeliveryStatus.failed and json.loads(delivery.body) == BODY


async def test_each_try_is_signed_over_its_own_bytes_and_a_redelivery_counts_on(sandbox):
    fake = ScriptedTransport(scripts={URL: [500]})
    box = sandbox(via=fake)
    signature = HmacSignature("X-Signature", "12345678", "SHA512")
    delivery = box.webhooks.push(URL, "E1", "sms.mo", BODY, Push("X-Event", signature))
    await box.clock.advance(by=timedelta(minutes=1))
    await box.webhooks.redeliver(delivery.id)
    assert [json.loads(sent.body)["try"] for sent in fake.sent] == [0, 1, 2]
    for sent in fake.sent:
        digest = hmac.new(b"12345678", sent.body, hashlib.sha512).digest()
        assert sent.headers["X-Signature"] == base64.b64encode(digest).decode()
    assert b" " not in fake.sent[0].body  # compact, as the signature is over these very bytes
    assert delivery.status == DeliveryStatus.delivered and delivery.endpoint is None
