"""Searching PayLinks: each filter, their combination, order and pagination."""

from tests.sandbox import create_paylink

SEARCH = """
query($filters: PayLinkFiltersInput, $order: PayLinkOrderInput, $offset: Int, $limit: Int) {
  payLink { payLinks(filters: $filters, order: $order, offset: $offset, limit: $limit) {
    items { id status createdOn } pagination { offset limit total }
  } }
}"""


async def search(gql, **variables):
    return (await gql.ok(SEARCH, variables))["payLink"]["payLinks"]


async def test_status_filter_returns_only_that_status(gql):
    result = await search(gql, filters={"status": {"equalTo": "cancelled"}})
    assert [item["id"] for item in result["items"]] == ["348bd90d-da76-4211-93c3-601cbb15f33a"]
    assert result["pagination"] == {"offset": 0, "limit": 20, "total": 1}


async def test_attribute_filters_must_all_match(gql):
    await create_paylink(gql, attributes=[{"id": "source", "value": "web"}])
    await create_paylink(gql, attributes=[{"id": "source", "value": "whatsapp"}])

    web = await search(gql, filters={"attributes": [{"id": "customer_source", "equalTo": "web"}]})
    both = await search(
        gql,
        filters={
            "attributes": [
                {"id": "customer_source", "equalTo": "web"},
                {"id": "origin", "equalTo": "api"},
            ]
        },
    )
    none = await search(
        gql,
        filters={
            "attributes": [
                {"id": "customer_source", "equalTo": "web"},
                {"id": "origin", "equalTo": "sms"},
            ]
        },
    )

    assert web["pagination"]["total"] == 1
    assert both["items"] == web["items"]
    assert none["items"] == [] and none["pagination"]["total"] == 0


async def test_created_on_bounds_are_exclusive(gql):
    result = await search(
        gql,
        filters={
            "createdOn": {
                "greaterThan": "2019-02-05T09:57:14+00:00",
                "lesserThan": "2019-02-12T10:00:00+00:00",
            }
        },
    )
    assert [item["createdOn"] for item in result["items"]] == [
        "2019-02-08T10:15:00+00:00",
        "2019-02-10T08:00:00+00:00",
    ]


async def test_order_descending_gives_newest_first_and_pages_cut_after_ordering(gql):
    ascending = await search(gql)
    descending = await search(gql, order={"createdOn": "DESCENDING"})
    page = await search(gql, order={"createdOn": "DESCENDING"}, offset=1, limit=2)

    assert [i["id"] for i in descending["items"]] == [i["id"] for i in reversed(ascending["items"])]
    assert page["items"] == descending["items"][1:3]
    assert page["pagination"] == {
        "offset": 1,
        "limit": 2,
        "total": ascending["pagination"]["total"],
    }


async def test_id_filter_finds_one_and_an_unknown_id_finds_none(gql):
    created = await create_paylink(gql)
    found = await search(gql, filters={"id": {"equalTo": created["id"]}})
    missing = await search(gql, filters={"id": {"equalTo": "00000000-0000-4000-8000-000000000000"}})
    assert [item["id"] for item in found["items"]] == [created["id"]]
    assert missing["pagination"]["total"] == 0


async def test_a_limit_above_one_hundred_is_refused_naming_limit(gql):
    error = await gql.error(SEARCH, {"limit": 1000})
    assert error["message"] == "limit: expected a number from 0 to 100, got 1000"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_unknown_status_is_refused_naming_the_field_and_the_enum(gql):
    error = await gql.error(SEARCH, {"filters": {"status": {"equalTo": "payed"}}})
    assert "$filters' has invalid value at .status.equalTo" in error["message"]
    assert "Value 'payed' does not exist in 'PayLinkStatus' enum" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_unparseable_date_filter_is_refused_naming_the_field(gql):
    error = await gql.error(SEARCH, {"filters": {"createdOn": {"greaterThan": "last week"}}})
    assert "$filters' has invalid value at .createdOn.greaterThan" in error["message"]
    assert "RFC 3339" in error["message"] and "found: 'last week'" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
