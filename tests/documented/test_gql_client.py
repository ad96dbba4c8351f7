"""The documented examples through a real GraphQL client (gql) over a real socket, after the
client fetched the schema by introspection and checked each operation against it."""

import pytest
from gql import Client, GraphQLRequest
from gql.transport.aiohttp import AIOHTTPTransport

from reminders_mock.app import create_app
from tests.documented.examples import EXAMPLES, documented_answer
from tests.documented.shape import shape_differences


@pytest.fixture
async def session(aiohttp_server, scenario):
    server = await aiohttp_server(create_app(scenario, public_url="http://mock.test"))
    transport = AIOHTTPTransport(url=str(server.make_url("/v1")), headers={"X-AUTH-TOKEN": "demo-key"})
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        yield session


async def test_the_client_reads_the_whole_contract_by_introspection(session):
    schema = session.client.schema
    assert {"PayLinkInput", "RowInput", "MandateFiltersInput", "BatchStatus"} <= set(schema.type_map)
    assert schema.type_map["PayLink"].fields["shortUrl"].description


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["name"] for example in EXAMPLES])
async def test_documented_example_through_gql(example, session):
    request = GraphQLRequest(example["query"], variable_values=example["variables"])
    data = await session.execute(request)
    assert shape_differences(data, documented_answer(example)["data"]) == []
