"""The transport: HTTP over a real socket, its errors, and the in-process inboxes."""

import asyncio
import json
import re

import pytest
from aiohttp import web

from reminders_mock.webhooks.transport import ANSWER_BYTES, DeliveryError, HttpTransport, Inboxes
from tests.webhooks.helpers import closed_port

BODY = json.dumps({"event": "PayLinkPaid"}).encode()
HEADERS = {"Content-Type": "application/json"}
SHOP_AUTH = "Basic c2hvcDpzM2NyZXQ="  # shop:s3cret


async def test_http_transport_answers_status_lower_case_headers_and_text(transport, receiver):
    endpoint = await receiver((503, {"Retry-After": "120"}))

    answer = await transport.post(endpoint.url, BODY, HEADERS, None, 5)

    assert (answer.status, answer.headers["retry-after"], answer.text) == (503, "120", "answer 503")
    assert endpoint.requests[0].body == BODY


async def test_http_transport_sends_basic_auth(transport, receiver):
    endpoint = await receiver()

    await transport.post(endpoint.url, BODY, HEADERS, ("shop", "s3cret"), 5)

    assert endpoint.requests[0].headers["Authorization"] == SHOP_AUTH


async def test_a_refused_connection_is_a_delivery_error_naming_the_url(transport):
    url = f"http://127.0.0.1:{closed_port()}/hook"

    with pytest.raises(DeliveryError, match=re.escape(f"could not connect to {url}: connection refused")):
        await transport.post(url, BODY, HEADERS, None, 5)


async def test_no_answer_within_the_timeout_is_a_delivery_error(transport, aiohttp_server):
    release = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hang)
    server = await aiohttp_server(app)
    try:
        with pytest.raises(DeliveryError, match=r"no answer from .* within 0.05 s"):
            await transport.post(str(server.make_url("/hook")), BODY, HEADERS, None, 0.05)
    finally:
        release.set()


async def test_a_url_that_is_not_http_is_a_delivery_error(transport):
    with pytest.raises(DeliveryError, match=re.escape("ftp://example.test/hook")):
        await transport.post("ftp://example.test/hook", BODY, HEADERS, None, 5)


async def test_a_huge_answer_is_cut_short(transport, aiohttp_server):
    app = web.Application()

    async def huge(request: web.Request) -> web.Response:
        return web.Response(text="x" * (ANSWER_BYTES * 2))

    app.router.add_post("/hook", huge)
    server = await aiohttp_server(app)

    answer = await transport.post(str(server.make_url("/hook")), BODY, HEADERS, None, 5)

    assert (answer.status, len(answer.text)) == (200, ANSWER_BYTES)


async def test_inbox_urls_are_delivered_in_process_and_answered_200():
    inboxes = Inboxes(wallclock=lambda: 1718186400.0)
    transport = HttpTransport(inboxes)

    answer = await transport.post("inbox:demo", BODY, HEADERS, ("shop", "s3cret"), 5)

    assert answer.status == 200
    [received] = inboxes.received("demo")
    assert received.body == {"event": "PayLinkPaid"}
    assert received.at == 1718186400.0
    assert received.headers["Authorization"] == SHOP_AUTH
    assert inboxes.received("other") == []


async def test_clearing_an_inbox_says_how_many_requests_it_held():
    inboxes = Inboxes()
    await inboxes.post("inbox:demo", BODY, HEADERS, None, 5)
    await inboxes.post("inbox:demo", BODY, HEADERS, None, 5)

    assert inboxes.clear("demo") == 2
    assert inboxes.received("demo") == []
    assert inboxes.clear("demo") == 0


async def test_inboxes_refuse_urls_that_are_not_inboxes():
    with pytest.raises(DeliveryError, match="expected an inbox URL"):
        await Inboxes().post("http://example.test/hook", BODY, HEADERS, None, 5)
