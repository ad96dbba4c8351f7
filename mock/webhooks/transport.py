"""How a webhook request reaches its endpoint: over HTTP, or in-process to a named inbox.

The dispatcher only knows the `Transport` seam (like httpx's MockTransport), so tests can put
an in-memory receiver in its place and never open a socket.
"""

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

from ..core.bounded import BoundedLog
from ..scenario.models import INBOX_SCHEME

ANSWER_BYTES = 64 * 1024  # enough for any error page worth logging; a huge answer is not kept
INBOX_SIZE = 1000  # a demo inbox left running for days keeps its newest requests only


class DeliveryError(Exception):
    """The request got no HTTP answer: refused, timed out, or broken on the way."""


@dataclass(frozen=True)
class Answer:
    """The endpoint's HTTP answer; header names are lower-case."""

    status: int
    headers: dict[str, str]
    text: str


class Transport(Protocol):
    async def post(
        self, url: str, body: bytes, headers: dict[str, str], auth: tuple[str, str] | None, timeout: float
    ) -> Answer: ...


@dataclass(frozen=True)
class Received:
    """One request an inbox received: real time, headers as sent, the JSON body."""

    at: float
    headers: dict[str, str]
    body: Any


def for_tenant(url: str, customer: str) -> str:
    """Inboxes are the tenant's own: `inbox:demo` of customer 6600 is stored as `6600/demo`, so
    parallel tenants made from one scenario never see each other's requests."""
    if not url.startswith(INBOX_SCHEME):
        return url
    return f"{INBOX_SCHEME}{inbox_name(customer, url.removeprefix(INBOX_SCHEME))}"


def inbox_name(customer: str, name: str) -> str:
    return f"{customer}/{name}"


class Inboxes:
    """The built-in receiver behind `inbox:NAME` URLs: keeps what each name received, answers 200."""

    def __init__(self, wallclock: Callable[[], float] = time.time, size: int = INBOX_SIZE) -> None:
        self._inboxes: dict[str, BoundedLog[Received]] = {}
        self._wallclock = wallclock
        self._size = size

    async def post(
        self, url: str, body: bytes, headers: dict[str, str], auth: tuple[str, str] | None, timeout: float
    ) -> Answer:
        if not url.startswith(INBOX_SCHEME):
            raise DeliveryError(f"{url}: expected an inbox URL such as inbox:demo")
        if auth is not None:
            # What an HTTP receiver would see, so a demo shows the credentials arrive.
            headers = {**headers, "Authorization": basic_auth(*auth)}
        inbox = self._inboxes.get(name := url.removeprefix(INBOX_SCHEME))
        if inbox is None:
            inbox = self._inboxes[name] = BoundedLog(self._size)
        inbox.append(Received(self._wallclock(), headers, json.loads(body)))
        return Answer(200, {"content-type": "text/plain"}, "received")

    def received(self, name: str) -> list[Received]:
        return list(self._inboxes.get(name, ()))

    def dropped(self, name: str) -> int:
        """How many of the inbox's oldest requests made room for newer ones."""
        inbox = self._inboxes.get(name)
        return 0 if inbox is None else inbox.dropped

    def clear(self, name: str) -> int:
        """Empty an inbox; answers how many requests it held."""
        inbox = self._inboxes.pop(name, None)
        return 0 if inbox is None else len(inbox)


class HttpTransport:
    """Posts over HTTP with one aiohttp session; `inbox:` URLs go to `inboxes` in-process."""

    def __init__(self, inboxes: Inboxes | None = None) -> None:
        self.inboxes = inboxes or Inboxes()
        self._session: aiohttp.ClientSession | None = None

    async def post(
        self, url: str, body: bytes, headers: dict[str, str], auth: tuple[str, str] | None, timeout: float
    ) -> Answer:
        if url.startswith(INBOX_SCHEME):
            return await self.inboxes.post(url, body, headers, auth, timeout)
        if auth is not None:
            headers = {**headers, "Authorization": basic_auth(*auth)}
        try:
            return await self._post(url, body, headers, timeout)
        except aiohttp.ClientConnectorError as error:
            raise DeliveryError(f"could not connect to {url}: {_reason(error.os_error)}") from None
        except TimeoutError:
            raise DeliveryError(f"no answer from {url} within {timeout:g} s") from None
        except aiohttp.ClientError as error:
            raise DeliveryError(f"{url}: {type(error).__name__}: {error}") from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
        # Like the payment platforms, a redirect is an answer, not a new address to post to.
        async with self._open_session().post(
            url,
            data=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=timeout),
            allow_redirects=False,
        ) as response:
            text = (await response.content.read(ANSWER_BYTES)).decode(errors="replace")
            answer_headers = {name.lower(): value for name, value in response.headers.items()}
            return Answer(response.status, answer_headers, text)

    def _open_session(self) -> aiohttp.ClientSession:
        # Made on first use, inside the running loop the session must belong to.
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session


def basic_auth(username: str, password: str) -> str:
    """The Authorization header of RFC 7617 (aiohttp's own helper is deprecated or too new)."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _reason(error: OSError) -> str:
    # asyncio words a refusal "Connect call failed"; say what happened instead.
    return "connection refused" if isinstance(error, ConnectionRefusedError) else str(error.strerror or error)
