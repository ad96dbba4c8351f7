"""The live feed: numbered messages, a bounded history to catch up from, and listeners that fall
too far behind let go rather than held in memory without end."""

from reminders_mock.core import feed as feeds
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
