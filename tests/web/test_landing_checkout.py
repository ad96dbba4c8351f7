"""The PayLink page's test checkout: a method picked (iDEAL and a test bank, Bancontact, a test
card) before the outcome, the receipt of a paid link, what is left of a partly paid one, and the
refusals: a card that is not a test card, a past expiry, a link past its visibleUntil."""

import re
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

from tests.conftest import PUBLIC_URL
from tests.sandbox import advance, create_paylink, find_paylink

PAID_FIXTURE = "96f3cf79-98ab-43d1-80ca-fa5c9fccab23"  # 2500, paid, invoice reference 103470
# The usual iDEAL banks, as the sandbox offers them for test payments.
IDEAL_BANKS = ["ABN AMRO", "ASN Bank", "bunq", "ING", "Knab", "Rabobank", "RegioBank", "SNS"]
IDEAL_BANKS += ["Triodos Bank", "Van Lanschot"]
VISA = {
    "method": "creditcard",
    "card-number": "4242 4242 4242 4242",
    "card-expiry": "12/30",
    "card-cvc": "123",
}


def path_of(url: str) -> str:
    return url.removeprefix(PUBLIC_URL)


async def _tenant_with_an_inbox(control, gql):
    """A fresh tenant that sends every event (extensions too) to its inbox."""
    status, created = await control.post(
        "/_mock/tenants", {"webhooks": [{"url": "inbox:all", "events": "all"}]}
    )
    assert status == 201, created
    return replace(control, key=created["apiKey"]), replace(gql, key=created["apiKey"])


async def _sent(control, event: str) -> list[dict]:
    """The `data` of each webhook of `event` the tenant sent."""
    _, log = await control.get(f"/_mock/webhooks/deliveries?event={event}")
    return [delivery["body"]["data"] for delivery in log["deliveries"]]


async def _opened(client, gql, **fields) -> tuple[str, str]:
    """A new PayLink's page, opened by its payer (a visit): its path and its HTML."""
    link = await create_paylink(gql, **fields)
    page = path_of(link["longUrl"])
    response = await client.get(page)
    assert response.status == 200
    return page, await response.text()


async def test_the_picker_offers_ideal_with_its_test_banks_bancontact_and_a_test_card(client, gql):
    _, html = await _opened(client, gql)

    methods = re.findall(r'name="method" value="(\w+)"', html)
    banks = re.findall(r'<option value="[A-Z0-9]{8}"[^>]*>([^<]+)</option>', html)
    assert methods == ["ideal", "bancontact", "creditcard"]
    assert 'value="ideal" checked' in html
    assert banks == IDEAL_BANKS
    for control in ("issuer", "card-number", "card-expiry", "card-cvc", "amount"):
        assert f'<label for="{control}">' in html, control
        assert f'id="{control}"' in html, control
    assert "4000 0000 0000 0002" in html  # the test cards are listed on the page


async def test_a_dollar_link_is_paid_by_card_only(client, gql):
    page, html = await _opened(client, gql, invoiceCurrency="USD")

    assert re.findall(r'name="method" value="(\w+)"', html) == ["creditcard"]
    response = await client.post(page, data={"action": "pay", "method": "ideal"})
    assert response.status == 400
    assert "Payment method: expected one of creditcard for a PayLink in USD, got &#39;ideal&#39;" in (
        await response.text()
    )


async def test_paying_by_ideal_names_the_bank_on_the_receipt_and_ideal_in_the_webhook(client, gql, control):
    control, gql = await _tenant_with_an_inbox(control, gql)
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])
    await client.get(page)

    response = await client.post(
        page, data={"action": "pay", "method": "ideal", "issuer": "INGBNL2A"}, allow_redirects=False
    )

    assert response.status == 303
    location = response.headers["Location"]
    assert parse_qs(urlsplit(location).query) == {
        "done": ["pay"],
        "method": ["ideal"],
        "issuer": ["INGBNL2A"],
    }
    receipt = await client.get(location)
    html = await receipt.text()
    assert receipt.status == 200
    assert "The payment went through: iDEAL (ING)." in html
    assert '<h2 id="receipt-heading">Receipt</h2>' in html
    assert '<dd data-method="ideal">iDEAL (ING)</dd>' in html
    assert "<dt>Paid on</dt>" in html
    assert "<dd>103482</dd>" in html  # the invoice reference
    assert 'name="action"' not in html  # nothing left to pay
    assert await _sent(control, "PayLinkPaid") == [{"payment-method": "ideal", "transaction-amount": 10004}]


async def test_paying_by_test_card_sends_creditcard_and_shows_the_card(client, gql, control):
    control, gql = await _tenant_with_an_inbox(control, gql)
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])
    await client.get(page)

    response = await client.post(page, data={"action": "pay", **VISA})

    html = await response.text()
    assert '<dd data-method="creditcard">Credit card (Visa ending in 4242)</dd>' in html
    assert (await find_paylink(gql, link["id"]))["status"] == "paid"
    assert await _sent(control, "PayLinkVisited") == [
        {"payment-method": "ideal", "transaction-amount": 10004}
    ]
    assert await _sent(control, "PayLinkPaid") == [
        {"payment-method": "creditcard", "transaction-amount": 10004}
    ]


async def test_bancontact_needs_no_details(client, gql, control):
    control, gql = await _tenant_with_an_inbox(control, gql)
    page, _ = await _opened(client, gql)

    html = await (await client.post(page, data={"action": "pay", "method": "bancontact"})).text()

    assert "The payment went through: Bancontact." in html
    assert [data["payment-method"] for data in await _sent(control, "PayLinkPaid")] == ["bancontact"]


async def test_a_declined_test_card_fails_the_payment_and_says_why(client, gql, control):
    control, gql = await _tenant_with_an_inbox(control, gql)
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])
    await client.get(page)
    declined = {**VISA, "card-number": "4000000000009995"}

    response = await client.post(page, data={"action": "pay", **declined})

    html = await response.text()
    assert response.status == 200
    assert "The card was declined: insufficient funds. The payment failed: Visa ending in 9995." in html
    assert '<h2 id="outcome-heading">Payment failed</h2>' in html
    assert (await find_paylink(gql, link["id"]))["status"] == "failed"
    assert [data["payment-method"] for data in await _sent(control, "PayLinkFailed")] == ["creditcard"]
    assert await _sent(control, "PayLinkPaid") == []


async def test_a_number_that_is_no_test_card_is_refused_and_not_repeated(client, gql):
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])
    await client.get(page)

    response = await client.post(page, data={"action": "pay", **VISA, "card-number": "4111 1111 1111 1111"})

    html = await response.text()
    assert response.status == 400
    assert "Card number: expected one of the test cards, such as 4242 4242 4242 4242" in html
    assert "4111" not in html
    assert 'id="card-number" name="card-number"' in html and 'aria-invalid="true"' in html
    assert (await find_paylink(gql, link["id"]))["status"] == "started"


async def test_every_problem_of_the_card_form_is_named_at_once_and_the_choice_kept(client, gql):
    page, _ = await _opened(client, gql)
    form = {"action": "pay", "method": "creditcard", "card-number": "3782 822463 10005", "amount": "abc"}

    response = await client.post(page, data={**form, "card-expiry": "05/24", "card-cvc": "123"})

    html = await response.text()
    assert response.status == 400
    assert "Please correct 3 things:" in html
    assert "Expiry: expected a month and year as MM/YY not before 06/24" in html  # the sandbox's June 2024
    assert "CVC: expected the 4 digits of the card&#39;s CVC" in html  # American Express
    assert "Amount: expected an amount in EUR such as 12,50" in html
    assert 'value="creditcard" checked' in html
    assert 'value="05/24"' in html
    assert "3782" not in html.split("<form")[1].split("test-cards")[0]  # the number is not filled in again


async def test_ideal_picked_needs_a_bank(client, gql):
    page, _ = await _opened(client, gql)

    response = await client.post(page, data={"action": "pay", "method": "ideal", "issuer": ""})

    assert response.status == 400
    assert "Bank: expected one of the test banks of the list, got nothing." in await response.text()


async def test_cancel_and_fail_need_no_card(client, gql):
    page, _ = await _opened(client, gql)

    response = await client.post(page, data={"action": "cancel", "method": "creditcard", "amount": "x"})

    html = await response.text()
    assert response.status == 200
    assert "The payment was cancelled: Credit card." in html
    assert '<h2 id="outcome-heading">Payment cancelled</h2>' in html
    assert "nothing was paid, € 100,04 is still open" in html
    assert f'<a class="button" href="{page}">Try again</a>' in html


async def test_a_partly_paid_link_shows_what_is_left_and_the_rest_can_be_paid(client, gql):
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])
    await client.get(page)

    html = await (
        await client.post(page, data={"action": "pay", "method": "bancontact", "amount": "40"})
    ).text()
    assert '<h2 id="receipt-heading">Paid so far</h2>' in html
    assert f'<a class="button" href="{page}">Pay the remaining € 60,04</a>' in html

    reopened = await (await client.get(page)).text()  # a new visit, for the rest
    assert 'value="60,04"' in reopened
    html = await (
        await client.post(page, data={"action": "pay", "method": "ideal", "issuer": "RABONL2U"})
    ).text()
    assert '<h2 id="receipt-heading">Receipt</h2>' in html
    assert '<dd class="amount">€ 100,04</dd>' in html
    assert (await find_paylink(gql, link["id"]))["amountPaid"] == 10004


async def test_a_paid_fixture_shows_its_receipt(client, world):
    fixture = world.paylinks.get(PAID_FIXTURE)

    response = await client.get(path_of(fixture.long_url))

    html = await response.text()
    assert response.status == 200
    assert '<dd class="amount">€ 25,00</dd>' in html
    assert '<dd data-method="ideal">iDEAL</dd>' in html  # as its webhooks would say
    assert "<dd>103470</dd>" in html
    assert "1 February 2019" in html


async def test_an_expired_link_refuses_payment_with_410_and_changes_nothing(client, gql, control):
    control, gql = await _tenant_with_an_inbox(control, gql)
    link = await create_paylink(gql, visibleUntil="2024-06-12T09:00:00+00:00")
    await advance(control, "PT2H")
    _, before = await control.get("/_mock/webhooks/deliveries")
    page = path_of(link["longUrl"])

    opened = await client.get(page)
    paid = await client.post(page, data={"action": "pay", "method": "bancontact"})

    for response in (opened, paid):
        html = await response.text()
        assert response.status == 410
        assert '<h2 id="outcome-heading">Expired</h2>' in html
        assert "expired on 12 June 2024, 11:00 CEST and can no longer be paid" in html
        assert 'name="action"' not in html
    assert "This payment request has expired: nothing was paid." in await paid.text()
    unchanged = {"id": link["id"], "status": "ready", "amountPaid": 0, "updatedOn": link["updatedOn"]}
    assert await find_paylink(gql, link["id"]) == unchanged
    _, after = await control.get("/_mock/webhooks/deliveries")
    assert after == before  # no visit, no payment


async def test_a_forged_address_shows_only_what_it_knows(client, gql):
    page, _ = await _opened(client, gql)

    html = await (await client.get(f"{page}?done=pay&method=ideal&issuer=<b>bank</b>")).text()

    assert "The payment went through: iDEAL." in html
    assert "<b>bank" not in html
