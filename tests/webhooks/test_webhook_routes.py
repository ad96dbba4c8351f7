"""The control API's webhook routes: the delivery log, redelivery by hand, and the inboxes."""

from dataclasses import dataclass

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from reminders_mock.control import webhooks as routes
from reminders_mock.control.common import REGISTRY
from reminders_mock.core.errors import MockError, Unauthenticated
from reminders_mock.core.tenant import Tenant
from reminders_mock.scenario.models import WebhookSpec
from reminders_mock.webhooks.dispatcher import Dispatcher
from reminders_mock.webhooks.formats import envelope
from reminders_mock.webhooks.transport import HttpTransport, Inboxes
from tests.webhooks.helpers import closed_port, fixed_wallclock, new_tenant, paylink_event

KEY = {"X-AUTH-TOKEN": "demo-key"}


@dataclass
class World:
    tenant: Tenant
    webhooks: Dispatcher


@dataclass
class Registry:
    """Stands in for mock.registry.Registry: one world behind one key."""

    world: World

    def find(self, key: str | None) -> World | None:
        return self.world if key == KEY["X-AUTH-TOKEN"] else None

    def world_for_key(self, key: str | None) -> World:
        if self.find(key) is None:
            raise Unauthenticated("X-AUTH-TOKEN: expected the API key of a tenant")
        return self.world


@web.middleware
async def errors_as_json(request: web.Request, handler) -> web.StreamResponse:
    """What create_app's middleware does with the errors the routes raise."""
    try:
        return await handler(request)
    except MockError as error:
        body = {"error": {"code": error.code, "message": error.message}}
        return web.json_response(body, status=error.http_status)


@dataclass
class Served:
    tenant: Tenant
    webhooks: Dispatcher
    client: TestClient


@pytest.fixture
async def app(aiohttp_client) -> Served:
    """An app with the webhook routes, a tenant sending to inbox:demo and to an endpoint that is down."""
    inboxes = Inboxes(wallclock=fixed_wallclock)
    transport = HttpTransport(inboxes)
    tenant = new_tenant()
    down = WebhookSpec(url=f"http://127.0.0.1:{closed_port()}/hook", events=["PayLinkPaid"], retry="none")
    webhooks = Dispatcher(
        tenant, [WebhookSpec(url="inbox:demo"), down], transport, 1, wallclock=fixed_wallclock
    )
    application = web.Application(middlewares=[errors_as_json])
    application[REGISTRY] = Registry(World(tenant, webhooks))
    application[routes.INBOXES] = inboxes
    application[routes.TRANSPORT] = transport
    application.router.add_routes(routes.routes)
    application.on_cleanup.append(routes.close_transport)
    return Served(tenant, webhooks, await aiohttp_client(application))


async def get(client, path: str) -> tuple[int, dict]:
    response = await client.get(path, headers=KEY)
    return response.status, await response.json()


async def test_the_delivery_log_lists_deliveries_oldest_first_with_their_attempts(app):
    tenant, client = app.tenant, app.client
    visited = paylink_event(tenant, "PayLinkVisited")
    paylink_event(tenant, "PayLinkPaid")
    await tenant.clock.settle()

    status, body = await get(client, "/_mock/webhooks/deliveries")

    assert status == 200
    first = body["deliveries"][0]
    assert [(d["event"], d["status"]) for d in body["deliveries"]] == [
        ("PayLinkVisited", "delivered"),
        ("PayLinkPaid", "delivered"),
        ("PayLinkPaid", "failed"),
    ]
    assert first["eventId"] == visited.id
    assert first["body"] == envelope(visited)
    assert (first["createdOn"], first["nextAttemptOn"], first["url"]) == (
        "2024-06-12T10:00:00+00:00",
        None,
        "inbox:demo",
    )
    [attempt] = first["attempts"]
    assert attempt["on"] == attempt["sentAt"] == "2024-06-12T10:00:00+00:00"
    assert (attempt["kind"], attempt["statusCode"], attempt["answer"], attempt["error"]) == (
        "attempt",
        200,
        "received",
        None,
    )
    assert "connection refused" in body["deliveries"][2]["attempts"][0]["error"]


async def test_the_delivery_log_filters_by_event_and_status(app):
    tenant, client = app.tenant, app.client
    paylink_event(tenant, "PayLinkVisited")
    paylink_event(tenant, "PayLinkPaid")
    await tenant.clock.settle()

    _, paid = await get(client, "/_mock/webhooks/deliveries?event=PayLinkPaid")
    _, failed = await get(client, "/_mock/webhooks/deliveries?status=failed")
    _, both = await get(client, "/_mock/webhooks/deliveries?event=PayLinkVisited&status=failed")

    assert [d["event"] for d in paid["deliveries"]] == ["PayLinkPaid", "PayLinkPaid"]
    assert [d["url"].startswith("http://127.0.0.1") for d in failed["deliveries"]] == [True]
    assert both["deliveries"] == []


async def test_an_unknown_status_filter_is_refused(app):
    client = app.client

    status, body = await get(client, "/_mock/webhooks/deliveries?status=lost")

    assert status == 400
    assert body["error"]["message"] == "status: expected pending, delivered, failed or cancelled, got 'lost'"


async def test_redelivery_answers_the_delivery_with_its_new_attempt(app):
    tenant, client = app.tenant, app.client
    paylink_event(tenant, "PayLinkVisited")
    await tenant.clock.settle()
    [delivery] = app.webhooks.deliveries()

    response = await client.post(f"/_mock/webhooks/deliveries/{delivery.id}/redeliver", headers=KEY)
    body = await response.json()

    assert response.status == 200
    assert [a["kind"] for a in body["attempts"]] == ["attempt", "redelivery"]
    assert body["status"] == "delivered"


async def test_redelivering_an_unknown_delivery_is_not_found(app):
    client = app.client

    response = await client.post("/_mock/webhooks/deliveries/nope/redeliver", headers=KEY)

    assert response.status == 404
    assert (await response.json())["error"]["code"] == "NOT_FOUND"


async def test_an_inbox_is_the_tenants_own(app):
    response = await app.client.get("/_mock/inbox/demo")

    assert response.status == 401


async def test_the_delivery_log_needs_a_tenants_key(app):
    client = app.client

    response = await client.get("/_mock/webhooks/deliveries")

    assert response.status == 401


async def test_an_inbox_shows_what_it_received_and_can_be_emptied(app):
    tenant, client = app.tenant, app.client
    event = paylink_event(tenant, "PayLinkVisited")
    await tenant.clock.settle()

    _, inbox = await get(client, "/_mock/inbox/demo")
    deleted = await (await client.delete("/_mock/inbox/demo", headers=KEY)).json()
    _, emptied = await get(client, "/_mock/inbox/demo")

    [received] = inbox["requests"]
    assert received["body"] == envelope(event)
    assert received["receivedAt"] == "2024-06-12T10:00:00+00:00"
    assert received["headers"]["Content-Type"] == "application/json"
    assert deleted == {"name": "demo", "deleted": 1}
    assert (emptied["name"], emptied["requests"], emptied["total"], emptied["dropped"]) == ("demo", [], 0, 0)
