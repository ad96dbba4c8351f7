"""The shop's suite, written only against the reminders-mock pytest plugin: the fixtures
`reminders_mock` (a Client of a fresh tenant) and `webhook_receiver`, and the Client's methods.
`pip install reminders-mock` is all the set-up it needs."""

import pytest
from invoicing import Invoice, Shop

from reminders_mock import Client
from reminders_mock.testing import WebhookReceiver

VOICE_NUMBER = "31513703800"  # the local number of voice script 6512 in the default scenario


@pytest.fixture
def tenant(reminders_mock: Client, webhook_receiver: WebhookReceiver) -> Client:
    """The shop's account on the mock, sending every webhook to the receiver."""
    return reminders_mock.new_tenant(webhooks=[webhook_receiver.endpoint(events="all")])


@pytest.fixture
def shop(tenant: Client) -> Shop:
    return Shop(api_url=f"{tenant.url}/v1", api_key=tenant.key)


def deliver(shop: Shop, receiver: WebhookReceiver) -> None:
    """What the shop's webhook URL would have been given: every delivery the receiver accepted."""
    for delivery in receiver.deliveries:
        shop.handle_webhook(delivery.body)


def test_an_invoice_billed_by_paylink_is_marked_paid_when_the_webhook_arrives(
    tenant: Client, shop: Shop, webhook_receiver: WebhookReceiver
):
    shop.add_invoice(Invoice("2024-0042", "J. Jansen", 15497))
    assert shop.send_paylinks() == 1

    tenant.advance("PT1H")  # the default payer visits after 5 minutes and pays after 30

    paid = webhook_receiver.wait_for(event="PayLinkPaid")
    shop.handle_webhook(paid.body)
    assert shop.invoices["2024-0042"].paid
    assert tenant.paylink(shop.invoices["2024-0042"].paylink_id)["status"] == "paid"


def test_a_customer_signs_the_mandate_and_the_shop_knows(
    tenant: Client, shop: Shop, webhook_receiver: WebhookReceiver
):
    mandate_id = shop.request_mandate("J. Jansen", "SHOP-SUB-1")

    tenant.advance("PT2H")  # the default debtor authorizes after 10 minutes, again after an hour

    deliver(shop, webhook_receiver)
    assert "J. Jansen" in shop.signed
    assert tenant.mandate(mandate_id)["status"] == "success"


def test_a_webhook_is_retried_after_the_receiver_failed_twice(
    tenant: Client, shop: Shop, webhook_receiver: WebhookReceiver
):
    shop.add_invoice(Invoice("2024-0043", "P. de Vries", 2750))
    shop.send_paylinks()
    tenant.visit(shop.invoices["2024-0043"].paylink_id)
    webhook_receiver.fail_next(2)

    tenant.pay(shop.invoices["2024-0043"].paylink_id)
    tenant.advance("PT1H")  # the retries come on the mock's clock

    [delivery] = tenant.deliveries(event="PayLinkPaid")
    assert [attempt["statusCode"] for attempt in delivery["attempts"]] == [500, 500, 200]
    deliver(shop, webhook_receiver)
    assert shop.invoices["2024-0043"].paid


def test_a_reminder_call_completes_and_the_shop_records_it(
    tenant: Client, shop: Shop, webhook_receiver: WebhookReceiver
):
    tenant.call_in("+31612345678", VOICE_NUMBER)
    tenant.advance("PT10M")

    completed = webhook_receiver.wait_for(event="VoiceCallCompleted")
    shop.handle_webhook(completed.body)
    assert [call["status"] for call in shop.calls] == ["finished"]
    assert [call["status"] for call in tenant.calls()] == ["finished"]
