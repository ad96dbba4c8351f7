"""Malformed input gets a clear 4xx naming what is wrong, and changes nothing stored: each test
sends one of the bodies, clock moves, scenarios, snapshots and forms that once answered 500."""

import gzip
import json

import pytest

from reminders_mock.bodies import MAX_INTEGER_DIGITS, MAX_JSON_DEPTH
from reminders_mock.core.clock import MAX_ADVANCE
from tests.sandbox import CREATE_PAYLINK, START, create_paylink, find_paylink, pay_link_input
from tests.served import ADD_ROWS, row

KEY = {"X-AUTH-TOKEN": "demo-key"}
COUNT = "{ payLink { payLinks { pagination { total } } } }"
LONE_SURROGATE = '"\\ud800"'  # JSON can write half a UTF-16 pair; UTF-8 cannot hold it


def json_text(value: object) -> str:
    return json.dumps(value).replace('"SURROGATE"', LONE_SURROGATE)


async def paylink_count(gql) -> int:
    return (await gql.ok(COUNT))["payLink"]["payLinks"]["pagination"]["total"]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'{"query": "{ __typename \xff }"}', "application/json", "expected text in utf-8"),
        (b'{\x00"\x00\x00\xd8"\x00', "application/json; charset=utf-16", "expected text in utf-16"),
        (b'{"query": "{ __typename }"}', "application/json; charset=no-such-charset", "charset"),
        (b'{"query": "{ __typename }"}', "application/json; charset=base64", "charset"),
    ],
)
async def test_bodies_not_in_their_charset_are_refused_on_v1(client, body, content_type, expected):
    response = await client.post("/v1", data=body, headers={**KEY, "Content-Type": content_type})
    answer = await response.json()
    assert response.status in (400, 415), answer
    assert expected in answer["errors"][0]["message"]


@pytest.mark.parametrize("path", ["/v1", "/_mock/clock/advance"])
async def test_gzip_claimed_on_a_plain_body_is_400_in_json(client, path):
    headers = {**KEY, "Content-Encoding": "gzip", "Content-Type": "application/json", "Connection": "close"}
    response = await client.post(path, data=b'{"by": "PT1H"}', headers=headers)
    assert response.status == 400
    assert "Content-Encoding 'gzip'" in await response.text()


async def test_a_gzipped_body_that_is_gzip_is_read(client):
    body = gzip.compress(json.dumps({"query": "{ __typename }"}).encode())
    headers = {**KEY, "Content-Encoding": "gzip", "Content-Type": "application/json"}
    response = await client.post("/v1", data=body, headers=headers)
    assert (await response.json()) == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("path", ["/v1", "/_mock/clock/advance", "/_mock/tenants", "/_mock/voice/inbound"])
async def test_json_nested_100k_deep_is_400(client, path):
    response = await client.post(path, data=b"[" * 100_000 + b"]" * 100_000, headers=KEY)
    assert response.status == 400
    assert f"nested at most {MAX_JSON_DEPTH} deep" in await response.text()


async def test_json_nested_just_over_the_limit_is_400_naming_where(client):
    nested: object = "x"
    for _ in range(MAX_JSON_DEPTH + 1):
        nested = [nested]
    response = await client.post(
        "/v1", json={"query": "{ __typename }", "variables": {"a": nested}}, headers=KEY
    )
    assert response.status == 400
    assert (await response.json())["errors"][0]["message"].startswith("variables.a[0]")


@pytest.mark.parametrize("path", ["/v1", "/_mock/clock/advance"])
async def test_an_integer_of_thousands_of_digits_is_400(client, path):
    body = '{"query": "{ __typename }", "by": ' + "9" * 5000 + "}"
    response = await client.post(path, data=body, headers=KEY)
    assert response.status == 400
    assert f"at most {MAX_INTEGER_DIGITS} digits" in await response.text()


async def test_a_lone_surrogate_in_a_paylink_is_refused_and_nothing_is_stored(client, gql):
    before = await paylink_count(gql)
    variables = {"payLink": pay_link_input(personName="SURROGATE")}
    body = json_text({"query": CREATE_PAYLINK, "variables": variables})
    response = await client.post("/v1", data=body, headers={**KEY, "Content-Type": "application/json"})
    answer = await response.json()
    assert response.status == 400
    assert answer["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "variables.payLink.personName",
    }
    assert "lone UTF-16 surrogate" in answer["errors"][0]["message"]
    assert await paylink_count(gql) == before
    assert (await gql.ok("{ payLink { payLinks { items { personName } } } }"))["payLink"]


async def test_a_lone_surrogate_in_a_row_reference_is_refused_and_the_clock_moves_on(client, control):
    rows = [row("SURROGATE", script="1003", phone="+31612345678")]
    body = json_text({"query": ADD_ROWS, "variables": {"rows": rows}})
    response = await client.post("/v1", data=body, headers={**KEY, "Content-Type": "application/json"})
    assert response.status == 400
    assert "variables.rows[0].reference" in (await response.json())["errors"][0]["message"]
    status, clock = await control.post("/_mock/clock/advance", {"by": "P1D"})
    assert status == 200, clock


async def test_a_lone_surrogate_in_a_control_body_is_refused(client):
    body = json_text({"from": "anonymous", "to": "SURROGATE", "keys": []})
    response = await client.post("/_mock/voice/inbound", data=body, headers=KEY)
    answer = await response.json()
    assert response.status == 400
    assert answer["error"]["field"] == "to"


async def test_a_lone_surrogate_inline_in_the_query_is_a_parse_error(gql):
    error = await gql.error('mutation { payLink { create(payLink: {personName: "\\ud800"}) { id } } }')
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_an_advance_beyond_what_a_date_holds_is_400(control):
    status, body = await control.post("/_mock/clock/advance", {"by": "P9999999D"})
    assert status == 400, body
    assert body["error"]["field"] == "by"
    assert f"at most P{MAX_ADVANCE.days}D" in body["error"]["message"]


async def test_advancing_to_year_9999_is_400_and_the_clock_stays(control):
    status, body = await control.post("/_mock/clock/advance", {"to": "9999-12-31T00:00:00+00:00"})
    assert status == 400, body
    assert body["error"]["field"] == "to"
    _, clock = await control.get("/_mock/clock")
    assert clock["now"] == START.isoformat()


@pytest.mark.parametrize("start", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:00:00+00:00"])
async def test_a_scenario_starting_near_year_1_or_9999_is_400(control, start):
    scenario = {"clock": {"start": start}, "tenants": [{"customer": "42", "apiKeys": [{"key": "k42"}]}]}
    status, body = await control.post("/_mock/tenants", {"scenario": scenario})
    assert status == 400, body
    assert body["error"]["field"] == "scenario.clock.start"


async def test_a_snapshot_whose_actions_name_missing_objects_is_refused_and_changes_nothing(control, gql):
    await create_paylink(gql)
    _, before = await control.get("/_mock/snapshot")
    dangling = json.loads(json.dumps(before))
    dangling["clock"]["pending"].append(
        {
            "due": before["clock"]["now"],
            "sequence": 10**6,
            "action": "paylink.expire",
            "payload": {"link_id": "nope"},
        }
    )
    status, body = await control.put("/_mock/snapshot", dangling)
    assert status == 400, body
    assert body["error"]["field"].startswith("snapshot.clock.pending[")
    assert "'nope'" in body["error"]["message"]
    _, after = await control.get("/_mock/snapshot")
    assert {**after, "takenOn": None, "taken_on": None} == {**before, "takenOn": None, "taken_on": None}
    status, clock = await control.post("/_mock/clock/advance", {"by": "PT1H"})
    assert status == 200, clock


async def test_a_landing_page_form_in_invalid_utf8_is_400_and_changes_nothing(client, gql):
    link = await create_paylink(gql)
    path = link["longUrl"].removeprefix("http://mock.test")
    for form in (b"action=pay&amount=\xff", b"action=pay&amount=%ff"):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        response = await client.post(path, data=form, headers=headers, allow_redirects=False)
        assert response.status == 400, await response.text()
        assert "expected text in utf-8" in await response.text()
    assert (await find_paylink(gql, link["id"]))["status"] == link["status"]
