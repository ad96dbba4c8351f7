"""What happened to each PayLink and mandate, in order: their domain events, kept for the
dashboard's timelines. Their models hold only where they stand now (a paid PayLink no longer says
when it was visited); calls, messages and batches keep their own history."""

from collections import deque

from .events import DomainEvent

KEPT_SERVICES = frozenset({"paylink", "mandate"})
SIZE = 10_000  # events kept per tenant: a large import's oldest objects lose their early events first


class History:
    def __init__(self, size: int = SIZE) -> None:
        self._events: deque[DomainEvent] = deque()
        self._by_object: dict[str, deque[DomainEvent]] = {}
        self._size = size
        self.dropped = 0  # events that made room for newer ones

    def record(self, event: DomainEvent) -> None:
        """For the event bus: every PayLink and mandate event, the oldest let go past the size."""
        if event.service not in KEPT_SERVICES:
            return
        self._events.append(event)
        self._by_object.setdefault(event.service_id, deque()).append(event)
        if len(self._events) > self._size:
            self._forget(self._events.popleft())

    def of(self, object_id: str) -> list[DomainEvent]:
        """The object's events still kept, oldest first."""
        return list(self._by_object.get(object_id, ()))

    def _forget(self, oldest: DomainEvent) -> None:
        # The oldest event overall is the oldest of its object too.
        events = self._by_object[oldest.service_id]
        events.popleft()
        if not events:
            del self._by_object[oldest.service_id]
        self.dropped += 1
