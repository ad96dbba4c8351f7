"""The /v1 endpoint itself: authentication, bad requests, limits, the document cache."""

import pytest

from reminders_mock.app import create_app
from reminders_mock.graphql import EXECUTOR
from reminders_mock.query_limits import MAX_DEPTH

QUERY = "{ payLink { payLinks { pagination { total } } } }"


async def test_no_key_is_401_with_a_graphql_error(client):
    response = await client.post("/v1", json={"query": QUERY})
    body = await response.json()
    assert response.status == 401
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "X-AUTH-TOKEN" in body["errors"][0]["message"]


async def test_an_unknown_key_is_401(gql):
    status, body = await gql(QUERY, key="no-such-key")
    assert status == 401 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_restricted_demo_key_is_403_from_localhost(gql):
    status, body = await gql(QUERY, key="demo-key-restricted")
    assert status == 403
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "127.0.0.1" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"{not json", "request body: expected JSON"),
        (b"[1, 2]", "request body: expected a JSON object"),
        (b'{"query": 5}', "query: expected the GraphQL document as a string"),
        (b'{"query": "{ a }", "variables": [1]}', "variables: expected a JSON object or null"),
    ],
)
async def test_malformed_requests_are_400_naming_what_is_wrong(client, payload, expected):
    response = await client.post("/v1", data=payload, headers={"X-AUTH-TOKEN": "demo-key"})
    body = await response.json()
    assert response.status == 400
    assert body["errors"][0]["message"].startswith(expected)


async def test_a_syntax_error_is_a_parse_error(gql):
    error = await gql.error("{ payLink { ")
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_an_unknown_field_is_a_validation_error(gql):
    error = await gql.error("{ payLink { payLinks { items { colour } } } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "colour" in error["message"]


async def test_queries_nested_deeper_than_the_limit_are_refused(gql):
    status, body = await gql(_nest(MAX_DEPTH + 1))
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert f"expected at most {MAX_DEPTH} nested fields, got {MAX_DEPTH + 1}" in body["errors"][0]["message"]


async def test_depth_counts_through_fragments(gql):
    inner = _nest(MAX_DEPTH - 1)  # a + b + inner = MAX_DEPTH + 1
    _, body = await gql(
        f"query {{ ...A }} fragment A on Query {{ a: payLink {{ ...B }} }} "
        f"fragment B on PayLinkQuery {{ b: payLinks {inner} }}"
    )
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def _nest(depth: int) -> str:
    """A syntactically valid selection `depth` fields deep (it need not pass other rules)."""
    return "{ " + " { ".join(["payLink"] * depth) + " }" * depth


async def test_a_body_over_the_limit_is_413(aiohttp_client, scenario):
    client = await aiohttp_client(create_app(scenario, public_url="http://mock.test", max_body=1024))
    response = await client.post(
        "/v1", json={"query": QUERY, "pad": "x" * 2048}, headers={"X-AUTH-TOKEN": "demo-key"}
    )
    body = await response.json()
    assert response.status == 413
    assert body["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert "at most 1024 bytes" in body["errors"][0]["message"]


async def test_a_repeated_query_is_parsed_and_validated_once(client, gql):
    documents = client.app[EXECUTOR].documents
    unique = QUERY.replace("total", "total offset")
    await gql.ok(unique)
    prepared = documents[unique]
    await gql.ok(unique)
    await gql.ok(unique)
    assert documents[unique] is prepared


async def test_introspection_is_not_held_to_the_depth_limit(gql):
    from graphql import get_introspection_query

    data = await gql.ok(get_introspection_query(descriptions=True))
    assert data["__schema"]["queryType"]["name"] == "Query"
