"""GET /_mock/events: the tenant's domain events and webhook attempts as server-sent events."""

import asyncio
import json
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from reminders_mock.control.common import REGISTRY
from tests.sandbox import create_paylink

KEY = {"X-AUTH-TOKEN": "demo-key"}
WAIT = 10  # seconds; a bound for a loaded machine, not a timing assertion


async def received(client, count: int, *, headers: dict | None = None, params: dict | None = None, then=None):
    """The first `count` messages of the stream, as (id, event, data); `then` runs once connected."""
    messages: list[tuple[int, str, Any]] = []
    async with (
        httpx.AsyncClient(base_url=str(client.make_url("")), timeout=WAIT) as http,
        # a copy: aconnect_sse adds its own headers to the dict it is given
        aconnect_sse(http, "GET", "/_mock/events", headers=dict(headers or {}), params=params) as source,
    ):
        assert source.response.headers["content-type"].startswith("text/event-stream")
        if then is not None:
            await then()
        async with asyncio.timeout(WAIT):
            async for event in source.aiter_sse():
                messages.append((int(event.id), event.event, json.loads(event.data)))
                if len(messages) == count:
                    return messages
    raise AssertionError(f"the stream ended after {messages}")


async def pay_a_new_paylink(control, gql) -> str:
    """Created, visited and paid: three domain events; then a delivery of the two documented ones
    to inbox:stream."""
    await control.post("/_mock/webhooks/endpoints", "inbox:stream")
    link = await create_paylink(gql)
    await control.post(f"/_mock/paylinks/{link['id']}/pay")
    return link["id"]


async def test_each_domain_event_and_each_attempt_arrives_as_it_happens(client, control, gql):
    paid: list[str] = []

    async def pay() -> None:
        paid.append(await pay_a_new_paylink(control, gql))

    messages = await received(client, 5, headers=KEY, then=pay)
    kinds = [(kind, data.get("name") or data.get("event")) for _, kind, data in messages]
    assert kinds == [
        ("domain", "PayLinkCreated"),
        ("domain", "PayLinkVisited"),
        ("domain", "PayLinkPaid"),
        ("delivery", "PayLinkVisited"),
        ("delivery", "PayLinkPaid"),
    ]
    _, _, event = messages[2]
    assert (event["service"], event["serviceId"], event["reference"]) == ("paylink", paid[0], "")
    assert event["occurredOn"].endswith("+00:00") and event["data"]["transaction-amount"] == 10004
    _, _, attempt = messages[4]
    assert (attempt["eventId"], attempt["url"], attempt["attempt"]) == (event["id"], "inbox:stream", 1)
    assert (attempt["statusCode"], attempt["error"]) == (200, None)
    assert [number for number, _, _ in messages] == sorted(number for number, _, _ in messages)


async def test_a_listener_that_comes_back_gets_what_it_missed(client, control, gql):
    await pay_a_new_paylink(control, gql)
    everything = await received(client, 5, headers=KEY, params={"since": "0"})
    assert [kind for _, kind, _ in everything] == ["domain", "domain", "domain", "delivery", "delivery"]
    resumed = await received(client, 3, headers={**KEY, "Last-Event-ID": str(everything[1][0])})
    assert resumed == everything[2:]


async def test_a_browser_names_its_tenant_in_the_query(client, control, gql):
    async def pay() -> None:
        await pay_a_new_paylink(control, gql)

    [(_, kind, data)] = await received(client, 1, params={"key": "demo-key"}, then=pay)
    assert (kind, data["name"]) == ("domain", "PayLinkCreated")


async def test_a_stream_without_a_tenant_key_is_refused_in_json(client):
    for params in ({}, {"key": "not-a-key"}):
        answer = await client.get("/_mock/events", params=params)
        assert answer.status == 401
        assert "X-AUTH-TOKEN" in (await answer.json())["error"]["message"]
    answer = await client.get("/_mock/events", params={"since": "yesterday"}, headers=KEY)
    assert answer.status == 400 and "since" in (await answer.json())["error"]["message"]


async def test_the_stream_carries_on_across_a_reset(client, control, gql):
    async def reset_then_pay() -> None:
        assert (await control.post("/_mock/reset"))[0] == 200
        await pay_a_new_paylink(control, gql)

    [(_, _, data)] = await received(client, 1, headers=KEY, then=reset_then_pay)
    assert data["name"] == "PayLinkCreated"


async def test_a_client_that_goes_away_is_let_go_even_when_the_tenant_is_quiet(client):
    feed = client.app[REGISTRY].find("demo-key").feed
    response = await client.get("/_mock/events", headers=KEY)
    assert (response.status, feed.listeners) == (200, 1)
    response.close()
    async with asyncio.timeout(WAIT):
        while feed.listeners:
            await asyncio.sleep(0.05)
