"""Who may open the dashboard: on loopback, whoever holds a tenant's key; on a server with an
admin token (served to a network), the token too, given once in a login form that leaves an
HttpOnly cookie. The cookie opens pages and reads, never the control API's changes."""

from urllib.parse import parse_qs, urlsplit

import pytest

from reminders_mock.app import create_app
from reminders_mock.control.admin import COOKIE
from tests.conftest import PUBLIC_URL
from tests.web.dashboard import CSRF, TENANT, Browser

TOKEN = "admin-t0ken"


@pytest.fixture
async def guarded(aiohttp_client, scenario):
    return await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, admin_token=TOKEN))


async def log_in(client, token: str = TOKEN):
    form_page = await (await client.get("/_mock/ui/login")).text()
    form = {"csrf": CSRF.search(form_page).group(1), "back": TENANT, "token": token}
    return await client.post("/_mock/ui/login", data=form, allow_redirects=False)


async def test_without_the_token_a_page_goes_to_the_login_form(guarded):
    response = await guarded.get(f"{TENANT}/paylinks?status=paid", allow_redirects=False)

    location = urlsplit(response.headers["Location"])
    assert response.status == 303
    assert location.path == "/_mock/ui/login"
    assert parse_qs(location.query)["next"] == [f"{TENANT}/paylinks?status=paid"]
    assert (
        f'name="back" value="{TENANT}/paylinks?status=paid"'
        in await (await guarded.get(location.geturl())).text()
    )


async def test_a_wrong_token_is_refused_on_the_form(guarded):
    response = await log_in(guarded, "admin-t0keN")

    assert response.status == 401
    assert "Admin token: expected the token the server was started with" in await response.text()
    assert COOKIE not in {cookie.key for cookie in guarded.session.cookie_jar}


async def test_the_token_logs_in_with_an_httponly_cookie_that_is_not_the_token(guarded):
    response = await log_in(guarded)

    assert (response.status, response.headers["Location"]) == (303, TENANT)
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/_mock"
    assert TOKEN not in cookie.value


async def test_logged_in_the_dashboard_needs_only_the_tenants_key(guarded):
    await log_in(guarded)
    browser = Browser(guarded)

    landed = await browser.open()

    assert "Customer 6500" in landed


async def test_the_cookie_opens_reads_of_the_control_api_but_not_its_changes(guarded):
    """A browser sends the cookie along with any site's request: a change needs the header."""
    await log_in(guarded)
    key = {"X-AUTH-TOKEN": "demo-key"}

    read = await guarded.get("/_mock/inbox/demo", headers=key)
    change = await guarded.post("/_mock/clock/advance", json={"by": "P1D"}, headers=key)

    assert read.status == 200
    assert change.status == 401


async def test_logging_out_forgets_the_login_and_the_keys(guarded):
    await log_in(guarded)
    browser = Browser(guarded)
    await browser.open()

    await browser.post("/_mock/ui/logout", back="/_mock/ui")

    response = await guarded.get(TENANT, allow_redirects=False)
    assert response.headers["Location"].startswith("/_mock/ui/login")


async def test_on_loopback_there_is_no_login(client):
    response = await client.get("/_mock/ui/login", allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (303, "/_mock/ui")


async def test_the_header_still_opens_the_control_api_as_before(guarded):
    headers = {"X-AUTH-TOKEN": "demo-key", "X-Admin-Token": TOKEN}
    assert (await guarded.post("/_mock/clock/advance", json={"by": "PT1M"}, headers=headers)).status == 200
