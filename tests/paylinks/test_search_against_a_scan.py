"""The PayLink search, indexed, answers exactly what a plain scan over every PayLink answers: for
filters as the API sends them, in both orders and any page, after PayLinks changed status, and
with PayLinks stored out of creation order (fixtures dated before and after the others)."""

import contextlib
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reminders_mock.core.errors import InvalidTransition
from reminders_mock.core.vocabulary import PayLinkStatus
from reminders_mock.paylinks.model import Attribute, PayLink
from reminders_mock.search_arguments import search_from_arguments
from tests.results.helpers import START, new_world

ORIGINS = ("api", "mail", "sms")
REFERENCES = ("r1", "r2", "r3")
ACTS = ("visit", "pay", "cancel", "fail")

created = st.integers(min_value=-3, max_value=3).map(lambda hours: START + timedelta(hours=hours))
stored = st.lists(
    st.tuples(created, st.sampled_from(ORIGINS), st.sampled_from(REFERENCES), st.booleans()),
    max_size=40,
)
acts = st.lists(st.tuples(st.integers(min_value=0, max_value=39), st.sampled_from(ACTS)), max_size=20)
attribute_filters = st.lists(
    st.one_of(
        st.builds(lambda value: {"id": "origin", "equal_to": value}, st.sampled_from(ORIGINS)),
        st.builds(lambda value: {"id": "reference", "equal_to": value}, st.sampled_from(REFERENCES)),
    ),
    max_size=2,
)
filters = st.fixed_dictionaries(
    {},
    optional={
        "status": st.builds(lambda status: {"equal_to": status}, st.sampled_from(list(PayLinkStatus))),
        "attributes": attribute_filters,
        "created_on": st.fixed_dictionaries({}, optional={"greater_than": created, "lesser_than": created}),
    },
)
arguments = st.tuples(
    filters,
    st.one_of(st.none(), st.sampled_from([{"created_on": "ASCENDING"}, {"created_on": "DESCENDING"}])),
    st.one_of(st.just(0), st.integers(min_value=0, max_value=12)),  # past the end now and then
    st.one_of(st.just(20), st.integers(min_value=0, max_value=5)),
)


def scanned(links: list[PayLink], filters: dict, order: dict | None, offset: int, limit: int):
    """Every PayLink tested one by one, sorted by creation and then by when it was stored."""
    window = filters.get("created_on", {})
    found = [
        (link.created_on, stored_as, link)
        for stored_as, link in enumerate(links)
        if ("status" not in filters or link.status == filters["status"]["equal_to"])
        and all(
            (wanted["id"], wanted["equal_to"]) in link.attributes for wanted in filters.get("attributes", [])
        )
        and ("greater_than" not in window or link.created_on > window["greater_than"])
        and ("lesser_than" not in window or link.created_on < window["lesser_than"])
    ]
    found.sort(key=lambda entry: entry[:2], reverse=(order or {}).get("created_on") == "DESCENDING")
    return [link.id for _, _, link in found[offset : offset + limit]], len(found)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stored=stored, acts=acts, searches=st.lists(arguments, min_size=1, max_size=6))
def test_indexed_search_answers_what_a_scan_over_every_paylink_answers(stored, acts, searches):
    world = new_world()
    service = world.paylinks
    links = list(service.store)  # the fixtures, in the order they were stored
    for created_on, origin, reference, out_of_order in stored:
        attributes = [Attribute("origin", origin), Attribute("reference", reference)]
        if out_of_order:  # stored as a fixture is, dated before or after the clock's now
            links.append(service.add(created_on=created_on, attributes=attributes, **_invoice()))
        else:
            links.append(service.open(attributes=attributes, **_invoice()))
    for place, act in acts:
        if links:
            with contextlib.suppress(InvalidTransition):
                service.act(links[place % len(links)].id, act)

    for filters_given, order, offset, limit in searches:
        page = service.search(search_from_arguments(filters_given, order, offset, limit))
        expected = scanned(links, filters_given, order, offset, limit)
        assert ([link.id for link in page.items], page.total) == expected, (
            filters_given,
            order,
            offset,
            limit,
        )


def _invoice() -> dict:
    return {
        "person_name": "P",
        "invoice_amount": "10004",
        "invoice_currency": "EUR",
        "invoice_description": "d",
        "invoice_reference": "r",
        "invoice_date": START,
    }
