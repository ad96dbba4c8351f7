"""A tenant's live feed: every domain event and webhook attempt as a numbered message, kept for a
while so a listener that reconnects can catch up, and handed to every listener as it happens
(GET /_mock/events, the CLI's `listen`, the dashboard)."""

import asyncio
import itertools
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

from pydantic.alias_generators import to_camel

from .events import DomainEvent
from .values import format_datetime

# The event as the feed shows it: all but `details`, which only the legacy voice body reads.
# Each with its name in the API's words, worked out once: to_camel on every key of every event
# was a sixth of what an import cost.
SHOWN = [(field.name, to_camel(field.name)) for field in fields(DomainEvent) if field.name != "details"]
HISTORY = 1000  # messages kept for a listener that asks for what it missed
BACKLOG = 10_000  # messages a listener may fall behind by before it is let go (it can reconnect)


@dataclass(frozen=True)
class Message:
    id: int
    kind: str  # "domain" or "delivery": the SSE event name
    data: dict[str, Any]


class Listener:
    """One listener's queue; iterating it yields messages until the feed closes or lets it go."""

    def __init__(self) -> None:
        # Unbounded, so the end marker always gets in; `offer` keeps it to BACKLOG messages.
        self._queue: asyncio.Queue[Message | None] = asyncio.Queue()

    def offer(self, message: Message) -> bool:
        """False when the listener has fallen too far behind and is let go: it keeps what it has
        and can reconnect from its last message."""
        if self._queue.qsize() >= BACKLOG:
            self.end()
            return False
        self._queue.put_nowait(message)
        return True

    def end(self) -> None:
        self._queue.put_nowait(None)

    async def __aiter__(self) -> AsyncIterator[Message]:
        while (message := await self._queue.get()) is not None:
            yield message


# What the history keeps: a message as published, or a domain event with its number, written
# out as a message only if a listener asks for it.
Kept = Message | tuple[int, DomainEvent]


class Feed:
    """Outlives the tenant's world: a reset or a restore builds a new world on the same feed, so a
    listener keeps listening across them."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self._history: deque[Kept] = deque(maxlen=HISTORY)
        self._listeners: list[Listener] = []

    @property
    def listeners(self) -> int:
        """How many listeners the feed has now."""
        return len(self._listeners)

    def publish(self, kind: str, data: dict[str, Any]) -> None:
        message = Message(next(self._numbers), kind, data)
        self._history.append(message)
        self._offer(message)

    def domain_event(self, event: DomainEvent) -> None:
        """For the event bus: one message per domain event, in the API's words, written out when a
        listener takes it. Most are never read (nobody listens, and the history keeps the last
        thousand): writing one out costs about 3 µs, and an imported record has four."""
        number = next(self._numbers)
        self._history.append((number, event))  # events are not changed once published
        if self._listeners:
            self._offer(_domain_message(number, event))

    @contextmanager
    def listening(self, since: int | None = None) -> Iterator[Listener]:
        """A listener for as long as the block lasts, first given what it missed after message
        `since` (as far as the history goes back)."""
        listener = Listener()
        if since is not None:
            for kept in self._history:
                message = kept if isinstance(kept, Message) else _domain_message(*kept)
                if message.id > since:
                    listener.offer(message)
        self._listeners.append(listener)
        try:
            yield listener
        finally:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _offer(self, message: Message) -> None:
        self._listeners = [listener for listener in self._listeners if listener.offer(message)]

    def close(self) -> None:
        """Ends every listener: the server is stopping."""
        for listener in self._listeners:
            listener.end()
        self._listeners = []


def _domain_message(number: int, event: DomainEvent) -> Message:
    # Field by field rather than dataclasses.asdict, whose deep copy of `data` would cost an
    # import of thousands of records more than the rest of its work.
    data = {shown: getattr(event, name) for name, shown in SHOWN}
    data["occurredOn"] = format_datetime(event.occurred_on)  # in its place among the keys
    return Message(number, "domain", data)
