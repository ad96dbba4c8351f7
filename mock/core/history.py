"""What happened to each PayLink and mandate, in order: their domain events, kept for the
dashboard's timelines. Their models hold only where they stand now (a paid PayLink no longer says
when it was visited); calls, messages and batches keep their own history."""

from collections import deque
from datetime import datetime
from typing import Any, NamedTuple

from .events import DomainEvent

KEPT_SERVICES = frozenset({"paylink", "mandate"})
SIZE = 10_000  # events kept per tenant: a large import's oldest objects lose their early events first


class Record(NamedTuple):
    """An event as kept: DomainEvent's fields in a tuple, an empty data or details dict as None.
    A tenant keeps 10,000 of them, and the event object with its three dicts was four times this."""

    id: str
    name: str
    service: str
    service_id: str
    reference: str
    occurred_on: datetime
    data: dict[str, Any] | None
    details: dict[str, Any] | None


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
        records = self._by_object[oldest.service_id]
        del records[0]
        if not records:
            del self._by_object[oldest.service_id]
        self.dropped += 1


def _compact(event: DomainEvent) -> Record:
    # Field by field: dataclasses.astuple would deep-copy the dicts.
    return Record(
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
    return DomainEvent(*record[:-2], record.data or {}, record.details or {})
