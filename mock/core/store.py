"""Objects of one kind, in creation order, with equality indexes so a filter never scans.

Every index key keeps its objects' slots in a sorted list (creation order), so a search with
one equality filter and a date window is two bisections and a slice, whatever the store holds.
With several filters the smallest list is walked and checked against the others.
"""

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from sortedcontainers import SortedList

from .errors import BadInput


class Stored(Protocol):
    id: str
    created_on: datetime


T = TypeVar("T", bound=Stored)
IndexKeys = Callable[[T], Iterable[Hashable]]
UniqueKey = Callable[[T], Hashable]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_LAST = float("inf")  # sorts after every sequence number
Slot = tuple[datetime, float, str]  # (created_on, sequence, id): creation order
_NONE: SortedList = SortedList()  # what an unknown key holds; never added to


@dataclass(frozen=True)
class Search:
    """What to find: `equal` pairs an index name (or 'id') with the key every result must carry."""

    equal: tuple[tuple[str, Hashable], ...] = ()
    created_after: datetime | None = None
    created_before: datetime | None = None
    descending: bool = False
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise BadInput.expected("offset", "expected 0 or more", self.offset)
        if not 0 <= self.limit <= MAX_LIMIT:
            raise BadInput.expected("limit", f"expected a number from 0 to {MAX_LIMIT}", self.limit)


@dataclass
class Page(Generic[T]):
    items: list[T]
    offset: int
    limit: int
    total: int

    @property
    def pagination(self) -> dict[str, int]:
        return {"offset": self.offset, "limit": self.limit, "total": self.total}


class IndexedStore(Generic[T]):
    def __init__(
        self, indexes: dict[str, IndexKeys] | None = None, unique: dict[str, UniqueKey] | None = None
    ) -> None:
        """`indexes` file objects under keys for searching; `unique` maps a key no two objects
        share (a short code) straight to its object, without a sorted list per key."""
        self._unique_keys: dict[str, UniqueKey] = unique or {}
        self._unique: dict[str, dict[Hashable, str]] = {name: {} for name in self._unique_keys}
        self._objects: dict[str, T] = {}
        self._slots: dict[str, Slot] = {}
        self._order: SortedList = SortedList()
        self._index_keys: dict[str, IndexKeys] = indexes or {}
        self._buckets: dict[str, dict[Hashable, SortedList]] = {name: {} for name in self._index_keys}
        self._filed_under: dict[str, dict[str, set[Hashable]]] = {}

    def add(self, obj: T) -> T:
        if obj.id in self._objects:
            raise KeyError(f"an object with id {obj.id} is stored already")
        slot = (obj.created_on, len(self._slots), obj.id)
        self._objects[obj.id] = obj
        self._slots[obj.id] = slot
        self._order.add(slot)
        self._filed_under[obj.id] = {name: set() for name in self._index_keys}
        for name, key_of in self._unique_keys.items():
            self._unique[name][key_of(obj)] = obj.id
        self.reindex(obj)
        return obj

    def reindex(self, obj: T) -> None:
        """File `obj` under its current keys; call after changing a field an index reads."""
        slot, filed = self._slots[obj.id], self._filed_under[obj.id]
        for name, keys_of in self._index_keys.items():
            keys, buckets = set(keys_of(obj)), self._buckets[name]
            for stale in filed[name] - keys:
                buckets[stale].remove(slot)
                if not buckets[stale]:
                    del buckets[stale]
            for key in keys - filed[name]:
                buckets.setdefault(key, SortedList()).add(slot)
            filed[name] = keys

    def get(self, object_id: str) -> T | None:
        return self._objects.get(object_id)

    def get_by(self, unique: str, key: Hashable) -> T | None:
        """The object whose unique key `unique` is `key`, if any."""
        object_id = self._unique[unique].get(key)
        return None if object_id is None else self._objects[object_id]

    def __len__(self) -> int:
        return len(self._objects)

    def __iter__(self) -> Iterator[T]:
        return (self._objects[slot[2]] for slot in self._order)

    def search(self, search: Search) -> Page[T]:
        matches, start, end = self._matches(search)
        if search.descending:
            high = max(start, end - search.offset)
            chosen = list(reversed(matches[max(start, high - search.limit) : high]))
        else:
            low = start + search.offset
            chosen = matches[low : max(low, min(end, low + search.limit))]
        items = [self._objects[slot[2]] for slot in chosen]
        return Page(items, search.offset, search.limit, end - start)

    def _matches(self, search: Search) -> tuple[Sequence[Slot], int, int]:
        """The matching slots in creation order, as a sequence and the span of it that matches."""
        buckets = sorted((self._bucket(name, key) for name, key in search.equal), key=len)
        first, others = (buckets[0], buckets[1:]) if buckets else (self._order, [])
        after, before = search.created_after, search.created_before
        start = 0 if after is None else first.bisect_right((after, _LAST, ""))
        end = len(first) if before is None else first.bisect_left((before, -1, ""))
        end = max(start, end)  # a window that closes before it opens holds nothing
        if not others:
            return first, start, end
        kept = [slot for slot in first.islice(start, end) if all(slot in other for other in others)]
        return kept, 0, len(kept)

    def _bucket(self, name: str, key: Hashable) -> SortedList:
        if name == "id":
            slot = self._slots.get(str(key))
            return _NONE if slot is None else SortedList([slot])
        return self._buckets[name].get(key, _NONE)
