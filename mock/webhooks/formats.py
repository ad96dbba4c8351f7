"""Which domain events leave the platform as webhooks, and the JSON body each is sent in."""

from collections.abc import Callable
from typing import Any

from ..core.events import DomainEvent
from ..core.values import format_datetime

# The documented webhook events; every other domain event (PayLinkCreated...) stays internal.
WEBHOOK_EVENTS: frozenset[str] = frozenset(
    {
        "PayLinkVisited",
        "PayLinkPaid",
        "PayLinkCancelled",
        "PayLinkFailed",
        "PayLinkExpired",
        "MandateStatusChanged",
        "VoiceCallCompleted",
    }
)

Formatter = Callable[[DomainEvent], dict[str, Any]]


def envelope(event: DomainEvent) -> dict[str, Any]:
    """The documented envelope, keys in the order of the documentation's field table."""
    return {
        "datetime": format_datetime(event.occurred_on),
        "id": event.id,
        "serviceId": event.service_id,
        "service": event.service,
        "reference": event.reference or "",
        "event": event.name,
        "data": event.data,
    }


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
# the envelope, so an endpoint set to `legacy` still hears of every event.
LEGACY_FORMATTERS: dict[str, Formatter] = {"VoiceCallCompleted": legacy_voice_call}


def body(event: DomainEvent, format: str) -> dict[str, Any]:
    """The body `event` is sent in to an endpoint of `format` ('envelope' or 'legacy')."""
    if format == "legacy" and event.name in LEGACY_FORMATTERS:
        return LEGACY_FORMATTERS[event.name](event)
    return envelope(event)
