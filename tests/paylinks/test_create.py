"""Creating PayLinks: defaults, echoes and every refusal, which names the field and stores nothing."""

import pytest

from tests.sandbox import CREATE_PAYLINK, create_paylink, pay_link_input

COUNT = "{ payLink { payLinks { pagination { total } } } }"


async def test_a_new_paylink_is_ready_unpaid_and_visible_for_ninety_days(gql):
    link = await create_paylink(gql)

    assert link["status"] == "ready"
    assert link["amountPaid"] == 0
    assert link["personGender"] == "U"
    assert link["createdOn"] == link["updatedOn"] == "2024-06-12T08:00:00+00:00"
    assert link["visibleUntil"] == "2024-09-10T08:00:00+00:00"
    assert link["invoiceDate"] == "2019-02-12T10:00:00+00:00"


async def test_own_attributes_come_back_prefixed_and_followed_by_origin_api(gql):
    link = await create_paylink(
        gql, attributes=[{"id": "source", "value": "whatsapp"}, {"id": "crm", "value": "42"}]
    )
    assert link["attributes"] == [
        {"id": "customer_source", "value": "whatsapp"},
        {"id": "customer_crm", "value": "42"},
        {"id": "origin", "value": "api"},
    ]


async def test_urls_point_at_the_mocks_own_landing_pages_and_differ_per_paylink(gql):
    first = await create_paylink(gql)
    second = await create_paylink(gql)

    assert first["longUrl"] == f"http://mock.test/pay/6500/{first['id']}"
    assert first["shortUrl"].startswith("http://mock.test/")
    assert len(first["shortUrl"].rsplit("/", 1)[1]) == 7
    assert len({first["shortUrl"], second["shortUrl"], first["longUrl"], second["longUrl"]}) == 4


async def test_dates_with_another_offset_are_answered_in_utc(gql):
    link = await create_paylink(
        gql, invoiceDate="2019-02-12T11:00:00+01:00", visibleUntil="2024-07-01T00:00:00+02:00"
    )
    assert link["invoiceDate"] == "2019-02-12T10:00:00+00:00"
    assert link["visibleUntil"] == "2024-06-30T22:00:00+00:00"


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"invoiceAmount": "12.50"}, "payLink.invoiceAmount", "amount in cents"),
        ({"invoiceAmount": "-5"}, "payLink.invoiceAmount", "amount in cents"),
        ({"invoiceAmount": "0"}, "payLink.invoiceAmount", "greater than zero"),
        ({"invoiceCurrency": "EURO"}, "payLink.invoiceCurrency", "ISO 4217"),
        ({"personName": "  "}, "payLink.personName", "not blank"),
        ({"invoiceDate": "12-02-2019"}, "$payLink' has invalid value at .invoiceDate", "RFC 3339"),
        ({"invoiceDate": "2019-02-12T10:00:00"}, "at .invoiceDate", "RFC 3339"),
        (
            {"visibleUntil": "2024-06-01T00:00:00+00:00"},
            "payLink.visibleUntil",
            "after the PayLink's creation",
        ),
        ({"invoiceAmount": None}, "$payLink", "to include required field 'invoiceAmount'"),
        (
            {"attributes": [{"id": "a", "value": "1"}, {"id": "a", "value": "2"}]},
            "payLink.attributes[1].id",
            "not used",
        ),
        ({"attributes": [{"id": "a"}]}, "at .attributes[0]", "required field 'value'"),
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(gql, changes, field, expected):
    before = await gql.ok(COUNT)

    error = await gql.error(CREATE_PAYLINK, {"payLink": pay_link_input(**changes)})

    assert field in error["message"] and expected in error["message"], error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert await gql.ok(COUNT) == before


async def test_an_inline_literal_of_the_wrong_kind_is_refused_before_anything_runs(gql):
    error = await gql.error(
        'mutation { payLink { create(payLink: {personName: "A", invoiceAmount: 5, invoiceCurrency: "EUR",'
        ' invoiceDescription: "x", invoiceReference: "1",'
        ' invoiceDate: "2019-02-12T10:00:00+00:00"}) { id } } }'
    )
    assert "String" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_equal_invoice_dates_in_other_zones_keep_their_own_offset_in_a_snapshot(gql, control):
    """PayLinks share equal values to save memory; an equal instant written in another zone is
    another value, and the snapshot writes each as it was given."""
    dates = ["2019-02-12T11:00:00+01:00", "2019-02-12T10:00:00+00:00", "2019-02-12T11:00:00+01:00"]
    ids = [(await create_paylink(gql, invoiceDate=date))["id"] for date in dates]

    status, snapshot = await control.get("/_mock/snapshot")

    assert status == 200
    written = {link["id"]: link["invoice_date"] for link in snapshot["paylinks"]["pay_links"]}
    assert [written[link_id] for link_id in ids] == dates
