"""Every log a server keeps for looking back is bounded and paged: the request journal (one per
tenant, and one for keyless requests), the webhook delivery log and the inboxes drop their
oldest entries past their size and say how many; every list path answers a page at a time."""

from dataclasses import replace

import pytest

from reminders_mock.app import create_app
from tests.conftest import PUBLIC_URL, Control, GraphQL
from tests.sandbox import create_paylink


@pytest.fixture
async def small(aiohttp_client, scenario):
    """A server whose logs hold three entries each, tenant 6500 sending to its inbox."""
    app = create_app(scenario, public_url=PUBLIC_URL, journal_size=3, delivery_log_size=3, inbox_size=3)
    return await aiohttp_client(app)


async def inbox_tenant(client) -> tuple[Control, GraphQL]:
    status, tenant = await Control(client).post("/_mock/tenants", {"webhooks": ["inbox:hooks"]})
    assert status == 201, tenant
    return Control(client, tenant["apiKey"]), GraphQL(client, tenant["apiKey"])


async def visits(control, gql, count: int) -> list[str]:
    """`count` PayLinks visited, each a PayLinkVisited webhook; their ids, oldest first."""
    ids = []
    for _ in range(count):
        link = await create_paylink(gql)
        status, _ = await control.post(f"/_mock/paylinks/{link['id']}/visit")
        assert status == 200
        ids.append(link["id"])
    return ids


async def test_a_thousand_keyless_requests_never_push_out_a_tenants_journal(small):
    control = Control(small)
    await control.get("/_mock/clock")
    for _ in range(1000):
        await small.get("/_mock/health")

    status, body = await control.get("/_mock/requests")

    assert status == 200
    assert [e["path"] for e in body["requests"]] == ["/_mock/clock"]
    assert body["dropped"] == 0


async def test_a_tenants_journal_keeps_its_newest_requests_and_counts_the_dropped(small):
    control = Control(small)
    for hours in range(1, 6):
        await control.post("/_mock/clock/advance", {"by": f"PT{hours}H"})

    _, body = await control.get("/_mock/requests")

    assert [e["body"] for e in body["requests"]] == ['{"by": "PT3H"}', '{"by": "PT4H"}', '{"by": "PT5H"}']
    assert (body["total"], body["dropped"]) == (3, 2)


@pytest.mark.parametrize(
    ("path", "listed"), [("/_mock/webhooks/deliveries", "deliveries"), ("/_mock/inbox/hooks", "requests")]
)
async def test_the_delivery_log_and_an_inbox_drop_their_oldest_past_their_size(small, path, listed):
    """The delivery log drops settled deliveries only: these were all answered by the inbox."""
    control, gql = await inbox_tenant(small)
    visited = await visits(control, gql, 5)

    _, log = await control.get(path)

    assert [entry["body"]["serviceId"] for entry in log[listed]] == visited[2:]
    assert (log["total"], log["dropped"]) == (3, 2)


async def test_lists_answer_a_page_with_the_total_and_where_the_next_starts(client):
    control, gql = await inbox_tenant(client)
    visited = await visits(control, gql, 5)

    _, first = await control.get("/_mock/webhooks/deliveries?limit=2")
    _, last = await control.get("/_mock/webhooks/deliveries?limit=2&offset=4")

    assert [d["body"]["serviceId"] for d in first["deliveries"]] == visited[:2]
    assert (first["total"], first["next"]) == (5, 2)
    assert [d["body"]["serviceId"] for d in last["deliveries"]] == visited[4:]
    assert last["next"] is None


@pytest.mark.parametrize(
    "path",
    [
        "/_mock/webhooks/deliveries",
        "/_mock/inbox/hooks",
        "/_mock/messages",
        "/_mock/voice/calls",
        "/_mock/results",
    ],
)
async def test_every_list_path_refuses_a_page_over_its_limit_naming_the_parameter(control, path):
    status, body = await control.get(f"{path}?limit=1001")

    assert (status, body["error"]["field"]) == (400, "limit")
    assert body["error"]["message"] == "limit: expected less than or equal to 1000, got '1001'"


async def test_a_page_is_answered_beside_the_lists_own_key(control, gql):
    link = await create_paylink(gql)
    await control.post(f"/_mock/paylinks/{link['id']}/visit")

    for path, key in [
        ("/_mock/messages", "messages"),
        ("/_mock/voice/calls", "calls"),
        ("/_mock/results", "files"),
    ]:
        status, body = await replace(control).get(f"{path}?limit=1")
        assert status == 200, body
        assert isinstance(body[key], list)
        assert {"total", "offset", "limit", "next"} <= set(body)
