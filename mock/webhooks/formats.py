"""Which domain events leave the platform as webhooks, and the JSON body each is sent in."""

import json
from collections.abc import Callable
from typing import Any

from ..core import vocabulary
from ..core.events import DomainEvent
from ..core.values import format_datetime

# The webhook events, documented and extensions; every other domain event (PayLinkCreated...)
# stays internal.
WEBHOOK_EVENTS: frozenset[str] = frozenset(vocabulary.WEBHOOK_EVENTS)

# Events whose `id` identifies their object rather than the event: the documentation's
# VoiceCallCompleted table says "Identifying the call", and its example has `id` equal to
# `serviceId`. A call completes once, so that id still names one webhook.
IDENTIFIED_BY_OBJECT = frozenset({"VoiceCallCompleted"})

Formatter = Callable[[DomainEvent], dict[str, Any]]


def events_table() -> dict[str, Any]:
    """The webhook part of GET /_mock/magic: the events, and what an endpoint gets by default."""
    return {
        "documented": list(vocabulary.DOCUMENTED_WEBHOOK_EVENTS),
        "extensions": list(vocabulary.EXTENSION_WEBHOOK_EVENTS),
        "defaultEvents": {format: list(names) for format, names in vocabulary.DEFAULT_WEBHOOK_EVENTS.items()},
    }


def envelope(event: DomainEvent) -> dict[str, Any]:
    """The documented envelope, keys in the order of the documentation's field table."""
    return {
        "datetime": format_datetime(event.occurred_on),
        "id": webhook_id(event),
        "serviceId": event.service_id,
        "service": event.service,
        "reference": event.reference or "",
        "event": event.name,
        "data": event.data,
    }


def webhook_id(event: DomainEvent) -> str:
    """The `id` a receiver sees in the body, and so the identity it deduplicates on."""
    return event.service_id if event.name in IDENTIFIED_BY_OBJECT else event.id


def legacy_voice_call(event: DomainEvent) -> dict[str, Any]:
    """The voice V1 body ("Call completed Legacy format"), keys in the documented examples' order;
    attributes and dates come with the event's details, answeredOn only for an answered call."""
    data, details = event.data, event.details
    legacy = {
        "id": event.service_id,
        "attributes": details["attributes"],
        **{key: data[key] for key in ("direction", "status", "localNumber", "remoteNumber", "events")},
        "createdOn": details["createdOn"],
        "updatedOn": details["updatedOn"],
    }
    if "answeredOn" in data:
        legacy["answeredOn"] = data["answeredOn"]
    return legacy


# The `legacy` format: formatters by event name. An event with no legacy formatter goes out in
# the envelope, to a legacy endpoint whose `events` asks for it.
LEGACY_FORMATTERS: dict[str, Formatter] = {"VoiceCallCompleted": legacy_voice_call}


def body(event: DomainEvent, format: str) -> dict[str, Any]:
    """The body `event` is sent in to an endpoint of `format` ('envelope' or 'legacy')."""
    if format == "legacy" and event.name in LEGACY_FORMATTERS:
        return LEGACY_FORMATTERS[event.name](event)
    return envelope(event)


def compact(body: dict[str, Any]) -> bytes:
    """JSON without spaces, as providers such as CALLR send it: a receiver's HMAC is over these bytes."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def with_try(stored: bytes, tries: int) -> bytes:
    """A push's body for its try number `tries` (0 for the first): the stored body with `try`
    set, keys kept in alphabetical order as CALLR's Webhook.Event lists them."""
    event = {**json.loads(stored), "try": tries}
    return compact(dict(sorted(event.items())))
