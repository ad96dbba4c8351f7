"""A browser's session with the dashboard, in-process: it keeps the cookies (the opened tenants'
keys, the CSRF token) and posts the forms as a page would, token included."""

import re
from dataclasses import dataclass

from aiohttp.test_utils import TestClient

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
FLASH = re.compile(r'<p class="(notice|error)" role="(?:status|alert)">([^<]*)</p>')
TENANT = "/_mock/ui/tenants/6500"


@dataclass
class Browser:
    client: TestClient

    async def page(self, path: str, status: int = 200) -> str:
        response = await self.client.get(path)
        text = await response.text()
        assert response.status == status, text
        return text

    async def csrf(self) -> str:
        return CSRF.search(await self.page("/_mock/ui")).group(1)

    async def post(self, path: str, back: str = TENANT, **fields: str) -> tuple[int, str]:
        """Posts a form as its page would and follows the redirect back: the status and page."""
        form = {"csrf": await self.csrf(), "back": back, **fields}
        response = await self.client.post(path, data=form)
        return response.status, await response.text()

    async def open(self, key: str = "demo-key") -> str:
        """Opens a tenant with its key, as the picker's form does: the page it lands on."""
        status, page = await self.post("/_mock/ui/open", back="/_mock/ui", key=key)
        assert status == 200, page
        return page


def flash(page: str) -> tuple[str, str] | None:
    """The notice or error line a form left on the page it went back to."""
    found = FLASH.search(page)
    return (found.group(1), found.group(2)) if found else None
