"""The dashboard's buttons, in-process: each a plain form posting the page's CSRF token, calling
what the control API calls, then back to its page with a line saying what happened (POST,
redirect, GET); a refused one says why and changes nothing."""

import pytest

from tests.sandbox import create_mandate, create_paylink
from tests.web.dashboard import TENANT, Browser, flash


@pytest.fixture
async def browser(client) -> Browser:
    opened = Browser(client)
    await opened.open()
    return opened


async def clock(control) -> dict:
    _, answer = await control.get("/_mock/clock")
    return answer


@pytest.mark.parametrize(
    ("fields", "now"),
    [
        ({"by": "PT1M"}, "2024-06-12T08:01:00+00:00"),
        ({"by": "PT1H"}, "2024-06-12T09:00:00+00:00"),
        ({"by": "P1D"}, "2024-06-13T08:00:00+00:00"),
        ({"to": "2024-06-12T12:30"}, "2024-06-12T10:30:00+00:00"),  # read in Europe/Amsterdam
    ],
)
async def test_the_clock_buttons_move_the_clock_and_say_what_ran(browser, control, fields, now):
    status, page = await browser.post(f"{TENANT}/clock/advance", **fields)

    assert status == 200
    assert (await clock(control))["now"] == now
    assert flash(page)[0] == "notice" and flash(page)[1].startswith("Advanced ")


async def test_step_to_the_next_event_runs_what_is_due_first(browser, control, gql):
    await create_paylink(gql, "15497")  # its payer visits 5 minutes later
    before = await clock(control)

    await browser.post(f"{TENANT}/clock/advance", next="true")

    assert (await clock(control))["now"] == before["nextDue"]


async def test_a_bad_date_is_refused_by_name_and_the_clock_stays(browser, control):
    status, page = await browser.post(f"{TENANT}/clock/advance", to="next tuesday")

    assert status == 200
    assert flash(page) == (
        "error",
        "to: expected a date and time such as 2024-06-12T10:00, got &#39;next tuesday&#39;",
    )
    assert (await clock(control))["now"] == "2024-06-12T08:00:00+00:00"


async def test_the_mode_switch_changes_the_clocks_mode(browser, control):
    await browser.post(f"{TENANT}/clock/mode", mode="60x")
    assert (await clock(control))["mode"] == "60x"

    _, page = await browser.post(f"{TENANT}/clock/mode", mode="sideways")
    assert flash(page)[0] == "error" and "sideways" in flash(page)[1]
    assert (await clock(control))["mode"] == "60x"


async def test_the_pay_button_pays_the_paylink_and_a_refused_act_says_why(browser, gql):
    link = await create_paylink(gql)
    page_path = f"{TENANT}/paylinks/{link['id']}"
    assert "Pay in full" in await browser.page(page_path)  # a ready PayLink: the payer visits first

    _, paid = await browser.post(f"{page_path}/pay", back=page_path)
    _, again = await browser.post(f"{page_path}/cancel", back=page_path)

    assert flash(paid) == ("notice", f"PayLink {link['id']}: pay done, now paid.")
    assert flash(again)[0] == "error" and "is paid: it cannot be cancelled" in flash(again)[1]
    assert "Pay in full" not in again  # a paid PayLink offers no payer's buttons


async def test_the_mandate_buttons_authorize_then_confirm(browser, gql, control):
    mandate = await create_mandate(gql)
    page_path = f"{TENANT}/mandates/{mandate['id']}"

    await browser.post(f"{page_path}/authorize", back=page_path)
    _, page = await browser.post(f"{page_path}/confirm", back=page_path)

    assert flash(page) == ("notice", f"Mandate {mandate['id']}: confirm done, now success.")


async def test_redeliver_sends_the_same_body_again_as_a_new_attempt(browser, gql, control):
    await control.post("/_mock/webhooks/endpoints", "inbox:demo")
    await create_paylink(gql, "15497")
    await control.post("/_mock/clock/advance", {"by": "PT10M"})
    _, log = await control.get("/_mock/webhooks/deliveries")
    [delivery] = log["deliveries"]
    page_path = f"{TENANT}/webhooks/{delivery['id']}"

    _, page = await browser.post(f"{page_path}/redeliver", back=page_path)

    _, inbox = await control.get("/_mock/inbox/demo")
    assert [r["body"] for r in inbox["requests"]] == [delivery["body"], delivery["body"]]
    assert flash(page) == ("notice", "Redelivered PayLinkVisited: 200, now delivered.")
    assert "Attempt 2 (redelivery)" in page


async def test_the_endpoint_form_adds_an_inbox_and_refuses_a_bad_url(browser, control):
    _, added = await browser.post(f"{TENANT}/webhooks/endpoints", back=f"{TENANT}/webhooks", url="inbox:show")
    _, refused = await browser.post(f"{TENANT}/webhooks/endpoints", back=f"{TENANT}/webhooks", url="ftp://x")

    _, endpoints = await control.get("/_mock/webhooks/endpoints")
    assert [e["url"] for e in endpoints["endpoints"]] == ["inbox:show"]
    assert flash(added)[0] == "notice" and "Inbox show</a>" in added
    assert flash(refused)[0] == "error" and "endpoint.url" in flash(refused)[1]


async def test_a_form_without_the_pages_token_is_refused_and_changes_nothing(client, browser, control):
    response = await client.post(f"{TENANT}/clock/advance", data={"by": "P1D"})
    forged = await client.post(f"{TENANT}/clock/advance", data={"by": "P1D", "csrf": "guessed"})

    assert (response.status, forged.status) == (403, 403)
    assert (await response.json())["error"]["message"].startswith("csrf: expected the form's token")
    assert (await clock(control))["now"] == "2024-06-12T08:00:00+00:00"


async def test_a_form_posted_from_another_origin_is_refused(client, browser, control):
    form = {"by": "P1D", "csrf": await browser.csrf()}
    response = await client.post(f"{TENANT}/clock/advance", data=form, headers={"Origin": "http://evil.test"})

    assert response.status == 403
    assert "Origin: expected this server's own" in (await response.json())["error"]["message"]
    assert (await clock(control))["now"] == "2024-06-12T08:00:00+00:00"


async def test_back_never_leads_off_the_dashboard(client, browser):
    form = {"by": "PT1M", "csrf": await browser.csrf(), "back": "https://evil.test/"}
    response = await client.post(f"{TENANT}/clock/advance", data=form, allow_redirects=False)
    assert response.headers["Location"] == TENANT
