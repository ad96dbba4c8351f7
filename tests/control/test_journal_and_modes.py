"""GET /_mock/requests (the request journal, per tenant and bounded) and the clock's modes
(POST /_mock/clock/mode): an accelerated clock moves by itself, a manual one stays put."""

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from reminders_mock.app import create_app
from tests.conftest import PUBLIC_URL, Control
from tests.sandbox import CREATE_PAYLINK, advance, at, create_paylink, find_paylink, pay_link_input

COUNT = "{ payLink { payLinks { pagination { total } } } }"


async def journal(control, query: str = "") -> list[dict]:
    status, body = await control.get(f"/_mock/requests{query}")
    assert status == 200, body
    return body["requests"]


async def new_tenant(control) -> dict:
    status, tenant = await control.post("/_mock/tenants", {"seed": 42})
    assert status == 201, tenant
    return tenant


async def clock_now(control) -> datetime:
    status, clock = await control.get("/_mock/clock")
    assert status == 200, clock
    return datetime.fromisoformat(clock["now"])


# ---------------------------------------------------------------- the journal


async def test_the_journal_lists_the_tenants_requests_oldest_first(gql, control):
    await create_paylink(gql, personName="Journal Person")
    await advance(control, "PT1H")
    await control.get("/_mock/clock")

    entries = await journal(control)

    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/v1", 200),
        ("POST", "/_mock/clock/advance", 200),
        ("GET", "/_mock/clock", 200),
    ]
    assert {e["customer"] for e in entries} == {"6500"}
    assert [e["simulatedTime"] for e in entries] == [
        at(0),
        "2024-06-12T09:00:00+00:00",
        "2024-06-12T09:00:00+00:00",
    ]
    assert "Journal Person" in entries[0]["body"]
    assert entries[1]["body"] == '{"by": "PT1H"}'
    assert entries[2]["body"] == ""


async def test_the_journal_records_refused_requests_with_their_status(gql, control):
    await control.post("/_mock/clock/advance", {"by": "-PT1H"})
    await control.post("/_mock/paylinks/no-such-paylink/visit", {})
    await gql.error(CREATE_PAYLINK, {"payLink": pay_link_input(invoiceAmount="0")})

    entries = await journal(control)

    assert [(e["path"], e["status"]) for e in entries] == [
        ("/_mock/clock/advance", 400),
        ("/_mock/paylinks/no-such-paylink/visit", 404),
        ("/v1", 200),  # GraphQL answers its errors with 200
    ]


async def test_the_journal_records_not_found_and_redirects_with_their_real_status(gql, client, control):
    link = await create_paylink(gql)
    short_path = "/" + link["shortUrl"].rsplit("/", 1)[1]
    key = {"X-AUTH-TOKEN": "demo-key"}

    not_found = await client.get("/v2/nothing-here", headers=key)
    redirect = await client.get(short_path, headers=key, allow_redirects=False)
    unknown_control_path = await client.post("/_mock/clock/advanse", headers=key)

    assert (not_found.status, redirect.status, unknown_control_path.status) == (404, 302, 404)
    entries = await journal(control)
    assert [(e["method"], e["path"], e["status"]) for e in entries[1:]] == [
        ("GET", "/v2/nothing-here", 404),
        ("GET", short_path, 302),
        ("POST", "/_mock/clock/advanse", 404),
    ]


async def test_landing_page_requests_are_the_tenants_whose_page_they_open(gql, client, control):
    link = await create_paylink(gql)
    short_path = "/" + link["shortUrl"].rsplit("/", 1)[1]
    long_path = link["longUrl"].removeprefix(PUBLIC_URL)

    # A payer's browser carries no key: the page's own address says whose it is.
    await client.get(short_path, allow_redirects=False)
    await client.post(long_path, data={"action": "pay"}, allow_redirects=False)
    await client.get("/pay/6500/no-such-paylink")

    entries = await journal(control)
    assert [(e["method"], e["path"], e["status"]) for e in entries[1:]] == [
        ("GET", short_path, 302),
        ("POST", long_path, 303),
        ("GET", "/pay/6500/no-such-paylink", 404),
    ]
    assert {e["customer"] for e in entries} == {"6500"}


async def test_the_journal_keeps_the_query_string(control):
    await control.get("/_mock/clock?verbose=1")

    [entry] = await journal(control)

    assert entry["path"] == "/_mock/clock?verbose=1"


async def test_the_journal_leaves_out_its_own_reads(control):
    await journal(control)
    await journal(control, "?limit=5")

    assert await journal(control) == []


async def test_another_tenants_requests_are_not_listed(gql, control):
    tenant = await new_tenant(control)
    key = tenant["apiKey"]
    theirs = replace(control, key=key)
    await gql.ok(COUNT)
    await create_paylink(replace(gql, key=key), personName="Journal Person")
    await advance(theirs, "PT5M")

    ours_listed = await journal(control)
    theirs_listed = await journal(theirs)

    # Creating the tenant was our request, made with our key.
    assert [e["path"] for e in ours_listed] == ["/_mock/tenants", "/v1"]
    assert "Journal Person" not in ours_listed[1]["body"]
    assert [e["path"] for e in theirs_listed] == ["/v1", "/_mock/clock/advance"]
    assert {e["customer"] for e in ours_listed} == {"6500"}
    assert {e["customer"] for e in theirs_listed} == {tenant["customer"]}


async def test_requests_without_a_known_key_are_listed_for_no_tenant(client, control):
    await client.get("/_mock/clock", headers={"X-AUTH-TOKEN": "no-such-key"})
    await client.get("/_mock/health")

    assert await journal(control) == []


async def test_limit_keeps_the_newest_requests(control):
    for by in ("PT1M", "PT2M", "PT3M"):
        await advance(control, by)

    newest = await journal(control, "?limit=1")
    two = await journal(control, "?limit=2")
    none = await journal(control, "?limit=0")

    assert [e["body"] for e in newest] == ['{"by": "PT3M"}']
    assert [e["body"] for e in two] == ['{"by": "PT2M"}', '{"by": "PT3M"}']
    assert none == []


@pytest.fixture
async def small_journal(aiohttp_client, scenario) -> Control:
    client = await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, journal_size=3))
    return Control(client)


async def test_the_journal_never_holds_more_than_its_size(small_journal):
    for minutes in range(1, 6):
        await advance(small_journal, f"PT{minutes}M")

    entries = await journal(small_journal)

    assert [e["body"] for e in entries] == ['{"by": "PT3M"}', '{"by": "PT4M"}', '{"by": "PT5M"}']


# ---------------------------------------------------------------- clock modes


async def test_setting_the_mode_answers_it_and_the_clock_shows_it(control):
    status, answer = await control.post("/_mock/clock/mode", {"mode": "60x"})
    _, clock = await control.get("/_mock/clock")

    assert status == 200, answer
    assert answer["mode"] == "60x"
    assert clock["mode"] == "60x"
    assert clock["customer"] == "6500"


@pytest.mark.parametrize("mode", ["fast", "0x", "-5x", "60", "x", "", 60, None])
async def test_a_bad_mode_answers_400_naming_mode_and_keeps_the_old_one(control, mode):
    status, body = await control.post("/_mock/clock/mode", {"mode": mode})

    assert status == 400, body
    assert body["error"]["code"] == "BAD_USER_INPUT"
    assert body["error"]["field"] == "mode"
    assert (await control.get("/_mock/clock"))[1]["mode"] == "manual"


async def test_a_mode_request_without_mode_answers_400_naming_it(control):
    status, body = await control.post("/_mock/clock/mode", {})

    assert status == 400, body
    assert "mode" in body["error"]["message"]


async def test_the_mode_is_per_tenant(control):
    theirs = replace(control, key=(await new_tenant(control))["apiKey"])

    await theirs.post("/_mock/clock/mode", {"mode": "realtime"})

    assert (await control.get("/_mock/clock"))[1]["mode"] == "manual"
    assert (await theirs.get("/_mock/clock"))[1]["mode"] == "realtime"


async def test_an_accelerated_clock_moves_by_itself_and_manual_freezes_it(control):
    start = await clock_now(control)
    status, answer = await control.post("/_mock/clock/mode", {"mode": "600x"})
    assert status == 200, answer

    # 600x: a real tenth of a second is a simulated minute. Poll, bounded, until it has moved.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 3
    moved = start
    while moved - start < timedelta(seconds=60) and loop.time() < deadline:
        await asyncio.sleep(0.05)
        moved = await clock_now(control)
    assert moved - start >= timedelta(seconds=60)

    status, frozen = await control.post("/_mock/clock/mode", {"mode": "manual"})
    assert status == 200, frozen
    assert frozen["mode"] == "manual"
    await asyncio.sleep(0.3)  # several ticks of the server's clock ticker

    assert await clock_now(control) == datetime.fromisoformat(frozen["now"])
    assert datetime.fromisoformat(frozen["now"]) >= moved


async def test_an_accelerated_clock_runs_what_falls_due(gql, control):
    link = await create_paylink(gql, "10005")
    await control.post("/_mock/clock/mode", {"mode": "6000x"})  # the visit at +5 min in 0.05 s

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 3
    status = "ready"
    while status == "ready" and loop.time() < deadline:
        await asyncio.sleep(0.05)
        status = (await find_paylink(gql, link["id"]))["status"]
    await control.post("/_mock/clock/mode", {"mode": "manual"})

    assert status == "started"
