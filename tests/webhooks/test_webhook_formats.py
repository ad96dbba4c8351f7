"""The bodies webhooks go out in: the documented envelope, and which events are sent at all."""

from datetime import UTC, datetime

from reminders_mock.core.events import DomainEvent
from reminders_mock.webhooks import formats

# "Example Paid" from the documentation's PayLink webhook section, verbatim.
DOCUMENTED_PAID = {
    "datetime": "2022-11-11T11:11:11.11Z",
    "id": "f3e445ce-75ee-4c94-9d6d-370949664fd7",
    "reference": "",
    "serviceId": "adbc180b-a494-477f-958d-9f0b050a09c3",
    "service": "paylink",
    "event": "PayLinkPaid",
    "data": {"payment-method": "ideal", "transaction-amount": 114},
}
# The documentation's field table, in its order (the voice example follows it too).
DOCUMENTED_FIELDS = ["datetime", "id", "serviceId", "service", "reference", "event", "data"]

PAID = DomainEvent(
    id="f3e445ce-75ee-4c94-9d6d-370949664fd7",
    name="PayLinkPaid",
    service="paylink",
    service_id="adbc180b-a494-477f-958d-9f0b050a09c3",
    reference="",
    occurred_on=datetime(2022, 11, 11, 11, 11, 11, 110000, tzinfo=UTC),
    data={"payment-method": "ideal", "transaction-amount": 114},
)


def test_paylink_paid_envelope_has_the_documented_keys_in_the_documented_order():
    body = formats.envelope(PAID)

    assert list(body) == DOCUMENTED_FIELDS
    assert set(body) == set(DOCUMENTED_PAID)


def test_paylink_paid_envelope_matches_the_documented_example_with_our_date_format():
    body = formats.envelope(PAID)

    assert {k: type(v) for k, v in body.items()} == {k: type(v) for k, v in DOCUMENTED_PAID.items()}
    # Every date the mock writes is RFC 3339 in whole seconds with a numeric offset.
    assert body == {**DOCUMENTED_PAID, "datetime": "2022-11-11T11:11:11+00:00"}


def test_envelope_gives_an_empty_reference_for_objects_made_through_the_api():
    event = DomainEvent("e", "PayLinkVisited", "paylink", "p", None, PAID.occurred_on, {})

    assert formats.envelope(event)["reference"] == ""


def test_envelope_writes_the_event_time_in_utc():
    local = datetime.fromisoformat("2024-06-12T12:00:00+02:00")
    event = DomainEvent("e", "PayLinkPaid", "paylink", "p", "r-1", local, {})

    assert formats.envelope(event)["datetime"] == "2024-06-12T10:00:00+00:00"


def test_only_the_documented_events_are_webhook_events():
    assert "PayLinkPaid" in formats.WEBHOOK_EVENTS
    assert "VoiceCallCompleted" in formats.WEBHOOK_EVENTS
    assert "PayLinkCreated" not in formats.WEBHOOK_EVENTS


def test_legacy_format_falls_back_to_the_envelope_for_events_without_a_legacy_body():
    assert formats.body(PAID, "legacy") == formats.envelope(PAID)


def test_legacy_format_uses_the_formatter_registered_for_the_event(monkeypatch):
    monkeypatch.setitem(formats.LEGACY_FORMATTERS, "PayLinkPaid", lambda event: {"id": event.id})

    assert formats.body(PAID, "legacy") == {"id": PAID.id}
    assert formats.body(PAID, "envelope") == formats.envelope(PAID)
