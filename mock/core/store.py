"""Objects of one kind, in creation order, with equality indexes so a filter never scans.

Every object has a position: its place in creation order (created_on, then insertion). Every
index key keeps the positions of its objects as a roaring bitmap (pyroaring), so several
filters intersect in microseconds, a date window is two bisections, the total is a count, and
a page is read by rank without materialising the matches. A key held by one object alone (a
record reference) keeps its position as a plain int: a bitmap would cost a few hundred bytes.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from operator import attrgetter
from typing import Generic, Protocol, TypeVar

from pyroaring import BitMap

from .errors import BadInput


class Stored(Protocol):
    id: str
    created_on: datetime


T = TypeVar("T", bound=Stored)
IndexKeys = Callable[[T], Iterable[Hashable]]
UniqueKey = Callable[[T], Hashable]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
Bucket = int | BitMap  # the positions filed under one key: one alone, or a bitmap of several
_created_on = attrgetter("created_on")


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
        share (a short code) straight to its object."""
        self._unique_keys: dict[str, UniqueKey] = unique or {}
        self._unique: dict[str, dict[Hashable, T]] = {name: {} for name in self._unique_keys}
        self._index_keys: dict[str, IndexKeys] = indexes or {}
        self._buckets: dict[str, dict[Hashable, Bucket]] = {name: {} for name in self._index_keys}
        self._in_order: list[T] = []  # by position
        self._position: dict[str, int] = {}  # by id
        # Per index, per position: the keys the object is filed under, what reindex unfiles.
        self._filed: list[list[tuple[Hashable, ...]]] = [[] for _ in self._index_keys]

    def add(self, obj: T) -> T:
        if obj.id in self._position:
            raise KeyError(f"an object with id {obj.id} is stored already")
        position = self._place_of(obj.created_on)
        self._make_room(position)
        self._in_order.insert(position, obj)
        keys = self._keys_of(obj)
        for filed, its_keys in zip(self._filed, keys, strict=True):
            filed.insert(position, its_keys)
        self._file(position, keys)
        self._position[obj.id] = position
        for name, key_of in self._unique_keys.items():
            self._unique[name][key_of(obj)] = obj
        return obj

    def _place_of(self, created_on: datetime) -> int:
        """After every object created at the same moment or before: those keep their insertion
        order. Objects come in creation order, so the end, without a bisection, is the rule."""
        in_order = self._in_order
        if not in_order or in_order[-1].created_on <= created_on:
            return len(in_order)
        return bisect_right(in_order, created_on, key=_created_on)

    def _make_room(self, position: int) -> None:
        """Move every object from `position` on one place up, the newest first. Objects come in
        creation order (the clock only moves forward), so this runs for the few that do not:
        fixtures, or objects dated before others."""
        for moving in range(len(self._in_order) - 1, position - 1, -1):
            filed = self._filed_at(moving)
            self._unfile(moving, filed)
            self._file(moving + 1, filed)
            self._position[self._in_order[moving].id] = moving + 1

    def reindex(self, obj: T) -> None:
        """File `obj` under its current keys; call after changing a field an index reads."""
        position = self._position[obj.id]
        old, new = self._filed_at(position), self._keys_of(obj)
        if new != old:
            self._unfile(position, old)
            self._file(position, new)
            for filed, keys in zip(self._filed, new, strict=True):
                filed[position] = keys

    def _keys_of(self, obj: T) -> list[tuple[Hashable, ...]]:
        # tuple() of a tuple is the tuple itself: keys an object holds anyway are not copied.
        return [tuple(keys_of(obj)) for keys_of in self._index_keys.values()]

    def _filed_at(self, position: int) -> list[tuple[Hashable, ...]]:
        return [filed[position] for filed in self._filed]

    # A key may come twice in one object's keys: filing and unfiling it again change nothing.

    def _file(self, position: int, filed: list[tuple[Hashable, ...]]) -> None:
        for buckets, keys in zip(self._buckets.values(), filed, strict=True):
            for key in keys:
                bucket = buckets.get(key)
                if bucket is None:
                    buckets[key] = position
                elif isinstance(bucket, BitMap):
                    bucket.add(position)
                elif bucket != position:
                    buckets[key] = BitMap((bucket, position))

    def _unfile(self, position: int, filed: list[tuple[Hashable, ...]]) -> None:
        for buckets, keys in zip(self._buckets.values(), filed, strict=True):
            for key in keys:
                bucket = buckets.get(key)
                if isinstance(bucket, BitMap):
                    bucket.discard(position)
                    if len(bucket) == 1:  # back to a plain int: most keys of the kind are alone
                        buckets[key] = bucket.min()
                elif bucket == position:
                    del buckets[key]

    def get(self, object_id: str) -> T | None:
        position = self._position.get(object_id)
        return None if position is None else self._in_order[position]

    def get_by(self, unique: str, key: Hashable) -> T | None:
        """The object whose unique key `unique` is `key`, if any."""
        return self._unique[unique].get(key)

    def __len__(self) -> int:
        return len(self._in_order)

    def __iter__(self) -> Iterator[T]:
        return iter(self._in_order)

    def search(self, search: Search) -> Page[T]:
        low, high = self._window(search)
        matches = self._matches(search.equal)
        if matches is None:  # no filter: every position of the window matches
            total = high - low
            first = low + self._first_rank(search, total)
            chosen: Iterable[int] = range(first, first + self._count(search, total))
        else:
            before = matches.rank(low - 1) if low else 0  # the matches created before the window
            total = matches.range_cardinality(low, high)
            chosen = self._read(matches, before + self._first_rank(search, total), self._count(search, total))
        items = [self._in_order[position] for position in chosen]
        return Page(items[::-1] if search.descending else items, search.offset, search.limit, total)

    def _window(self, search: Search) -> tuple[int, int]:
        """The positions created strictly after `created_after` and before `created_before`."""
        after, before = search.created_after, search.created_before
        low = 0 if after is None else bisect_right(self._in_order, after, key=_created_on)
        high = len(self._in_order) if before is None else bisect_left(self._in_order, before, key=_created_on)
        return low, max(low, high)  # a window that closes before it opens holds nothing

    def _matches(self, equal: tuple[tuple[str, Hashable], ...]) -> BitMap | None:
        """The positions filed under every key asked for; None when nothing was asked."""
        if not equal:
            return None
        buckets = sorted((self._bucket(name, key) for name, key in equal), key=len)
        return buckets[0] if len(buckets) == 1 else BitMap.intersection(*buckets)

    def _bucket(self, name: str, key: Hashable) -> BitMap:
        found = self._position.get(str(key)) if name == "id" else self._buckets[name].get(key)
        if found is None:
            return BitMap()
        return BitMap((found,)) if isinstance(found, int) else found

    @staticmethod
    def _first_rank(search: Search, total: int) -> int:
        """The rank among the matches (oldest first) of the page's oldest item."""
        if search.descending:
            return max(0, total - search.offset - search.limit)
        return min(search.offset, total)

    @staticmethod
    def _count(search: Search, total: int) -> int:
        """How many items the page holds."""
        return max(0, min(search.limit, total - search.offset))

    @staticmethod
    def _read(matches: BitMap, rank: int, count: int) -> Iterable[int]:
        """`count` matches from the one of rank `rank` on, without reading those before it."""
        if count == 0:
            return ()
        return islice(matches.iter_equal_or_larger(matches[rank]), count)
