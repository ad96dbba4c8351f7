"""The /_mock control API: health, the tenant's clock, new tenants and resets."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from tests.sandbox import START, advance, at, create_paylink

PAYLINKS_WITH_ID = """
query find($id: String) {
  payLink { payLinks(filters: {id: {equalTo: $id}}) { items { id } pagination { total } } }
}
"""

COUNT_OBJECTS = """
{
  payLink { payLinks { pagination { total } } }
  mandate { mandates { pagination { total } } }
  import { batches { pagination { total } } }
}
"""

INLINE_TENANT = {
    "customer": "42",
    "apiKeys": [{"key": "inline-key"}],
    "scripts": [{"id": "77", "medium": "sms"}],
}

INLINE_START = "2030-01-01T00:00:00+00:00"

INLINE_SCENARIO = {"seed": 3, "clock": {"start": INLINE_START}, "tenants": [INLINE_TENANT]}

FAX_SCRIPT = {"id": "1", "medium": "fax"}


async def new_tenant(control, body: dict | None = None) -> dict:
    status, tenant = await control.post("/_mock/tenants", {} if body is None else body)
    assert status == 201, tenant
    return tenant


async def sees_paylink(gql, key: str, paylink_id: str) -> bool:
    data = await replace(gql, key=key).ok(PAYLINKS_WITH_ID, {"id": paylink_id})
    return data["payLink"]["payLinks"]["pagination"]["total"] == 1


async def now(control) -> datetime:
    status, clock = await control.get("/_mock/clock")
    assert status == 200, clock
    return datetime.fromisoformat(clock["now"])


def assert_bad_input(status: int, body: dict, *named: str) -> None:
    assert status == 400, body
    assert body["error"]["code"] == "BAD_USER_INPUT"
    for name in named:
        assert name in body["error"]["message"]


# ---------------------------------------------------------------- health and clock


async def test_health_answers_ok_without_a_key(client):
    response = await client.get("/_mock/health")

    assert response.status == 200
    assert (await response.json())["status"] == "ok"


async def test_clock_shows_customer_now_and_manual_mode(control):
    status, clock = await control.get("/_mock/clock")

    assert status == 200
    assert clock["customer"] == "6500"
    assert clock["now"] == at(0)
    assert clock["mode"] == "manual"


async def test_advancing_by_a_duration_moves_now_by_that_much(control):
    clock = await advance(control, "PT1H")

    assert clock["now"] == "2024-06-12T09:00:00+00:00"
    assert await now(control) == START + timedelta(hours=1)


async def test_advancing_to_a_moment_moves_now_there(control):
    clock = await advance(control, to="2024-07-01T12:30:00+02:00")

    assert clock["now"] == "2024-07-01T10:30:00+00:00"
    assert await now(control) == datetime.fromisoformat("2024-07-01T10:30:00+00:00")


async def test_advancing_to_now_is_allowed(control):
    clock = await advance(control, to=at(0))

    assert clock["now"] == at(0)


@pytest.mark.parametrize("move", [{"to": "2024-06-12T07:59:59+00:00"}, {"by": "-PT1H"}])
async def test_the_clock_never_goes_backwards(control, move):
    status, body = await control.post("/_mock/clock/advance", move)

    assert_bad_input(status, body, "backwards")
    assert await now(control) == START


@pytest.mark.parametrize(
    ("move", "named"),
    [
        ({"by": "PT1H", "to": "2024-06-13T00:00:00+00:00"}, ["by", "to"]),
        ({}, ["by", "to"]),
        ({"by": "one hour"}, ["by"]),
        ({"to": "tomorrow"}, ["to"]),
        ({"to": "2024-06-13T00:00:00"}, ["to"]),
        ({"by": "PT1H", "until": "x"}, ["until"]),
    ],
    ids=["both", "neither", "bad-duration", "bad-moment", "moment-without-offset", "unknown"],
)
async def test_a_bad_advance_answers_400_naming_the_field(control, move, named):
    status, body = await control.post("/_mock/clock/advance", move)

    assert_bad_input(status, body, *named)
    assert await now(control) == START


async def test_a_body_that_is_not_json_answers_400(client):
    headers = {"X-AUTH-TOKEN": "demo-key"}
    response = await client.post("/_mock/clock/advance", data=b"{by", headers=headers)

    assert response.status == 400
    assert (await response.json())["error"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/_mock/clock"), ("POST", "/_mock/clock/advance"), ("POST", "/_mock/reset")],
)
@pytest.mark.parametrize("headers", [{}, {"X-AUTH-TOKEN": "no-such-key"}], ids=["none", "unknown"])
async def test_the_control_api_needs_a_known_key(client, method, path, headers):
    response = await client.request(method, path, json={"by": "PT1H"}, headers=headers)

    assert response.status == 401
    assert (await response.json())["error"]["code"] == "UNAUTHENTICATED"


async def test_the_restricted_key_works_on_the_control_api_from_localhost(gql, control):
    restricted = replace(control, key="demo-key-restricted")

    body = await advance(restricted, "PT1H")

    assert body["customer"] == "6500"
    # The same key is still refused from this address on the API itself.
    api_status, _ = await gql(COUNT_OBJECTS, key="demo-key-restricted")
    assert api_status == 403


# ---------------------------------------------------------------- tenants


async def test_a_new_tenant_gets_a_customer_number_and_a_key_that_work_on_the_api(gql, control):
    tenant = await new_tenant(control)

    assert tenant["customer"] not in ("6500", "")
    assert tenant["apiKey"] not in ("demo-key", "demo-key-restricted")
    paylink = await create_paylink(replace(gql, key=tenant["apiKey"]))
    assert f"/{tenant['customer']}/" in paylink["longUrl"]
    status, clock = await replace(control, key=tenant["apiKey"]).get("/_mock/clock")
    assert status == 200
    assert clock["customer"] == tenant["customer"]


async def test_two_new_tenants_get_different_customers_and_keys(control):
    first, second = await new_tenant(control), await new_tenant(control)

    assert first["customer"] != second["customer"]
    assert first["apiKey"] != second["apiKey"]


async def test_tenants_do_not_see_each_others_paylinks(gql, control):
    tenant = await new_tenant(control, {"seed": 99})  # the same seed would make the same ids

    theirs = await create_paylink(replace(gql, key=tenant["apiKey"]))
    ours = await create_paylink(gql)

    assert await sees_paylink(gql, tenant["apiKey"], theirs["id"])
    assert not await sees_paylink(gql, "demo-key", theirs["id"])
    assert await sees_paylink(gql, "demo-key", ours["id"])
    assert not await sees_paylink(gql, tenant["apiKey"], ours["id"])


async def test_a_new_tenant_has_its_own_clock(control):
    tenant = await new_tenant(control)

    await advance(replace(control, key=tenant["apiKey"]), "P2D")

    assert await now(control) == START


async def test_a_new_tenant_accepts_webhook_endpoints(control):
    tenant = await new_tenant(control, {"webhooks": [{"url": "http://127.0.0.1:9/hook"}]})

    assert tenant["apiKey"]


@pytest.mark.parametrize(
    ("webhooks", "field"),
    [([{}], "webhooks[0].url"), ([{"url": "http://x"}, {"url": 5}], "webhooks[1].url")],
)
async def test_a_webhook_without_a_url_answers_400_naming_it(control, webhooks, field):
    status, body = await control.post("/_mock/tenants", {"webhooks": webhooks})

    assert_bad_input(status, body, field)


async def test_a_new_tenant_from_the_default_scenario_has_its_fixtures(gql, control):
    tenant = await new_tenant(control, {"scenario": "default"})

    data = await replace(gql, key=tenant["apiKey"]).ok(COUNT_OBJECTS)

    assert data["import"]["batches"]["pagination"]["total"] == 1
    assert data["payLink"]["payLinks"]["pagination"]["total"] == 6


@pytest.mark.parametrize(
    "source", ["/etc/passwd", "nope", "../scenarios/default", "scenarios/default.yaml", 5]
)
async def test_a_scenario_is_a_shipped_name_never_a_path(control, source):
    status, body = await control.post("/_mock/tenants", {"scenario": source})

    assert_bad_input(status, body, "scenario")
    assert "root:" not in body["error"]["message"]


async def test_a_new_tenant_can_come_from_an_inline_scenario(gql, control):
    tenant = await new_tenant(control, {"scenario": INLINE_SCENARIO, "seed": 4})

    assert tenant["now"] == INLINE_START
    assert tenant["seed"] == 4  # the request's, not the scenario's
    status, clock = await replace(control, key=tenant["apiKey"]).get("/_mock/clock")
    assert status == 200 and clock["now"] == INLINE_START
    records = """mutation { import { addRecords(rows: [{script: "1001"}]) {
        records { messages { message } } } } }"""
    data = await replace(gql, key=tenant["apiKey"]).ok(records)
    [message] = data["import"]["addRecords"]["records"][0]["messages"]
    assert "77" in message["message"]


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        ({"tenants": [{**INLINE_TENANT, "scripts": [FAX_SCRIPT]}]}, "tenants[0].scripts[0].medium"),
        ({"tenants": [{"apiKeys": [{"key": "k"}]}]}, "tenants[0].customer"),
        ({"clock": {"start": "2030-01-01T00:00:00"}}, "clock.start"),
        ({"tenants": []}, "tenants"),
        ({"weather": "sunny"}, "weather"),
    ],
    ids=["medium", "customer", "naive-start", "no-tenants", "unknown-key"],
)
async def test_a_broken_inline_scenario_answers_400_naming_the_field(control, broken, field):
    status, body = await control.post("/_mock/tenants", {"scenario": {**INLINE_SCENARIO, **broken}})

    assert_bad_input(status, body, field)


async def test_an_unknown_field_of_the_tenant_request_answers_400(control):
    status, body = await control.post("/_mock/tenants", {"seeed": 7})

    assert_bad_input(status, body, "seeed")


async def test_a_new_tenants_seed_decides_its_ids(gql, control):
    seven = await new_tenant(control, {"seed": 7})
    one = await new_tenant(control, {"seed": 1})

    assert seven["seed"] == 7
    made_with_seven = await create_paylink(replace(gql, key=seven["apiKey"]))
    made_with_one = await create_paylink(replace(gql, key=one["apiKey"]))
    assert made_with_seven["id"] != made_with_one["id"]


async def test_tenants_with_the_same_seed_make_the_same_ids(gql, control):
    first = await new_tenant(control, {"seed": 7})
    second = await new_tenant(control, {"seed": 7})

    made_by_first = [await create_paylink(replace(gql, key=first["apiKey"])) for _ in range(2)]
    made_by_second = [await create_paylink(replace(gql, key=second["apiKey"])) for _ in range(2)]

    assert [p["id"] for p in made_by_first] == [p["id"] for p in made_by_second]
    customer_part = f"/{first['customer']}/", f"/{second['customer']}/"
    expected_urls = [p["longUrl"].replace(*customer_part) for p in made_by_first]
    assert [p["longUrl"] for p in made_by_second] == expected_urls


# ---------------------------------------------------------------- reset


async def test_reset_gives_back_the_scenarios_fixtures_and_clock(gql, control):
    before = await gql.ok(COUNT_OBJECTS)
    await create_paylink(gql)
    await gql.ok("mutation { import { addRecords(rows: []) { name } } }")
    await advance(control, "P3D")

    status, body = await control.post("/_mock/reset")

    assert status == 200
    assert body["customer"] == "6500"
    assert body["now"] == at(0)
    assert await gql.ok(COUNT_OBJECTS) == before
    assert await now(control) == START


async def test_reset_replays_the_same_ids(gql, control):
    first = await create_paylink(gql)
    await create_paylink(gql)

    await control.post("/_mock/reset")

    assert await create_paylink(gql) == first


async def test_reset_keeps_a_created_tenants_key_seed_and_start(gql, control):
    tenant = await new_tenant(control, {"seed": 7, "scenario": INLINE_SCENARIO})
    theirs = replace(control, key=tenant["apiKey"])
    first = await create_paylink(replace(gql, key=tenant["apiKey"]))
    await advance(theirs, "PT5M")

    status, body = await theirs.post("/_mock/reset")

    assert status == 200
    assert body == tenant
    assert await create_paylink(replace(gql, key=tenant["apiKey"])) == first


async def test_reset_leaves_other_tenants_alone(gql, control):
    tenant = await new_tenant(control)
    theirs = await create_paylink(replace(gql, key=tenant["apiKey"]))

    await control.post("/_mock/reset")

    assert await sees_paylink(gql, tenant["apiKey"], theirs["id"])
