"""No single GraphQL document can hold the server: depth, fields and cost are limited before
graphql-core's own rules run, and the document cache stays bounded."""

import asyncio

from reminders_mock.graphql import CACHED_QUERY_CHARS, DOCUMENT_CACHE_CHARS, EXECUTOR
from reminders_mock.query_limits import MAX_COST, MAX_FIELDS, MAX_TOKENS

HEALTH_BOUND_SECONDS = 10  # generous: a loaded CI machine, not a benchmark


def doubled_fragments(levels: int) -> str:
    """The attack: F0 spreads F1 twice, F1 spreads F2 twice... 2^levels paths through ~1.5 KB."""
    spreads = [f"fragment F{n} on PayLinkQuery {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels - 1)]
    last = f"fragment F{levels - 1} on PayLinkQuery {{ payLinks {{ pagination {{ total }} }} }}"
    fragments = [*spreads, last]
    return "{ payLink { ...F0 } } " + " ".join(fragments)


async def test_doubled_fragments_are_measured_once_and_health_still_answers(client, gql):
    attack = asyncio.create_task(gql(doubled_fragments(25)))
    health = await asyncio.wait_for(client.get("/_mock/health"), HEALTH_BOUND_SECONDS)
    status, body = await asyncio.wait_for(attack, HEALTH_BOUND_SECONDS)
    assert health.status == 200
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_MANY_FIELDS"
    assert "data" not in body


async def test_too_many_aliases_are_refused_with_a_code(gql):
    aliases = " ".join(f"a{n}: __typename" for n in range(MAX_FIELDS + 1))
    error = await gql.error(f"{{ {aliases} }}")
    assert error["extensions"]["code"] == "QUERY_TOO_MANY_FIELDS"
    assert f"expected at most {MAX_FIELDS} fields" in error["message"]
    assert f"got {MAX_FIELDS + 1}" in error["message"]


async def test_a_document_of_more_tokens_than_the_limit_is_refused_while_parsed(gql):
    error = await gql.error("{ " + "__typename " * 200_000 + "}")
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert str(MAX_TOKENS) in error["message"]


async def test_a_search_costs_its_limit_times_what_each_item_selects(gql):
    page = "payLinks(limit: 100) { items { id status personName invoiceAmount amountPaid } }"
    aliases = " ".join(f"p{n}: {page}" for n in range(MAX_COST // 500 + 1))
    error = await gql.error(f"{{ payLink {{ {aliases} }} }}")
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert f"expected at most {MAX_COST}" in error["message"]


async def test_a_limit_given_by_a_variable_costs_the_largest_page(gql):
    page = "payLinks(limit: $n) { items { id status personName invoiceAmount amountPaid } }"
    aliases = " ".join(f"p{n}: {page}" for n in range(MAX_COST // 500 + 1))
    error = await gql.error(f"query($n: Int) {{ payLink {{ {aliases} }} }}", {"n": 1})
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"


async def test_the_same_searches_with_small_pages_run(gql):
    page = "payLinks(limit: 2) { items { id status personName invoiceAmount amountPaid } }"
    aliases = " ".join(f"p{n}: {page}" for n in range(MAX_COST // 500 + 1))
    data = await gql.ok(f"{{ payLink {{ {aliases} }} }}")
    assert len(data["payLink"]) == MAX_COST // 500 + 1


async def test_long_queries_are_not_cached(client, gql):
    padding = "#" + "x" * CACHED_QUERY_CHARS + "\n"
    query = padding + "{ __typename }"
    await gql.ok(query)
    assert query not in client.app[EXECUTOR].documents


async def test_the_document_cache_is_bounded_by_the_text_it_holds(client, gql):
    documents = client.app[EXECUTOR].documents
    padding = "#" + "x" * (CACHED_QUERY_CHARS - 100) + "\n"
    for n in range(DOCUMENT_CACHE_CHARS // CACHED_QUERY_CHARS + 10):
        await gql.ok(f"{padding}{{ n{n}: __typename }}")
    assert documents.currsize <= DOCUMENT_CACHE_CHARS
    assert f"{padding}{{ n0: __typename }}" not in documents
