"""PayLink landing pages: the short URL, the page a payer opens (a visit) and the buttons on it."""

import re
from dataclasses import replace

from tests.conftest import PUBLIC_URL
from tests.sandbox import create_paylink, find_paylink

READY_FIXTURE = "389f0187-6b5d-4896-8d78-e56a6bb1a156"  # 4400, ready, visible until 2030


def path_of(url: str) -> str:
    assert url.startswith(PUBLIC_URL), url
    return url.removeprefix(PUBLIC_URL)


async def test_the_short_url_redirects_to_the_long_url(client, gql):
    link = await create_paylink(gql)

    response = await client.get(path_of(link["shortUrl"]), allow_redirects=False)

    assert response.status == 302
    assert response.headers["Location"] == link["longUrl"]


async def test_the_page_shows_amount_and_status_and_counts_as_a_visit(client, gql, world):
    link = await create_paylink(gql, amount="15497")
    assert world.paylinks.get(link["id"]).status == "ready"

    response = await client.get(path_of(link["longUrl"]))

    html = await response.text()
    assert response.status == 200
    assert response.content_type == "text/html"
    assert "€ 154,97" in html
    assert 'data-status="started"' in html
    assert html.count("<h1>") == 1
    assert 'for="amount"' in html
    assert world.paylinks.get(link["id"]).status == "started"


async def test_reopening_a_started_page_is_not_another_visit(client, gql, world):
    visits = []
    world.tenant.events.subscribe(
        lambda event: visits.append(event) if event.name == "PayLinkVisited" else None
    )
    link = await create_paylink(gql)

    for _ in range(2):
        response = await client.get(path_of(link["longUrl"]))
        assert response.status == 200

    assert world.paylinks.get(link["id"]).status == "started"
    assert len(visits) == 1


async def test_paying_in_full_makes_the_paylink_paid(client, gql, world):
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])

    response = await client.post(page, data={"action": "pay"}, allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"].startswith(page)
    paid = world.paylinks.get(link["id"])
    assert paid.status == "paid"
    assert paid.amount_paid == 10004
    html = await (await client.get(response.headers["Location"])).text()
    assert 'data-status="paid"' in html


async def test_paying_part_in_euros(client, gql, world):
    link = await create_paylink(gql)

    response = await client.post(path_of(link["longUrl"]), data={"action": "pay", "amount": "12,50"})

    assert response.status == 200  # followed the 303 back to the page
    html = await response.text()
    assert 'data-status="partially_paid"' in html
    assert "€ 12,50" in html
    assert world.paylinks.get(link["id"]).amount_paid == 1250


async def test_cancel_shows_cancelled_after_the_redirect(client, gql, world):
    link = await create_paylink(gql)

    response = await client.post(path_of(link["longUrl"]), data={"action": "cancel"})

    assert response.status == 200
    assert 'data-status="cancelled"' in await response.text()
    assert world.paylinks.get(link["id"]).status == "cancelled"


async def test_payment_fails(client, gql, world):
    link = await create_paylink(gql)

    await client.post(path_of(link["longUrl"]), data={"action": "fail"})

    assert world.paylinks.get(link["id"]).status == "failed"


async def test_paying_a_paid_link_shows_the_refusal(client, gql, world):
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])
    await client.post(page, data={"action": "pay"})

    response = await client.post(page, data={"action": "pay"})

    assert response.status == 409
    html = await response.text()
    assert 'role="alert"' in html
    assert "is paid: it cannot be paid" in html
    assert world.paylinks.get(link["id"]).amount_paid == 10004


async def test_a_bad_amount_is_refused_and_changes_nothing(client, gql, world):
    link = await create_paylink(gql)
    page = path_of(link["longUrl"])

    for amount, expected in [
        ("abc", "expected an amount in EUR such as 12,50"),
        ("200,00", "at most the open € 100,04"),
    ]:
        response = await client.post(page, data={"action": "pay", "amount": amount})
        assert response.status == 400, amount
        assert expected in await response.text()
    assert world.paylinks.get(link["id"]).status == "ready"
    assert world.paylinks.get(link["id"]).amount_paid == 0


async def test_an_unknown_action_is_refused(client, gql):
    link = await create_paylink(gql)

    response = await client.post(path_of(link["longUrl"]), data={"action": "expire"})

    assert response.status == 400
    assert "expected one of pay, cancel, fail" in await response.text()


async def test_unknown_code_id_and_customer_are_not_found(client, gql):
    link = await create_paylink(gql)
    unknown = [
        "/zzzzzzz",
        "/pay/6500/00000000-0000-0000-0000-000000000000",
        f"/pay/9999/{link['id']}",
        "/mandate/6500/00000000-0000-0000-0000-000000000000",
    ]
    for path in unknown:
        response = await client.get(path)
        assert response.status == 404, path
        assert response.content_type == "text/html"
        assert "<h1>Page not found</h1>" in await response.text()
    assert (await client.post(unknown[1], data={"action": "pay"})).status == 404


async def test_the_ready_fixture_can_be_paid_through_its_page(client, world):
    fixture = world.paylinks.get(READY_FIXTURE)
    page = path_of(fixture.long_url)

    html = await (await client.get(page)).text()
    assert "€ 44,00" in html
    assert re.search(r"1 January 2030", html)
    response = await client.post(page, data={"action": "pay"})

    assert response.status == 200
    assert world.paylinks.get(READY_FIXTURE).status == "paid"
    assert world.paylinks.get(READY_FIXTURE).amount_paid == 4400


async def test_the_stylesheet_is_served(client):
    response = await client.get("/static/site.css")

    assert response.status == 200
    assert "body" in await response.text()


async def test_short_urls_of_a_created_and_of_a_restored_tenant_lead_to_their_own_pages(client, gql, control):
    """Short codes are found through the registry's map of codes to tenants, not by a scan."""
    status, created = await control.post("/_mock/tenants", {})
    assert status == 201
    other = replace(gql, key=created["apiKey"])
    link = await create_paylink(other)
    assert f"/pay/{created['customer']}/" in link["longUrl"]

    _, saved = await replace(control, key=created["apiKey"]).get("/_mock/snapshot")
    status, _ = await replace(control, key=created["apiKey"]).put("/_mock/snapshot", saved)
    assert status == 200

    response = await client.get(path_of(link["shortUrl"]), allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (302, link["longUrl"])


async def _tenant_with_an_inbox(control, gql):
    """A fresh tenant whose webhooks go to its inbox, so a visit would show as a delivery."""
    status, created = await control.post("/_mock/tenants", {"webhooks": [{"url": "inbox:hooks"}]})
    assert status == 201, created
    key = created["apiKey"]
    return replace(control, key=key), replace(gql, key=key)


async def test_a_head_request_is_not_a_visit(client, gql, control):
    """`curl -IL` or a chat app's link preview asks for the headers only, of the short URL and
    of where it leads: no transaction starts, no webhook goes out."""
    control, gql = await _tenant_with_an_inbox(control, gql)
    link = await create_paylink(gql)

    short = await client.head(path_of(link["shortUrl"]), allow_redirects=False)
    page = await client.head(path_of(link["longUrl"]))

    assert (short.status, short.headers["Location"]) == (302, link["longUrl"])
    assert page.status == 200
    assert page.content_type == "text/html"
    assert int(page.headers["Content-Length"]) > 0
    assert await page.read() == b""
    assert (await find_paylink(gql, link["id"]))["status"] == "ready"
    _, deliveries = await control.get("/_mock/webhooks/deliveries")
    assert deliveries["deliveries"] == []
    # The same page opened for real is a visit, so the silence above was the HEAD's doing.
    await client.get(path_of(link["longUrl"]))
    _, deliveries = await control.get("/_mock/webhooks/deliveries")
    assert [d["event"] for d in deliveries["deliveries"]] == ["PayLinkVisited"]


async def test_the_amount_field_is_labelled_in_the_paylinks_currency(client, gql):
    dollars = await create_paylink(gql, invoiceCurrency="USD")
    euros = await create_paylink(gql)

    dollar_page = await (await client.get(path_of(dollars["longUrl"]))).text()
    euro_page = await (await client.get(path_of(euros["longUrl"]))).text()

    assert '<label for="amount">Amount in USD ($)</label>' in dollar_page
    assert "euro" not in dollar_page.lower()
    assert "$ 100,04" in dollar_page
    assert '<label for="amount">Amount in EUR (€)</label>' in euro_page


async def test_a_bad_amount_on_a_dollar_link_is_refused_in_dollars(client, gql):
    link = await create_paylink(gql, invoiceCurrency="USD")
    page = path_of(link["longUrl"])
    await client.get(page)

    response = await client.post(page, data={"action": "pay", "amount": "abc"})

    assert response.status == 400
    html = await response.text()
    assert "expected an amount in USD such as 12,50" in html
    assert "euro" not in html.lower()


async def test_a_partially_paid_link_shows_its_status_in_words(client, gql):
    link = await create_paylink(gql)

    response = await client.post(path_of(link["longUrl"]), data={"action": "pay", "amount": "12,50"})

    html = await response.text()
    assert 'data-status="partially_paid">partially paid</span>' in html
    assert ">partially_paid<" not in html
