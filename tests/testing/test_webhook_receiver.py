"""The plugin's webhook receiver on a real socket: it records what the mock sends, refuses wrong
basic auth and bad signatures (and the mock retries), fails the next N attempts when told, and
waits for one event."""

import pytest

from reminders_mock import Client
from reminders_mock.testing import WebhookReceiver

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def paid_link(tenant: Client) -> dict:
    link = tenant.create_paylink("15497")
    tenant.advance("PT1H")
    return link


def test_a_signed_delivery_with_basic_auth_is_accepted_and_waited_for(
    reminders_mock: Client, webhook_receiver: WebhookReceiver
):
    webhook_receiver.username, webhook_receiver.password, webhook_receiver.secret = "shop", "s3cret", SECRET
    tenant = reminders_mock.new_tenant(webhooks=[webhook_receiver.endpoint()])

    link = paid_link(tenant)

    paid = webhook_receiver.wait_for(event="PayLinkPaid", timeout=5)
    assert paid.body["serviceId"] == link["id"] and paid.problem is None
    assert paid.headers["webhook-signature"].startswith("v1,")
    assert [r.event for r in webhook_receiver.deliveries] == ["PayLinkVisited", "PayLinkPaid"]


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ({"username": "shop", "password": "wrong", "secret": SECRET}, "basic auth"),
        ({"username": "shop", "password": "s3cret"}, "signature"),
        ({"username": "shop", "password": "s3cret", "secret": "whsec_b3RoZXIgc2VjcmV0"}, "signature"),
    ],
)
def test_wrong_credentials_or_signatures_are_refused_with_401_and_named(
    reminders_mock: Client, webhook_receiver: WebhookReceiver, endpoint: dict, problem: str
):
    webhook_receiver.username, webhook_receiver.password, webhook_receiver.secret = "shop", "s3cret", SECRET
    tenant = reminders_mock.new_tenant(webhooks=[{"url": webhook_receiver.url, **endpoint}])

    paid_link(tenant)

    assert webhook_receiver.received and webhook_receiver.deliveries == []
    assert {(r.status, r.problem.split(":")[0]) for r in webhook_receiver.received} == {(401, problem)}
    with pytest.raises(AssertionError, match=r"no delivery of event='PayLinkPaid'.*401"):
        webhook_receiver.wait_for(event="PayLinkPaid", timeout=0.2)


def test_after_two_failures_the_mock_retries_and_the_third_attempt_is_accepted(
    reminders_mock: Client, webhook_receiver: WebhookReceiver
):
    tenant = reminders_mock.new_tenant(webhooks=[webhook_receiver.endpoint(events=["PayLinkPaid"])])
    webhook_receiver.fail_next(2, status=503)

    link = paid_link(tenant)
    tenant.advance("PT2H")  # room for the retries

    assert [r.status for r in webhook_receiver.received] == [503, 503, 200]
    assert webhook_receiver.wait_for(event="PayLinkPaid").body["serviceId"] == link["id"]
    [delivery] = tenant.deliveries(event="PayLinkPaid")
    assert [a["statusCode"] for a in delivery["attempts"]] == [503, 503, 200]
