"""Landing pages in a real browser (headless Chromium): a payer follows a PayLink's short URL,
picks iDEAL and a bank, pays, and a receiver on a real socket gets PayLinkVisited and PayLinkPaid;
a partial payment without JavaScript, a cancel, a declined card and an expired link each show
their page and status; a phone's screen; axe-core's accessibility rules. Every request beyond the
mock is aborted, and the pages make none."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

NO_JAVASCRIPT = pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
PHONE = pytest.mark.parametrize("page", [{"viewport": {"width": 375, "height": 812}}], indirect=True)
TEST_VISA = {"Card number": "4242 4242 4242 4242", "Expiry (MM/YY)": "12/30", "CVC": "123"}


def submit(page, button: str):
    """Clicks a form's button and waits for the page it ends on (after the redirect, if any): its response."""
    with page.expect_response(
        lambda r: r.request.resource_type == "document" and not 300 <= r.status < 400
    ) as got:
        page.get_by_role("button", name=button, exact=True).click()
    return got.value


def opened(page, tenant, **fields) -> dict:
    """A new PayLink of € 100,04 (ending in 04: no simulated payer acts on it), opened by its
    payer from its short URL."""
    link = tenant.create_paylink("10004", **fields)
    page.goto(link["shortUrl"])
    return link


def state(tenant, link: dict) -> tuple[str, int]:
    """The PayLink's status and amountPaid, as the API answers them."""
    found = tenant.paylink(link["id"])
    return found["status"], found["amountPaid"]


def fill_card(page, card: dict[str, str]) -> None:
    page.get_by_label("Credit card", exact=True).check()
    for label, value in card.items():
        page.get_by_label(label, exact=True).fill(value)


def test_a_payer_pays_by_ideal_from_the_short_url_and_the_receiver_gets_both_webhooks(
    page, mock_server, webhook_receiver
):
    with mock_server.new_tenant(webhooks=[webhook_receiver.endpoint()]) as tenant:
        link = tenant.create_paylink("10004")  # ends in 04: no simulated payer acts on it

        opened = page.goto(link["shortUrl"])
        assert (opened.status, page.url) == (200, link["longUrl"])
        visited = webhook_receiver.wait_for("PayLinkVisited")
        page.get_by_label("iDEAL", exact=True).check()
        page.get_by_label("Bank (test banks)").select_option(label="ING")
        expect(page.get_by_label("Card number")).to_be_hidden()  # only the chosen method's fields
        screenshot(page, "landing")
        outcome = submit(page, "Pay")

        assert outcome.status == 200
        expect(page.get_by_role("heading", name="Receipt")).to_be_visible()
        expect(page.get_by_role("status")).to_have_text("The payment went through: iDEAL (ING).")
        paid = webhook_receiver.wait_for("PayLinkPaid")
        assert visited.body["serviceId"] == paid.body["serviceId"] == link["id"]
        assert visited.body["data"] == {"payment-method": "ideal", "transaction-amount": 10004}
        assert paid.body["data"] == {"payment-method": "ideal", "transaction-amount": 10004}
        assert [r.event for r in webhook_receiver.deliveries] == ["PayLinkVisited", "PayLinkPaid"]
        assert state(tenant, link) == ("paid", 10004)
    assert page.offsite == []


@NO_JAVASCRIPT
def test_a_partial_payment_and_then_the_rest_without_javascript(page, mock_server):
    with mock_server.new_tenant() as tenant:
        link = opened(page, tenant)

        page.get_by_label("Bancontact", exact=True).check()
        page.get_by_label("Amount in EUR (€)").fill("40,00")
        assert submit(page, "Pay").status == 200
        expect(page.get_by_role("heading", name="Paid so far")).to_be_visible()
        assert state(tenant, link) == ("partially_paid", 4000)

        page.get_by_role("link", name="Pay the remaining € 60,04").click()
        expect(page.get_by_label("Amount in EUR (€)")).to_have_value("60,04")
        fill_card(page, TEST_VISA)
        assert submit(page, "Pay").status == 200

        expect(page.get_by_role("heading", name="Receipt")).to_be_visible()
        expect(page.get_by_text("Credit card (Visa ending in 4242)", exact=True)).to_be_visible()
        assert state(tenant, link) == ("paid", 10004)
    assert page.offsite == []


def test_a_cancel_shows_that_nothing_was_paid(page, mock_server):
    with mock_server.new_tenant() as tenant:
        link = opened(page, tenant)

        assert submit(page, "Cancel payment").status == 200

        expect(page.get_by_role("heading", name="Payment cancelled")).to_be_visible()
        expect(page.get_by_text("nothing was paid, € 100,04 is still open")).to_be_visible()
        assert state(tenant, link) == ("cancelled", 0)
        page.get_by_role("link", name="Try again").click()  # a new visit: the checkout again
        expect(page.get_by_role("button", name="Pay", exact=True)).to_be_visible()
        assert state(tenant, link) == ("started", 0)
    assert page.offsite == []


def test_a_declined_test_card_fails_the_payment(page, mock_server):
    with mock_server.new_tenant() as tenant:
        link = opened(page, tenant)

        fill_card(page, {**TEST_VISA, "Card number": "4000 0000 0000 0002"})
        assert submit(page, "Pay").status == 200

        expect(page.get_by_role("heading", name="Payment failed")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("The card was declined.")
        assert state(tenant, link) == ("failed", 0)
    assert page.offsite == []


def test_an_expired_link_refuses_payment_with_410_and_changes_nothing(page, mock_server, webhook_receiver):
    with mock_server.new_tenant(webhooks=[webhook_receiver.endpoint()]) as tenant:
        link = opened(page, tenant, visible_until="2024-06-12T09:00:00+00:00")  # in time: a visit
        webhook_receiver.wait_for("PayLinkVisited")
        tenant.advance("PT2H")

        refused = submit(page, "Pay")  # the payer comes back after visibleUntil

        assert refused.status == 410
        expect(page.get_by_role("heading", name="Expired")).to_be_visible()
        expect(page.get_by_role("alert")).to_have_text("This payment request has expired: nothing was paid.")
        expect(page.get_by_role("button", name="Pay", exact=True)).to_have_count(0)
        assert state(tenant, link) == ("started", 0)
        assert page.goto(link["shortUrl"]).status == 410  # opened again: still refused, no new visit
        assert [r.event for r in webhook_receiver.received] == ["PayLinkVisited"]
    assert page.offsite == []


def test_the_mandate_page_authorizes_then_confirms(page, mock_server):
    with mock_server.new_tenant() as tenant:
        mandate = tenant.create_mandate("AC-BROWSER-NEW")  # -NEW: no simulated debtor acts on it
        page.goto(mandate["shortUrl"])

        assert submit(page, "Authorize").status == 200
        expect(page.get_by_role("status")).to_have_text(
            "The mandate was authorized; it waits for confirmation."
        )
        assert tenant.mandate(mandate["id"])["status"] == "pending"
        assert submit(page, "Confirm").status == 200
        expect(page.get_by_text("This mandate has been given.")).to_be_visible()
        assert tenant.mandate(mandate["id"])["status"] == "success"
    assert page.offsite == []


@PHONE
def test_on_a_phone_nothing_is_wider_than_the_screen(page, mock_server):
    with mock_server.new_tenant() as tenant:
        opened(page, tenant)
        page.get_by_label("Credit card", exact=True).check()
        page.get_by_text("Test cards").click()  # the widest part: the table of test cards
        expect(page.get_by_role("table")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        fill_card(page, TEST_VISA)
        submit(page, "Pay")
        expect(page.get_by_role("heading", name="Receipt")).to_be_visible()  # with the PayLink's long id
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.offsite == []


def test_every_landing_page_passes_axe_core(page, mock_server):
    """Labels for every control, one h1, headings in order, contrast: axe-core's WCAG 2 A and AA
    rules and its best practices, on each kind of page."""
    with mock_server.new_tenant() as tenant:
        paid = tenant.create_paylink("10004")
        expired = tenant.create_paylink("10004", visible_until="2024-06-12T09:00:00+00:00")
        open_ = tenant.create_paylink("10004")
        mandate = tenant.create_mandate("AC-AXE-NEW")
        tenant.pay(paid["id"])
        tenant.advance("PT2H")
        pages = {
            "checkout": open_["longUrl"],
            "receipt": paid["longUrl"],
            "expired": expired["longUrl"],
            "mandate": mandate["longUrl"],
            "not found": f"{mock_server.url}/pay/0/none",
        }
        for name, url in pages.items():
            page.goto(url)
            if name == "checkout":
                page.get_by_label("Credit card", exact=True).check()
                page.get_by_text("Test cards").click()
            results = Axe().run(page)
            assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    assert page.offsite == []
