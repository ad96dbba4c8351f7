"""What happened to each PayLink and mandate, in order: their domain events, kept for the
dashboard's timelines. Their models hold only where they stand now (a paid PayLink no longer says
when it was visited); calls, messages and batches keep their own history."""

from collections import deque
from typing import Any

from .events import DomainEvent

KEPT_SERVICES = frozenset({"paylink", "mandate"})
SIZE = 10_000  # events kept per tenant: a large import's oldest objects lose their early events first

# An event as kept: DomainEvent's fields in a tuple, an empty data or details dict as None.
# A tenant keeps 10,000 of them, and the event object with its three dicts was four times this.
Record = tuple[Any, ...]


class History:
    def __init__(self, size: int = SIZE) -> None:
        self._records: deque[Record] = deque()
        # A list per object, not a deque: most objects have one or two events, and an empty
        # deque alone is 600 bytes.
        self._by_object: dict[str, list[Record]] = {}
        self._size = size
        self.dropped = 0  # events that made room for newer ones

    def record(self, event: DomainEvent) -> None:
        """For the event bus: every PayLink and mandate event, the oldest let go past the size."""
        if event.service not in KEPT_SERVICES:
            return
        record = _compact(event)
        self._records.append(record)
        self._by_object.setdefault(event.service_id, []).append(record)
        if len(self._records) > self._size:
            self._forget(self._records.popleft())

    def of(self, object_id: str) -> list[DomainEvent]:
        """The object's events still kept, oldest first."""
        return [_event(record) for record in self._by_object.get(object_id, ())]

    def _forget(self, oldest: Record) -> None:
        # The oldest event overall is the oldest of its object too.
        service_id = oldest[_SERVICE_ID]
        records = self._by_object[service_id]
        del records[0]
        if not records:
            del self._by_object[service_id]
        self.dropped += 1


_SERVICE_ID, _DATA, _DETAILS = 3, 6, 7  # where these fields lie in a Record


def _compact(event: DomainEvent) -> Record:
    # Field by field: dataclasses.astuple would deep-copy the dicts.
    return (
        event.id,
        event.name,
        event.service,
        event.service_id,
        event.reference,
        event.occurred_on,
        event.data or None,
        event.details or None,
    )


def _event(record: Record) -> DomainEvent:
    return DomainEvent(*record[:_DATA], record[_DATA] or {}, record[_DETAILS] or {})
