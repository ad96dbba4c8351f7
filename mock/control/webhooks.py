"""Control API, webhooks: a tenant's delivery log, redelivery by hand, and the inboxes."""

import json
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Annotated, Any

from aiohttp import web
from pydantic import AfterValidator

from ..core.masks import masked
from ..core.values import format_datetime
from ..webhooks.deliveries import Attempt, Delivery, DeliveryStatus
from ..webhooks.dispatcher import Dispatcher
from ..webhooks.formats import WEBHOOK_EVENTS
from ..webhooks.transport import HttpTransport, Inboxes, Received, inbox_name
from .common import PageQuery, page, query_of, world_of, world_of_reader

INBOXES = web.AppKey("webhook_inboxes", Inboxes)
TRANSPORT = web.AppKey("webhook_transport", HttpTransport)

routes = web.RouteTableDef()


def _one_of(names: Collection[str], in_words: str) -> AfterValidator:
    """A query parameter that takes one of a few names, refused in words a reader can act on."""

    def check(name: str) -> str:
        if name not in names:
            raise ValueError(f"expected {in_words}")
        return name

    return AfterValidator(check)


_STATUS = _one_of(DeliveryStatus.__members__, "pending, delivered, failed or cancelled")
_EVENT = _one_of(WEBHOOK_EVENTS, f"one of {', '.join(sorted(WEBHOOK_EVENTS))}")


class DeliveriesQuery(PageQuery):
    status: Annotated[str, _STATUS] | None = None
    event: Annotated[str, _EVENT] | None = None


@routes.get("/_mock/webhooks/deliveries")
async def deliveries(request: web.Request) -> web.Response:
    query, dispatcher = query_of(request, DeliveriesQuery), _dispatcher(request)
    shown, paging = page(dispatcher.deliveries(event=query.event, status=query.status), query)
    answer = {"deliveries": [delivery_json(d) for d in shown], **paging, "dropped": dispatcher.dropped}
    return web.json_response(answer)


@routes.post("/_mock/webhooks/deliveries/{id}/redeliver")
async def redeliver(request: web.Request) -> web.Response:
    delivery = await _dispatcher(request).redeliver(request.match_info["id"])
    return web.json_response(delivery_json(delivery))


class InboxQuery(PageQuery):
    # A link opened in a browser (the dashboard's "as JSON") cannot send headers: it names the
    # tenant by its key in the query, as the live feed's EventSource does.
    key: str | None = None


@routes.get("/_mock/inbox/{name}")
async def inbox(request: web.Request) -> web.Response:
    """What the tenant's `inbox:NAME` endpoint received, oldest first."""
    name, inboxes, query = request.match_info["name"], request.app[INBOXES], query_of(request, InboxQuery)
    held = inbox_name(world_of_reader(request, query.key).tenant.customer, name)
    shown, paging = page(inboxes.received(held), query)
    answer = {"name": name, "requests": [_received_json(r) for r in shown], **paging}
    return web.json_response({**answer, "dropped": inboxes.dropped(held)})


@routes.delete("/_mock/inbox/{name}")
async def clear_inbox(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    return web.json_response(
        {"name": name, "deleted": request.app[INBOXES].clear(_tenant_inbox(request, name))}
    )


async def close_transport(app: web.Application) -> None:
    """For `app.on_cleanup`: the transport's HTTP session ends with the app."""
    await app[TRANSPORT].close()


def delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "eventId": delivery.event_id,
        "event": delivery.event,
        "endpoint": delivery.endpoint,
        "url": masked(delivery.url),
        "status": delivery.status,
        "createdOn": format_datetime(delivery.created_on),
        "nextAttemptOn": format_datetime(delivery.next_attempt_on) if delivery.next_attempt_on else None,
        "body": json.loads(delivery.body),
        "attempts": [_attempt_json(a) for a in delivery.attempts],
    }


def _attempt_json(attempt: Attempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "kind": attempt.kind,
        "on": format_datetime(attempt.on),
        "sentAt": _real_time(attempt.sent_at),
        "url": masked(attempt.url),
        "statusCode": attempt.status,
        "latencyMs": attempt.latency_ms,
        "answer": attempt.answer,
        "error": attempt.error,
        "retryAfter": attempt.retry_after,
    }


def _received_json(received: Received) -> dict[str, Any]:
    return {"receivedAt": _real_time(received.at), "headers": received.headers, "body": received.body}


def _real_time(seconds: float) -> str:
    return format_datetime(datetime.fromtimestamp(seconds, UTC))


def _dispatcher(request: web.Request) -> Dispatcher:
    return world_of(request).webhooks


def _tenant_inbox(request: web.Request, name: str) -> str:
    return inbox_name(world_of(request).tenant.customer, name)
