"""The dashboard's pages, in-process: the tenant picker, a tenant's lists with their filters,
each object's timeline, deliveries with headers and attempts, inboxes and the request journal."""

import html
import json
import re

import pytest

from reminders_mock.scenario.models import WebhookSpec
from tests.sandbox import advance, create_mandate, create_paylink
from tests.served import row
from tests.web.dashboard import TENANT, Browser

SECRET = "whsec_" + "dGhlIHJlY2VpdmVyJ3Mgb3duIHNlY3JldCwgMzIgYnk="


@pytest.fixture
async def browser(client) -> Browser:
    opened = Browser(client)
    await opened.open()
    return opened


async def add_inbox(control, name: str = "demo", **more) -> None:
    status, endpoint = await control.post("/_mock/webhooks/endpoints", {"url": f"inbox:{name}", **more})
    assert status == 201, endpoint


async def test_the_root_redirects_to_the_dashboard(client):
    response = await client.get("/", allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (302, "/_mock/ui")


async def test_the_picker_lists_every_tenant_and_a_tenant_unopened_asks_for_its_key(client, control):
    status, made = await control.post("/_mock/tenants", {})
    assert status == 201
    browser = Browser(client)

    picker = await browser.page("/_mock/ui")
    response = await client.get(f"/_mock/ui/tenants/{made['customer']}", allow_redirects=False)

    assert "6500" in picker and made["customer"] in picker
    assert response.status == 303
    assert response.headers["Location"] == f"/_mock/ui?tenant={made['customer']}"


async def test_a_tenant_opened_with_its_key_shows_its_clock_and_the_session_keeps_it(client):
    browser = Browser(client)
    landed = await browser.open("demo-key")

    assert "Customer 6500" in landed and "2024-06-12 10:00:00" in landed  # 08:00 UTC in Amsterdam
    assert "data-clock-mode>manual<" in landed
    assert 'href="/_mock/ui/tenants/6500">Open</a>' in await browser.page("/_mock/ui")


async def test_an_unknown_key_opens_nothing_and_says_so(client):
    browser = Browser(client)
    status, page = await browser.post("/_mock/ui/open", back="/_mock/ui", key="not-a-key")

    assert status == 200
    assert "API key: expected the key of one of this server&#39;s tenants" in page
    assert (await client.get(TENANT, allow_redirects=False)).status == 303


async def test_one_tenants_key_does_not_open_another(client, control, browser):
    _, made = await control.post("/_mock/tenants", {})
    response = await client.get(f"/_mock/ui/tenants/{made['customer']}", allow_redirects=False)
    assert response.status == 303


async def test_a_paylink_made_through_the_api_is_listed_and_filtered_by_status_and_reference(browser, gql):
    link = await create_paylink(gql, "10004", invoiceReference="INV-77")

    listed = await browser.page(f"{TENANT}/paylinks")
    ready = await browser.page(f"{TENANT}/paylinks?status=ready")
    paid = await browser.page(f"{TENANT}/paylinks?status=paid")
    by_reference = await browser.page(f"{TENANT}/paylinks?reference=INV-77")

    assert link["id"] in listed and link["id"] in ready and link["id"] in by_reference
    assert link["id"] not in paid
    assert by_reference.count(f'href="{TENANT}/paylinks/') == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=bogus", "status: expected one of ready, started, partially_paid, paid, cancelled, failed"),
        ("colour=red", "colour: expected a parameter this path reads (status, reference)"),
    ],
)
async def test_a_bad_filter_is_answered_in_html_naming_the_field(browser, query, message):
    page = await browser.page(f"{TENANT}/paylinks?{query}", status=400)
    assert message in html.unescape(page)
    assert page.startswith("<!doctype html>")


async def test_an_unknown_object_is_a_404_page(browser):
    page = await browser.page(f"{TENANT}/paylinks/no-such-id", status=404)
    assert "PayLink no-such-id: no such PayLink in this tenant" in page


async def test_a_paylinks_timeline_shows_created_visited_paid_and_each_webhook(browser, gql, control):
    await add_inbox(control)
    link = await create_paylink(gql, "15497")  # the default rule: visit after 5 minutes, pay after 30
    planned = await browser.page(f"{TENANT}/paylinks/{link['id']}")
    await advance(control, "PT1H")

    page = html.unescape(await browser.page(f"{TENANT}/paylinks/{link['id']}"))

    assert "visit (planned by the scenario's rules)" in html.unescape(planned)
    timeline = page[page.index("Timeline") :]
    order = [
        "PayLinkCreated",
        "PayLinkVisited",
        "PayLinkVisited webhook sent",
        "PayLinkPaid",
        "PayLinkPaid webhook sent",
    ]
    positions = [timeline.index(step) for step in order]
    assert positions == sorted(positions)
    assert "10:05:00" in timeline and "10:30:00" in timeline  # local time: 08:05 and 08:30 UTC
    assert "€ 154,97 by ideal" in timeline and "to inbox:demo: HTTP 200" in timeline


async def test_a_mandates_page_shows_its_status_changes(browser, gql, control):
    mandate = await create_mandate(gql, "AC-HUUR")  # the default rule signs it within the hour
    await advance(control, "PT2H")

    page = await browser.page(f"{TENANT}/mandates/{mandate['id']}")

    assert page.count("MandateStatusChanged") == 2
    assert "previous-status new" in page and "status success" in page


async def test_a_deliverys_page_shows_its_body_the_headers_each_attempt_carried_and_its_attempts(
    browser, gql, control, client
):
    await add_inbox(control, secret=SECRET)
    await create_paylink(gql, "15497")
    await advance(control, "PT10M")
    _, log = await control.get("/_mock/webhooks/deliveries")
    [delivery] = log["deliveries"]
    _, inbox = await control.get("/_mock/inbox/demo")
    [received] = inbox["requests"]

    page = html.unescape(await browser.page(f"{TENANT}/webhooks/{delivery['id']}"))

    assert json.dumps(delivery["body"], indent=2, ensure_ascii=False) in page
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature", "User-Agent"):
        assert f"{name}: {received['headers'][name]}" in page  # the very headers the inbox got
    assert "Attempt 1 (attempt)" in page and "HTTP 200" in page


async def test_the_inbox_page_shows_each_received_body(browser, gql, control):
    await add_inbox(control)
    link = await create_paylink(gql, "15497")
    await advance(control, "PT1H")

    page = html.unescape(await browser.page(f"{TENANT}/inbox/demo"))

    assert '<span class="count">2</span> received' in page
    assert f'"serviceId": "{link["id"]}"' in page and '"event": "PayLinkPaid"' in page
    assert "Inbox demo</a>" in page  # the menu names the tenant's inboxes


async def test_the_inbox_page_links_to_its_json_which_opens_with_no_header(browser, gql, control, client):
    await add_inbox(control)
    await create_paylink(gql, "15497")
    await advance(control, "PT1H")

    page = html.unescape(await browser.page(f"{TENANT}/inbox/demo"))
    [link] = re.findall(r'<a href="(/_mock/inbox/demo\?key=[^"]+)">open it as JSON</a>', page)
    opened = await client.get(link)  # no X-AUTH-TOKEN: a link clicked in a browser
    unnamed = await client.get("/_mock/inbox/demo")

    assert opened.status == 200
    received = (await opened.json())["requests"]
    assert [r["body"]["event"] for r in received] == ["PayLinkVisited", "PayLinkPaid"]
    assert unnamed.status == 401


async def test_a_batch_shows_its_records_per_status(browser, gql):
    rows = [{"reference": "R-1", "script": "1001"}, {"reference": "R-2", "script": "1001"}]
    data = await gql.ok(
        "mutation($rows: [RowInput!]) { import { addRecords(rows: $rows) { name } } }", {"rows": rows}
    )
    name = data["import"]["addRecords"]["name"]

    listed = await browser.page(f"{TENANT}/batches")
    page = await browser.page(f"{TENANT}/batches/{name}")

    assert name in listed and "2 rejected" in listed
    assert "R-1" in page and "R-2" in page and "personFamilyName" in page


async def test_a_calls_page_shows_its_node_events_as_a_timeline(browser, control):
    status, call = await control.post("/_mock/voice/inbound", {"from": "anonymous", "to": "31513703800"})
    assert status == 200
    await advance(control, "PT10M")

    page = await browser.page(f"{TENANT}/calls/{call['id']}")

    assert page.count("NodeStart") >= 1 and page.count("NodeResult") >= 1
    assert "Call completed" in page
    assert call["id"] in await browser.page(f"{TENANT}/calls")


async def test_the_journal_shows_the_tenants_requests_and_not_the_dashboards(browser, gql):
    await create_paylink(gql)

    page = await browser.page(f"{TENANT}/requests")

    assert "/v1" in page
    assert "/_mock/ui" not in page.split("<main>")[1].split("Requests</h1>")[1]


async def test_a_script_opens_a_page_with_its_key_in_the_header_like_the_control_api(client):
    response = await client.get(TENANT, headers={"X-AUTH-TOKEN": "demo-key"})
    assert response.status == 200
    assert response.content_type == "text/html"


async def test_the_live_script_is_given_the_tenants_event_stream(browser):
    page = await browser.page(TENANT)
    assert 'data-events="/_mock/events?key=demo-key"' in page
    assert '<script src="/static/dashboard.js" defer></script>' in page


async def test_a_scenario_endpoint_is_listed_with_its_events(aiohttp_client):
    from reminders_mock.app import create_app
    from tests.conftest import PUBLIC_URL
    from tests.served import default_with_endpoints

    app = create_app(default_with_endpoints(WebhookSpec(url="inbox:hooks")), public_url=PUBLIC_URL)
    browser = Browser(await aiohttp_client(app))
    await browser.open()

    page = await browser.page(f"{TENANT}/webhooks")

    assert "inbox:hooks" in page and "PayLinkVisited, PayLinkPaid, VoiceCallCompleted" in page


async def test_a_batchs_timeline_follows_its_records_to_their_paylinks_messages_and_calls(
    browser, gql, control
):
    rows = [row("SMS-1", "1003", "+31612345678"), row("CALL-1", "6512", "+31612345678")]
    data = await gql.ok(
        "mutation($rows: [RowInput!]) { import { addRecords(rows: $rows) { name } } }", {"rows": rows}
    )
    await advance(control, "PT3H")  # the 10:00 import window, the SMS delivered, the call made

    page = html.unescape(await browser.page(f"{TENANT}/batches/{data['import']['addRecords']['name']}"))

    timeline = page[page.index("Timeline") :]
    for step in (
        "Batch received",
        "Record SMS-1: PayLink created",
        "Record SMS-1: sms delivered",
        "Record CALL-1: call 1",
    ):
        assert step in timeline
