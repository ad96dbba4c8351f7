"""Mandate landing pages: the debtor authorizes, then confirms."""

from tests.conftest import PUBLIC_URL
from tests.sandbox import create_mandate


async def test_the_short_url_of_a_mandate_redirects_to_its_page(client, gql):
    mandate = await create_mandate(gql)

    response = await client.get(mandate["shortUrl"].removeprefix(PUBLIC_URL), allow_redirects=False)

    assert response.status == 302
    assert response.headers["Location"] == mandate["longUrl"]


async def test_authorize_then_confirm(client, gql, world):
    mandate = await create_mandate(gql)
    page = mandate["longUrl"].removeprefix(PUBLIC_URL)
    assert 'data-status="new"' in await (await client.get(page)).text()

    response = await client.post(page, data={"action": "authorize"})
    assert response.status == 200
    assert 'data-status="pending"' in await response.text()
    assert world.mandates.get(mandate["id"]).status == "pending"

    response = await client.post(page, data={"action": "confirm"})
    assert 'data-status="success"' in await response.text()
    assert world.mandates.get(mandate["id"]).status == "success"


async def test_confirming_a_new_mandate_is_refused(client, gql, world):
    mandate = await create_mandate(gql)

    response = await client.post(mandate["longUrl"].removeprefix(PUBLIC_URL), data={"action": "confirm"})

    assert response.status == 409
    assert "needs a pending mandate" in await response.text()
    assert world.mandates.get(mandate["id"]).status == "new"
