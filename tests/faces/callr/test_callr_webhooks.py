"""CALLR webhooks over a real socket: a Webhook.Event per status, X-CALLR-EventId, the HMAC
signature verified with only hmac and base64, and retries counting `try` with one event id."""

import base64
import hashlib
import hmac
import json

import pytest

from tests.faces.callr.conftest import SENDER

TO = "+31612345678"


async def test_the_receiver_gets_a_status_update_for_each_status(served, receiver):
    await served.call("webhooks.subscribe", "sms.mt.status_update", receiver.url, None)
    sms_hash = await served.call("sms.send", SENDER, TO, "Hello", None)
    await served.mock.advance("PT1M")
    events = receiver.events()
    assert [e["data"]["status"] for e in events] == ["PENDING", "SENT", "RECEIVED"]
    assert {e["data"]["hash"] for e in events} == {sms_hash}
    assert {e["type"] for e in events} == {"sms.mt.status_update"}
    assert events[0]["event_at"] == "2024-06-12T08:00:01.000Z" and events[0]["try"] == 0
    assert len({e["event_id"] for e in events}) == 3
    for headers, body in receiver.received:
        assert headers["X-CALLR-EventId"] == json.loads(body)["event_id"]
        assert "X-CALLR-HmacSignature" not in headers
        assert body == json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()


@pytest.mark.parametrize("algo", ["MD5", "SHA1", "SHA256", "SHA512", None])
async def test_the_signature_verifies_with_hmac_and_base64_alone(served, receiver, algo):
    secret = "s3cret-for-" + str(algo)
    options = {"hmac_secret": secret, **({"hmac_algo": algo} if algo else {})}
    await served.call("webhooks.subscribe", "sms.mt.status_update", receiver.url, options)
    await served.call("sms.send", SENDER, "+31612340091", "Hello", None)  # 0091: ERROR at once
    await served.mock.advance("PT1M")
    ((headers, body),) = receiver.received
    digest = getattr(hashlib, (algo or "SHA256").lower())
    expected = base64.b64encode(hmac.new(secret.encode(), body, digest).digest()).decode()
    assert hmac.compare_digest(headers["X-CALLR-HmacSignature"], expected)
    assert json.loads(body)["data"]["status"] == "ERROR"


async def test_a_receiver_that_fails_twice_gets_the_event_a_third_time_with_try_2(served, receiver):
    receiver.refusals = 2
    hook = await served.call(
        "webhooks.subscribe", "sms.mt.status_update", receiver.url, {"hmac_secret": "12345678"}
    )
    await served.call("sms.send", SENDER, "+31612340091", "Hello", None)
    await served.mock.advance("PT1H")
    events = receiver.events()
    assert [e["try"] for e in events] == [0, 1, 2]
    assert len({e["event_id"] for e in events}) == 1 and {e["hook_hash"] for e in events} == {hook["hash"]}
    signatures = {headers["X-CALLR-HmacSignature"] for headers, _ in receiver.received}
    assert len(signatures) == 3  # each try signs its own bytes
    (delivery,) = (await served.mock.get("/_mock/webhooks/deliveries"))["deliveries"]
    assert delivery["status"] == "delivered" and [a["statusCode"] for a in delivery["attempts"]] == [
        500,
        500,
        200,
    ]


async def test_an_sms_with_its_own_webhook_sends_there_with_a_null_hook_hash(served, receiver):
    options = {"webhook": {"endpoint": receiver.url}}
    sms_hash = await served.call("sms.send", SENDER, TO, "Reply YES", options)
    await served.mock.advance("PT1M")
    assert [(e["data"]["status"], e["hook_hash"]) for e in receiver.events()] == [
        ("PENDING", None), ("SENT", None), ("RECEIVED", None)
    ]  # fmt: skip
    await served.call("webhooks.subscribe", "sms.mo", receiver.url, None)
    status, sms = await served.mock.call(
        "POST", "/_mock/callr/sms/mo", {"from": TO, "to": SENDER, "text": "YES"}
    )
    assert status == 200 and (sms["type"], sms["status"], sms["text"]) == ("IN", "RECEIVED", "YES")
    replies = [e for e in receiver.events() if e["type"] == "sms.mo"]
    assert [e["hook_hash"] is None for e in replies] == [False, True]  # the subscription, then the SMS's own
    assert {e["event_id"] for e in replies} == {replies[0]["event_id"]}
    listed = await served.call("sms.get_list", {"type": "IN"}, None)
    assert [s["text"] for s in listed["hits"]] == ["YES"]
    assert (await served.call("sms.get", sms_hash))["status"] == "RECEIVED"


async def test_an_inbound_sms_to_a_number_the_account_lacks_is_refused(served):
    status, answer = await served.mock.call(
        "POST", "/_mock/callr/sms/mo", {"from": TO, "to": "+3185", "text": "x"}
    )
    assert status == 400 and "to" in json.dumps(answer)
    assert (await served.call("sms.get_list", None, None))["total"] == 0
