"""The event bus: every subscriber in the order it subscribed, each only the events it names."""

from datetime import UTC, datetime

from reminders_mock.core.events import DomainEvent, EventBus

MOMENT = datetime(2024, 6, 12, 8, tzinfo=UTC)


def event(name: str) -> DomainEvent:
    return DomainEvent(f"id-{name}", name, "paylink", "p-1", "", MOMENT)


def test_subscribers_get_the_events_they_name_in_the_order_they_subscribed():
    bus, heard = EventBus(), []
    bus.subscribe(lambda e: heard.append(("all", e.name)))
    bus.subscribe(lambda e: heard.append(("created", e.name)), {"PayLinkCreated"})
    bus.subscribe(lambda e: heard.append(("paid or created", e.name)), ["PayLinkPaid", "PayLinkCreated"])

    for name in ("PayLinkCreated", "PayLinkVisited", "PayLinkPaid"):
        bus.publish(event(name))

    assert heard == [
        ("all", "PayLinkCreated"),
        ("created", "PayLinkCreated"),
        ("paid or created", "PayLinkCreated"),
        ("all", "PayLinkVisited"),
        ("all", "PayLinkPaid"),
        ("paid or created", "PayLinkPaid"),
    ]


def test_a_subscriber_added_after_an_event_gets_the_next_one_of_its_name():
    bus, heard = EventBus(), []
    bus.subscribe(lambda e: heard.append("first"), {"PayLinkPaid"})
    bus.publish(event("PayLinkPaid"))

    bus.subscribe(lambda e: heard.append("second"), {"PayLinkPaid"})
    bus.publish(event("PayLinkPaid"))

    assert heard == ["first", "first", "second"]
