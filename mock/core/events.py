"""Domain events and the bus that hands them to subscribers.

Every state change of a domain object is published as one event; subscribers (the webhook
dispatcher, the rules, the request journal, the dashboard) react. Services never call a
subscriber themselves, and resolvers never send webhooks.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DomainEvent:
    """One thing that happened, in the platform's own words.

    `name` is the webhook event name (PayLinkPaid), `service` the platform service
    (paylink, mandate, voice), `service_id` the object's id, `reference` the record
    reference it came from ('' for objects made through the API).
    """

    id: str
    name: str
    service: str
    service_id: str
    reference: str
    occurred_on: datetime
    data: dict[str, Any] = field(default_factory=dict)
    # What other bodies than the envelope need (the legacy voice body's attributes and dates);
    # never part of the envelope.
    details: dict[str, Any] = field(default_factory=dict)


Subscriber = Callable[[DomainEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, event: DomainEvent) -> None:
        for subscriber in self._subscribers:
            subscriber(event)
