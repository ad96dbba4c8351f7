"""The live feed: numbered messages, a bounded history to catch up from, and listeners that fall
too far behind let go rather than held in memory without end."""

from datetime import UTC, datetime, timedelta, timezone

from reminders_mock.core import feed as feeds
from reminders_mock.core.events import DomainEvent
from reminders_mock.core.feed import Feed


async def drained(listener) -> list[int]:
    """The numbers of what a listener holds, up to the end of its stream."""
    return [message.id async for message in listener]


async def test_a_listener_catches_up_from_the_history_but_no_further_back_than_it_goes():
    feed = Feed()
    for n in range(feeds.HISTORY + 5):
        feed.publish("domain", {"n": n})
    with feed.listening(since=0) as listener:
        feed.close()
        got = await drained(listener)
    assert got == list(range(6, feeds.HISTORY + 6))


async def test_a_listener_without_since_hears_only_what_comes_after_it_joined():
    feed = Feed()
    feed.publish("domain", {})
    with feed.listening() as listener:
        feed.publish("delivery", {"attempt": 1})
        feed.close()
        assert await drained(listener) == [2]


async def test_a_listener_that_falls_too_far_behind_is_let_go(monkeypatch):
    monkeypatch.setattr(feeds, "BACKLOG", 3)
    feed = Feed()
    with feed.listening() as slow:
        for _ in range(5):
            feed.publish("domain", {})
        with feed.listening() as fresh:
            feed.publish("domain", {})
            feed.close()
            assert await drained(fresh) == [6]
        assert await drained(slow) == [1, 2, 3]  # let go at the fourth, with nothing it held lost


async def test_a_domain_event_is_shown_in_the_api_s_words_with_its_date_in_rfc_3339():
    feed = Feed()
    when = datetime(2019, 2, 5, 10, 57, 14, 500, tzinfo=timezone(timedelta(hours=1)))
    event = DomainEvent("e-1", "PayLinkPaid", "paylink", "p-1", "ref-1", when, {"amount": 5}, {"x": 1})
    with feed.listening() as listener:
        feed.domain_event(event)
        feed.close()
        [message] = [message async for message in listener]
    assert message.kind == "domain"
    assert list(message.data.items()) == [
        ("id", "e-1"),
        ("name", "PayLinkPaid"),
        ("service", "paylink"),
        ("serviceId", "p-1"),
        ("reference", "ref-1"),
        ("occurredOn", "2019-02-05T09:57:14+00:00"),
        ("data", {"amount": 5}),
    ]


async def test_a_domain_event_caught_up_from_the_history_reads_as_it_did_when_it_was_published():
    feed = Feed()
    when = datetime(2024, 6, 12, 10, 0, tzinfo=UTC)
    event = DomainEvent("e-1", "PayLinkCreated", "paylink", "p-1", "", when, {})
    with feed.listening() as there:
        feed.domain_event(event)
        there.end()
    feed.publish("delivery", {"attempt": 1})
    with feed.listening(since=0) as later:
        feed.close()
        caught_up = [message async for message in later]
    [heard] = [message async for message in there]
    assert caught_up == [heard, feeds.Message(2, "delivery", {"attempt": 1})]
