"""Every landing page says, at its top, that it is the sandbox: nobody should mistake it for a bank."""

from tests.conftest import PUBLIC_URL
from tests.sandbox import create_mandate, create_paylink

BANNER = 'role="note" class="sandbox"'
WORDS = (
    "Sandbox: this page is served by reminders-mock, a simulator of the reminders platform."
    " No real money moves."
)


async def test_the_paylink_mandate_and_not_found_pages_show_the_sandbox_banner(client, gql):
    link = await create_paylink(gql)
    mandate = await create_mandate(gql)
    pages = {
        "paylink": link["longUrl"].removeprefix(PUBLIC_URL),
        "mandate": mandate["longUrl"].removeprefix(PUBLIC_URL),
        "not found": "/pay/6500/00000000-0000-0000-0000-000000000000",
    }

    for name, path in pages.items():
        html = await (await client.get(path)).text()
        assert html.count(BANNER) == 1, name
        assert WORDS in html, name
        # Above the page's heading, where it is seen first.
        assert html.index(BANNER) < html.index("<h1>"), name
