"""Same scenario, seed and requests: byte-identical answers. Two tenants: nothing shared."""

import json
from dataclasses import replace

from reminders_mock.app import create_app
from tests.sandbox import CREATE_MANDATE, CREATE_PAYLINK, create_paylink, mandate_input, pay_link_input

ADD_ROWS = """mutation($rows: [RowInput!]) { import { addRecords(rows: $rows) {
  name status records { status reference messages { context message level } } } } }"""
ALL_PAYLINKS = "{ payLink { payLinks(limit: 100) { items { id shortUrl } pagination { total } } } }"

ROWS = [
    {"script": "1001", "reference": "a"},
    {"script": "1003", "reference": "b", "toPhoneNumbers": ["x"]},
]

SESSION = [
    ("/v1", {"query": CREATE_PAYLINK, "variables": {"payLink": pay_link_input()}}),
    ("/_mock/clock/advance", {"by": "PT90M"}),
    ("/v1", {"query": CREATE_MANDATE, "variables": {"mandate": mandate_input()}}),
    ("/v1", {"query": ADD_ROWS, "variables": {"rows": ROWS}}),
    ("/_mock/tenants", {"seed": 5}),
    ("/v1", {"query": CREATE_PAYLINK, "variables": {"payLink": pay_link_input(invoiceAmount="1.5")}}),
    ("/v1", {"query": ALL_PAYLINKS}),
]


async def replay(aiohttp_client, scenario) -> list[bytes]:
    client = await aiohttp_client(create_app(scenario, public_url="http://mock.test"))
    answers = []
    for path, body in SESSION:
        response = await client.post(path, json=body, headers={"X-AUTH-TOKEN": "demo-key"})
        answers.append(_without_api_key(await response.read()))
    return answers


def _without_api_key(answer: bytes) -> bytes:
    """A new tenant's key comes from the system, never from the seed: all else must replay."""
    parsed = json.loads(answer)
    if isinstance(parsed, dict) and "apiKey" in parsed:
        return json.dumps({**parsed, "apiKey": None}).encode()
    return answer


async def test_two_fresh_servers_answer_a_replayed_session_byte_for_byte(aiohttp_client, scenario):
    first = await replay(aiohttp_client, scenario)
    second = await replay(aiohttp_client, scenario)
    assert first == second
    assert len(set(first)) == len(SESSION)  # the session really did different things


async def test_another_seed_gives_other_ids(aiohttp_client, scenario):
    first = await replay(aiohttp_client, scenario)
    other = await replay(aiohttp_client, scenario.with_seed(2))
    assert first[0] != other[0]


async def new_tenant(control, seed: int | None = None) -> str:
    status, body = await control.post("/_mock/tenants", {} if seed is None else {"seed": seed})
    assert status == 201
    return body["apiKey"]


async def created_ids(gql, key: str) -> set[str]:
    _, body = await gql(ALL_PAYLINKS, key=key)
    return {item["id"] for item in body["data"]["payLink"]["payLinks"]["items"]}


async def test_two_tenants_never_see_each_others_paylinks(control, gql):
    first, second = await new_tenant(control, seed=11), await new_tenant(control, seed=12)
    made = {key: (await create_paylink(replace(gql, key=key)))["id"] for key in (first, second)}

    assert made[first] in await created_ids(gql, first)
    assert made[first] not in await created_ids(gql, second)
    assert made[second] in await created_ids(gql, second)
    assert made[second] not in await created_ids(gql, first)


async def test_tenants_with_the_same_seed_get_the_same_ids_but_never_the_same_urls(control, gql):
    first, second = await new_tenant(control, seed=8), await new_tenant(control, seed=8)
    for key in (first, second):
        await create_paylink(replace(gql, key=key))
    urls = []
    for key in (first, second):
        _, body = await gql("{ payLink { payLinks(limit: 100) { items { shortUrl longUrl } } } }", key=key)
        urls += [url for item in body["data"]["payLink"]["payLinks"]["items"] for url in item.values()]

    assert await created_ids(gql, first) == await created_ids(gql, second)
    assert len(urls) == 2 * 2 * 7
    assert len(set(urls)) == len(urls)


async def test_a_tenants_clock_moves_alone(control):
    key = await new_tenant(control)
    await control.post("/_mock/clock/advance", {"by": "P2D"})
    _, mine = await control.get("/_mock/clock")
    control.key = key
    _, theirs = await control.get("/_mock/clock")
    assert mine["now"] == "2024-06-14T08:00:00+00:00"
    assert theirs["now"] == "2024-06-12T08:00:00+00:00"
