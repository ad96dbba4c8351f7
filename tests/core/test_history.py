"""A tenant's history of PayLink and mandate events: by object, oldest first, bounded."""

from datetime import UTC, datetime

from reminders_mock.core.events import DomainEvent
from reminders_mock.core.history import History

MOMENT = datetime(2024, 6, 12, 8, tzinfo=UTC)


def event(number: int, service: str = "paylink", object_id: str = "link-1") -> DomainEvent:
    return DomainEvent(f"e{number}", f"Event{number}", service, object_id, "", MOMENT)


def test_an_objects_events_come_back_in_order_and_only_its_own():
    history = History()
    for number, object_id in enumerate(["link-1", "link-2", "link-1"]):
        history.record(event(number, object_id=object_id))

    assert [e.id for e in history.of("link-1")] == ["e0", "e2"]
    assert history.of("unknown") == []


def test_only_paylink_and_mandate_events_are_kept():
    """Calls, messages and records keep their own history; a large import must not push out links."""
    history = History()
    for number, service in enumerate(["paylink", "mandate", "import", "voice", "mail"]):
        history.record(event(number, service, object_id=service))

    assert [bool(history.of(service)) for service in ("paylink", "mandate", "import", "voice", "mail")] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_past_its_size_the_oldest_events_make_room_and_are_counted():
    history = History(size=3)
    for number in range(5):
        history.record(event(number, object_id=f"link-{number % 2}"))

    assert [e.id for e in history.of("link-0")] == ["e2", "e4"]
    assert [e.id for e in history.of("link-1")] == ["e3"]
    assert history.dropped == 2


def test_an_event_comes_back_with_its_data_and_details():
    """Kept compactly, an event still reads as the one recorded, empty dicts included."""
    history = History()
    created = event(0)
    paid = DomainEvent(
        "e1", "PayLinkPaid", "paylink", "link-1", "ref-1", MOMENT, {"transaction-amount": 500}, {"a": 1}
    )
    history.record(created)
    history.record(paid)

    assert history.of("link-1") == [created, paid]
