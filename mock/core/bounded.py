"""A log kept for looking back at (requests, inbox deliveries): the newest entries only, and a
count of the older ones dropped, so a server left running for days stays the size it started."""

from collections import deque
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class BoundedLog(Generic[T]):
    def __init__(self, size: int) -> None:
        self._entries: deque[T] = deque(maxlen=size)
        self.dropped = 0  # shown beside the entries, so a reader knows the log starts late

    def append(self, entry: T) -> None:
        if len(self._entries) == self._entries.maxlen:
            self.dropped += 1
        self._entries.append(entry)

    def clear(self) -> int:
        """Empty the log (the drop count too); answers how many entries it held."""
        held = len(self._entries)
        self._entries.clear()
        self.dropped = 0
        return held

    def __iter__(self) -> Iterator[T]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
