"""The explorer in a real browser, with every other host aborted: GET /v1 opens Altair from the
mock's own files, the documented createPayLink runs from its tab and its answer shows, and the
docs panel shows the schema's descriptions. One test: Altair is a large app to load."""

import re

from tests.browser.conftest import screenshot

LONG_URL = re.compile(r"/pay/6500/([0-9a-f-]{36})")


def test_the_explorer_runs_the_documented_create_paylink_and_documents_the_schema(page, mock_server):
    page.goto(f"{mock_server.url}/v1")

    page.get_by_text("Create PayLink", exact=True).click()
    page.get_by_role("button", name="Send Request").click()
    shown = page.get_by_text(LONG_URL).last
    shown.wait_for()

    [paylink_id] = LONG_URL.findall(shown.inner_text())
    made = mock_server.client().paylink(paylink_id)  # the answer on screen is a PayLink the mock holds
    assert made is not None and made["personName"] == "Alphacomm"

    page.get_by_text("Docs", exact=True).click()
    page.locator("app-doc-viewer").get_by_text("Query", exact=True).click()
    page.get_by_text("payment links sent by mail or SMS").first.wait_for()  # schema.graphql's words

    screenshot(page, "explorer")
    assert page.offsite == []
