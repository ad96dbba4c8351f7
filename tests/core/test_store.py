"""The indexed store: searches answer what a plain filter-and-sort over every object would."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminders_mock.core.errors import BadInput
from reminders_mock.core.store import IndexedStore, Page, Search

DAY = datetime(2024, 3, 1, tzinfo=UTC)
STATUSES = ("open", "paid", "cancelled")
ATTRIBUTE_IDS = ("reference", "group")
ATTRIBUTE_VALUES = ("x", "y", "z")


@dataclass
class Thing:
    id: str
    created_on: datetime
    status: str = "open"
    attributes: list[tuple[str, str]] = field(default_factory=list)


def new_store() -> IndexedStore[Thing]:
    return IndexedStore(
        {"status": lambda thing: [thing.status], "attributes": lambda thing: thing.attributes}
    )


def day(n: int, hours: int = 0) -> datetime:
    return DAY + timedelta(days=n, hours=hours)


def ids(page: Page[Thing]) -> list[str]:
    return [thing.id for thing in page.items]


# --- property: the store agrees with a naive search ------------------------------------

moments = st.sampled_from([day(n, hours) for n in range(3) for hours in (0, 12)])
attribute_pairs = st.tuples(st.sampled_from(ATTRIBUTE_IDS), st.sampled_from(ATTRIBUTE_VALUES))
things = st.lists(
    st.tuples(moments, st.sampled_from(STATUSES), st.lists(attribute_pairs, max_size=3)),
    max_size=60,
).map(
    lambda drawn: [
        Thing(f"thing-{n}", created_on, status, attributes)
        for n, (created_on, status, attributes) in enumerate(drawn)
    ]
)
searches = st.builds(
    Search,
    equal=st.tuples(
        st.one_of(st.none(), st.sampled_from(STATUSES)),
        st.lists(attribute_pairs, max_size=2),
    ).map(
        lambda drawn: (
            (() if drawn[0] is None else (("status", drawn[0]),))
            + tuple(("attributes", pair) for pair in drawn[1])
        )
    ),
    created_after=st.one_of(st.none(), moments, moments.map(lambda m: m + timedelta(hours=6))),
    created_before=st.one_of(st.none(), moments, moments.map(lambda m: m + timedelta(hours=6))),
    descending=st.booleans(),
    offset=st.integers(min_value=0, max_value=10),
    limit=st.integers(min_value=0, max_value=100),
)


def naive_search(inserted: list[Thing], search: Search) -> tuple[list[str], int]:
    """Every object in insertion order, filtered one by one and sorted by creation."""
    wanted_status = [key for name, key in search.equal if name == "status"]
    wanted_attributes = [key for name, key in search.equal if name == "attributes"]
    found = [
        (thing.created_on, position, thing)
        for position, thing in enumerate(inserted)
        if all(thing.status == status for status in wanted_status)
        and all(pair in thing.attributes for pair in wanted_attributes)
        and (search.created_after is None or thing.created_on > search.created_after)
        and (search.created_before is None or thing.created_on < search.created_before)
    ]
    found.sort(key=lambda entry: entry[:2], reverse=search.descending)
    chosen = found[search.offset : search.offset + search.limit]
    return [thing.id for _, _, thing in chosen], len(found)


@given(data=st.data(), objects=things)
def test_search_answers_what_a_naive_filter_and_sort_answers(data, objects):
    inserted = data.draw(st.permutations(objects), label="insertion order")
    store = new_store()
    for thing in inserted:
        store.add(thing)

    changes = data.draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=max(len(inserted) - 1, 0)),
                st.sampled_from(STATUSES),
                st.one_of(st.none(), st.lists(attribute_pairs, max_size=3)),
            ),
            max_size=10 if inserted else 0,
        ),
        label="changes",
    )
    for position, status, attributes in changes:
        thing = inserted[position]
        thing.status = status
        if attributes is not None:
            thing.attributes = attributes
        store.reindex(thing)

    for search in data.draw(st.lists(searches, min_size=1, max_size=8), label="searches"):
        page = store.search(search)
        expected_ids, expected_total = naive_search(inserted, search)
        assert (ids(page), page.total) == (expected_ids, expected_total), search
        assert (page.offset, page.limit) == (search.offset, search.limit)

    assert [thing.id for thing in store] == naive_search(inserted, Search(limit=100))[0]
    assert len(store) == len(inserted)


# --- units ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_search_refuses_a_limit_or_offset_out_of_range(arguments, named):
    with pytest.raises(BadInput) as raised:
        Search(**arguments)

    assert raised.value.code == "BAD_USER_INPUT"
    assert raised.value.field == named
    assert named in raised.value.message


def test_search_accepts_the_bounds_of_limit_and_offset():
    assert Search(limit=0).limit == 0
    assert Search(limit=100).limit == 100
    assert Search(offset=0).offset == 0


def test_adding_an_object_with_a_duplicate_id_raises_and_keeps_the_first():
    store = new_store()
    first = store.add(Thing("same", day(0), "open"))

    with pytest.raises(KeyError):
        store.add(Thing("same", day(1), "paid"))

    assert store.get("same") is first
    assert len(store) == 1
    assert ids(store.search(Search(equal=(("status", "paid"),)))) == []


def test_reindex_moves_an_object_to_its_new_status():
    store = new_store()
    thing = store.add(Thing("a", day(0), "open"))

    thing.status = "paid"
    store.reindex(thing)

    assert ids(store.search(Search(equal=(("status", "paid"),)))) == ["a"]
    assert store.search(Search(equal=(("status", "open"),))).total == 0


def test_creation_bounds_are_exclusive():
    store = new_store()
    for n in range(3):
        store.add(Thing(f"day-{n}", day(n)))

    page = store.search(Search(created_after=day(0), created_before=day(2)))

    assert ids(page) == ["day-1"]


@pytest.mark.parametrize(("after", "before"), [(day(0), day(0)), (day(1), day(0)), (day(0, 12), day(0, 6))])
@pytest.mark.parametrize("equal", [(), (("status", "open"),)])
def test_an_empty_creation_window_finds_nothing(after, before, equal):
    store = new_store()
    for n in range(3):
        store.add(Thing(f"day-{n}", day(n)))

    for descending in (False, True):
        page = store.search(
            Search(equal=equal, created_after=after, created_before=before, descending=descending)
        )
        assert (ids(page), page.total) == ([], 0)


def test_search_can_filter_on_the_id():
    store = new_store()
    for name in ["a", "b"]:
        store.add(Thing(name, day(0)))

    assert ids(store.search(Search(equal=(("id", "b"),)))) == ["b"]
    assert store.search(Search(equal=(("id", "nope"),))).total == 0


def test_descending_pages_count_the_offset_from_the_newest():
    store = new_store()
    for n in range(5):
        store.add(Thing(f"t{n}", day(0, n)))

    page = store.search(Search(descending=True, offset=1, limit=2))

    assert ids(page) == ["t3", "t2"]
    assert page.total == 5


def test_objects_created_at_the_same_moment_keep_their_insertion_order():
    store = new_store()
    for name in ["b", "a", "c"]:
        store.add(Thing(name, day(0)))

    assert ids(store.search(Search())) == ["b", "a", "c"]
    assert ids(store.search(Search(descending=True))) == ["c", "a", "b"]


def test_a_page_reports_its_pagination_and_the_total_beyond_it():
    store = new_store()
    for n in range(5):
        store.add(Thing(f"t{n}", day(0, n)))

    page = store.search(Search(offset=1, limit=2))

    assert ids(page) == ["t1", "t2"]
    assert page.pagination == {"offset": 1, "limit": 2, "total": 5}


def test_get_answers_none_for_an_unknown_id():
    assert new_store().get("nope") is None


def test_a_unique_key_finds_its_object_without_a_search():
    store = IndexedStore(unique={"code": lambda obj: obj.id.upper()})
    first, second = Thing("a", day(0)), Thing("b", day(1))
    store.add(first)
    store.add(second)

    assert store.get_by("code", "B") is second
    assert store.get_by("code", "b") is None
