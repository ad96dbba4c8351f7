"""The GraphQL API's search arguments, read into the store's Search the same way for every service."""

from datetime import UTC, datetime, timedelta

import pytest

from reminders_mock.core.errors import BadInput
from reminders_mock.core.store import DEFAULT_LIMIT, Search
from reminders_mock.search_arguments import search_from_arguments


def day(n: int) -> datetime:
    return datetime(2024, 6, 1, tzinfo=UTC) + timedelta(days=n)


def test_search_from_arguments_maps_a_status_equality():
    search = search_from_arguments({"status": {"equal_to": "paid"}}, None, None, None)

    assert search.equal == (("status", "paid"),)


def test_search_from_arguments_maps_attribute_pairs():
    search = search_from_arguments(
        {"attributes": [{"id": "reference", "equal_to": "x"}, {"id": "group", "equal_to": "y"}]},
        None,
        None,
        None,
    )

    assert search.equal == (("attributes", ("reference", "x")), ("attributes", ("group", "y")))


def test_search_from_arguments_maps_a_creation_range():
    after, before = day(0), day(2)

    search = search_from_arguments(
        {"created_on": {"greater_than": after, "lesser_than": before}}, None, None, None
    )

    assert (search.created_after, search.created_before) == (after, before)
    assert search.equal == ()


def test_search_from_arguments_maps_a_descending_order():
    assert search_from_arguments(None, {"created_on": "DESCENDING"}, None, None).descending
    assert not search_from_arguments(None, {"created_on": "ASCENDING"}, None, None).descending
    assert not search_from_arguments(None, None, None, None).descending


def test_search_from_arguments_ignores_null_filters():
    search = search_from_arguments(
        {"status": None, "attributes": None, "created_on": None, "reference": {"equal_to": None}},
        None,
        None,
        None,
    )

    assert search == Search()


def test_search_from_arguments_turns_null_offset_and_limit_into_the_defaults():
    search = search_from_arguments(None, None, None, None)

    assert (search.offset, search.limit) == (0, DEFAULT_LIMIT)
    assert DEFAULT_LIMIT == 20


def test_search_from_arguments_keeps_explicit_offset_and_limit():
    search = search_from_arguments(None, None, 5, 0)

    assert (search.offset, search.limit) == (5, 0)


def test_search_from_arguments_refuses_a_limit_above_the_maximum():
    with pytest.raises(BadInput, match="limit"):
        search_from_arguments(None, None, None, 101)
