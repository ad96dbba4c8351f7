"""Creating and searching e-Mandates."""

from tests.sandbox import CREATE_MANDATE, MANDATE, create_mandate, mandate_input

SEARCH = """query($filters: MandateFiltersInput, $order: MandateOrderInput, $limit: Int) {
  mandate { mandates(filters: $filters, order: $order, limit: $limit) {
    items { id status reference } pagination { offset limit total } } } }"""


async def test_a_new_mandate_is_new_and_echoes_its_input(gql):
    mandate = await create_mandate(gql, "AC-HUUR")  # the documented input

    assert {k: mandate[k] for k in MANDATE} == MANDATE
    assert mandate["status"] == "new"
    assert mandate["createdOn"] == mandate["updatedOn"] == "2024-06-12T08:00:00+00:00"
    assert mandate["longUrl"] == f"http://mock.test/mandate/6500/{mandate['id']}"
    assert mandate["shortUrl"] != mandate["longUrl"]


async def test_an_unknown_mandate_type_is_refused_naming_the_field(gql):
    error = await gql.error(CREATE_MANDATE, {"mandate": mandate_input(type="MONTHLY")})
    assert "$mandate' has invalid value at .type" in error["message"]
    assert "Value 'MONTHLY' does not exist in 'MandateType' enum" in error["message"]


async def test_a_blank_reference_is_refused_and_nothing_is_stored(gql):
    before = await gql.ok(SEARCH)
    error = await gql.error(CREATE_MANDATE, {"mandate": mandate_input(reference="")})
    assert error["message"].startswith("mandate.reference: expected text that is not blank")
    assert await gql.ok(SEARCH) == before


async def test_search_by_status_and_by_reference(gql):
    await create_mandate(gql, "AC-HUUR")
    pending = (await gql.ok(SEARCH, {"filters": {"status": {"equalTo": "pending"}}}))["mandate"]["mandates"]
    by_reference = (await gql.ok(SEARCH, {"filters": {"reference": {"equalTo": "AC-HUUR"}}}))["mandate"][
        "mandates"
    ]

    assert [m["reference"] for m in pending["items"]] == ["AC-PENDING"]
    assert [m["status"] for m in by_reference["items"]] == ["new"]


async def test_a_mandate_limit_above_one_hundred_is_refused(gql):
    error = await gql.error(SEARCH, {"limit": 101})
    assert error["message"].startswith("limit: expected a number from 0 to 100")
