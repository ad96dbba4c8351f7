"""Objects of one kind, in creation order, with equality indexes so a filter never scans.

A search with equality filters intersects their index sets (smallest first) and sorts only
the survivors; one without cuts the creation window out of the ordered list by bisection.
"""

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from mock.core.errors import BadInput


class Stored(Protocol):
    id: str
    created_on: datetime


T = TypeVar("T", bound=Stored)
IndexKeys = Callable[[T], Iterable[Hashable]]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_LAST = float("inf")  # sorts after every sequence number
Slot = tuple[datetime, float, str]  # (created_on, sequence, id): creation order


@dataclass(frozen=True)
class Search:
    """What to find: `equal` pairs an index name with the key every result must carry."""

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
    def __init__(self, indexes: dict[str, IndexKeys] | None = None) -> None:
        self._objects: dict[str, T] = {}
        self._order: list[Slot] = []
        self._position: dict[str, Slot] = {}
        self._index_keys: dict[str, IndexKeys] = {"id": lambda obj: [obj.id], **(indexes or {})}
        self._indexes: dict[str, dict[Hashable, set[str]]] = {
            name: defaultdict(set) for name in self._index_keys
        }
        self._filed_under: dict[str, dict[str, set[Hashable]]] = {}

    def add(self, obj: T) -> T:
        if obj.id in self._objects:
            raise KeyError(f"an object with id {obj.id} is stored already")
        self._objects[obj.id] = obj
        slot = (obj.created_on, len(self._position), obj.id)
        bisect.insort(self._order, slot)
        self._position[obj.id] = slot
        self._filed_under[obj.id] = {name: set() for name in self._index_keys}
        self.reindex(obj)
        return obj

    def reindex(self, obj: T) -> None:
        """File `obj` under its current keys; call after changing a field an index reads."""
        filed = self._filed_under[obj.id]
        for name, keys_of in self._index_keys.items():
            keys = set(keys_of(obj))
            for stale in filed[name] - keys:
                self._indexes[name][stale].discard(obj.id)
            for key in keys - filed[name]:
                self._indexes[name][key].add(obj.id)
            filed[name] = keys

    def get(self, object_id: str) -> T | None:
        return self._objects.get(object_id)

    def __len__(self) -> int:
        return len(self._objects)

    def __iter__(self) -> Iterator[T]:
        return (self._objects[slot[2]] for slot in self._order)

    def search(self, search: Search) -> Page[T]:
        slots = self._matching_slots(search)
        if search.descending:
            slots.reverse()
        chosen = slots[search.offset : search.offset + search.limit]
        return Page([self._objects[slot[2]] for slot in chosen], search.offset, search.limit, len(slots))

    def _matching_slots(self, search: Search) -> list[Slot]:
        after, before = search.created_after, search.created_before
        if not search.equal:
            start = 0 if after is None else bisect.bisect_right(self._order, (after, _LAST, ""))
            end = len(self._order) if before is None else bisect.bisect_left(self._order, (before, -1, ""))
            return self._order[start:end]
        candidates = sorted((self._indexes[name].get(key, set()) for name, key in search.equal), key=len)
        ids = set(candidates[0]).intersection(*candidates[1:])
        return sorted(
            slot
            for slot in map(self._position.__getitem__, ids)
            if (after is None or slot[0] > after) and (before is None or slot[0] < before)
        )


def search_from_arguments(
    filters: dict | None, order: dict | None, offset: int | None, limit: int | None
) -> Search:
    """The API's search arguments, the same for every service, as a store Search.

    `{"status": {"equal_to": "paid"}}` filters on the index named `status`; a list, as
    `attributes`, must match in every element ({id, equal_to}); `created_on` is a range.
    """
    equal: list[tuple[str, Hashable]] = []
    created: dict = {}
    for name, condition in (filters or {}).items():
        if condition is None:
            continue
        if name == "created_on":
            created = condition
        elif isinstance(condition, list):
            equal.extend((name, (item["id"], item["equal_to"])) for item in condition)
        elif condition.get("equal_to") is not None:
            equal.append((name, condition["equal_to"]))
    return Search(
        equal=tuple(equal),
        created_after=created.get("greater_than"),
        created_before=created.get("lesser_than"),
        descending=(order or {}).get("created_on") == "DESCENDING",
        offset=0 if offset is None else offset,  # an explicit null means the default
        limit=DEFAULT_LIMIT if limit is None else limit,
    )
