"""What a webhook's `id` identifies: the call for VoiceCallCompleted (the documented example has
`id` equal to `serviceId`), the event for PayLink events; and that the Standard Webhooks
`webhook-id` is that same id on every attempt, retry and redelivery, so a receiver can drop
what it already handled."""

import base64
import json

from standardwebhooks import Webhook

from reminders_mock.app import create_app
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.models import WebhookSpec
from tests.conftest import Control
from tests.sandbox import advance, create_paylink

SECRET = "whsec_" + base64.b64encode(b"the receiver's own secret, 32 by").decode()
SCRIPT_6512 = "31513703800"


async def call_in(control) -> str:
    """An anonymous call to script 6512, played to its end; answers the call's id."""
    status, call = await control.post("/_mock/voice/inbound", {"from": "anonymous", "to": SCRIPT_6512})
    assert status == 200, call
    await advance(control, "PT10M")
    return call["id"]


async def test_voice_call_completed_id_is_the_call_id_as_in_the_documented_example(control):
    status, tenant = await control.post("/_mock/tenants", {"webhooks": [{"url": "inbox:calls"}]})
    assert status == 201
    control.key = tenant["apiKey"]

    call_id = await call_in(control)

    _, inbox = await control.get("/_mock/inbox/calls")
    [body] = [r["body"] for r in inbox["requests"]]
    assert body["event"] == "VoiceCallCompleted"
    assert body["id"] == body["serviceId"] == call_id
    _, log = await control.get("/_mock/webhooks/deliveries?event=VoiceCallCompleted")
    assert [d["eventId"] for d in log["deliveries"]] == [call_id]


async def test_paylink_events_each_carry_an_id_of_their_own(control, gql):
    status, tenant = await control.post("/_mock/tenants", {"webhooks": [{"url": "inbox:links"}]})
    assert status == 201
    control.key = gql.key = tenant["apiKey"]
    link = await create_paylink(gql, "15497")

    await advance(control, "PT1H")

    _, inbox = await control.get("/_mock/inbox/links")
    visited, paid = (r["body"] for r in inbox["requests"])
    assert (visited["event"], paid["event"]) == ("PayLinkVisited", "PayLinkPaid")
    assert visited["serviceId"] == paid["serviceId"] == link["id"]
    assert len({visited["id"], paid["id"], link["id"]}) == 3


async def test_every_attempt_and_a_redelivery_of_a_call_carry_the_call_id_as_id_and_webhook_id(
    aiohttp_client, receiver
):
    endpoint = await receiver(500)  # the first attempt fails, the retry a minute later is taken
    scenario = load_scenario("default")
    hooks = [WebhookSpec(url=endpoint.url, secret=SECRET)]
    tenants = [scenario.tenants[0].model_copy(update={"webhooks": hooks})]
    app = create_app(scenario.model_copy(update={"tenants": tenants}), public_url="http://mock.test")
    control = Control(await aiohttp_client(app))

    call_id = await call_in(control)
    _, log = await control.get("/_mock/webhooks/deliveries")
    [delivery] = log["deliveries"]
    status, _ = await control.post(f"/_mock/webhooks/deliveries/{delivery['id']}/redeliver")
    assert status == 200

    first, retry, redelivery = endpoint.requests
    assert first.body == retry.body == redelivery.body
    assert json.loads(first.body)["id"] == call_id
    for request in (first, retry, redelivery):
        assert request.headers["webhook-id"] == call_id
        # Signed over that id: a Standard Webhooks receiver verifies it as sent.
        assert Webhook(SECRET).verify(request.body, request.headers)["id"] == call_id
