"""The headers of an attempt, rebuilt for the dashboard from the delivery log, are the very
headers the receiver got: signed, and a push's `try` counter, included."""

import base64

from reminders_mock.control.common import REGISTRY
from tests.sandbox import advance, create_paylink

SECRET = "whsec_" + base64.b64encode(b"the receiver's own secret, 32 by").decode()


async def test_rebuilt_headers_are_the_ones_the_inbox_received_for_every_attempt(control, gql, client):
    await control.post("/_mock/webhooks/endpoints", {"url": "inbox:signed", "secret": SECRET})
    await create_paylink(gql, "15497")
    await advance(control, "PT10M")
    [world] = [w for w in client.app[REGISTRY].worlds if w.tenant.customer == "6500"]
    [delivery] = world.webhooks.deliveries()
    await world.webhooks.redeliver(delivery.id)

    _, inbox = await control.get("/_mock/inbox/signed")

    rebuilt = [world.webhooks.sent_headers(delivery, attempt) for attempt in delivery.attempts]
    assert rebuilt == [received["headers"] for received in inbox["requests"]]
    assert all("webhook-signature" in headers for headers in rebuilt)
