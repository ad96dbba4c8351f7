"""The dashboard in a real browser: it follows the tenant live (no reload) as the control API
moves the clock, shows what an inbox received, and redelivers a webhook with its button."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.served import row

TENANT = "/_mock/ui/tenants/6500"
WAIT_MS = 10_000  # a bound for a loaded machine, not a timing assertion


def open_dashboard(page, mock_server, path: str = "") -> None:
    """Opens tenant 6500 as a person does: the key typed into the picker once, then `path`."""
    page.goto(f"{mock_server.url}/")
    page.get_by_label("API key").fill(mock_server.key)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Customer 6500: Alphacomm demo")).to_be_visible()
    if path:
        page.goto(f"{mock_server.url}{TENANT}{path}")
    expect(page.locator("[data-live-state]")).to_have_text("Live", timeout=WAIT_MS)
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again


def test_a_new_paylink_appears_and_its_status_follows_an_advance_without_a_reload(page, mock_server):
    client = mock_server.client()
    open_dashboard(page, mock_server, "/paylinks")

    link = client.create_paylink("15497")  # the default rule: visited after 5 minutes, paid after 30
    row_of_link = page.locator("tr", has=page.get_by_role("link", name=link["id"]))
    expect(row_of_link.locator(".status")).to_have_text("ready", timeout=WAIT_MS)
    client.advance("PT1H")

    expect(row_of_link.locator(".status")).to_have_text("paid", timeout=WAIT_MS)
    expect(page.locator("[data-clock-now]")).to_have_text("2024-06-12 11:00:00")
    assert page.evaluate("window.notReloaded") is True
    assert page.offsite == []


def test_the_inbox_fills_live_and_the_redeliver_button_sends_the_webhook_again(page, mock_server):
    client = mock_server.client()
    client.add_webhook("inbox:demo")
    open_dashboard(page, mock_server, "/inbox/demo")

    link = client.create_paylink("15497")
    client.advance("PT10M")

    body = page.locator("article.received pre.body")
    expect(body).to_contain_text(f'"serviceId": "{link["id"]}"', timeout=WAIT_MS)
    expect(body).to_contain_text('"event": "PayLinkVisited"')
    assert page.evaluate("window.notReloaded") is True

    page.get_by_role("link", name="Webhooks", exact=True).click()
    page.get_by_role("link", name="PayLinkVisited").click()
    page.get_by_role("button", name="Redeliver").click()

    expect(page.get_by_role("status").filter(has_text="Redelivered PayLinkVisited: 200")).to_be_visible()
    expect(page.get_by_text("Attempt 2 (redelivery)")).to_be_visible()
    [delivery] = client.deliveries()
    assert [attempt["kind"] for attempt in delivery["attempts"]] == ["attempt", "redelivery"]
    assert len(client.control("GET", "/_mock/inbox/demo")["requests"]) == 2
    assert page.offsite == []


def test_a_populated_dashboard_for_the_readme(page, mock_server):
    """A morning's work: PayLinks the built-in rules pay, fail, cancel and half pay, a mandate
    signed, a batch of records texted and called, and the webhooks in the tenant's inbox."""
    client = mock_server.client()
    client.add_webhook("inbox:demo", events="all")
    for amount in ("15497", "15401", "15402", "15403", "15405", "24999"):
        client.create_paylink(amount)
    client.create_mandate("AC-HUUR")
    client.add_records(rows=[row("SMS-1", "1003", "+31612345678"), row("CALL-1", "6512", "+31612345678")])
    client.advance("PT3H")
    client.create_paylink("9900", person_name="Late Payer")

    open_dashboard(page, mock_server)
    expect(page.locator("#overview-1 tbody tr").first).to_be_visible()
    screenshot(page, "dashboard")
    assert page.offsite == []
