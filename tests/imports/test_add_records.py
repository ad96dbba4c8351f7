"""addRecords and batch search through /v1: rows checked record by record, files queued,
batches named per day on the tenant's own calendar."""

import base64

import pytest

from tests.sandbox import advance, at

ADD_RECORDS = """
mutation addRecords($file: FileInput, $rows: [RowInput!]) {
  import {
    addRecords(file: $file, rows: $rows) {
      name action status
      records { scriptId status reference messages { context message level } }
    }
  }
}
"""

SEARCH_BATCHES = """
query ImportSearch($filters: BatchFiltersInput, $offset: Int, $limit: Int) {
  import {
    batches(filters: $filters, offset: $offset, limit: $limit) {
      items { name action status }
      pagination { offset limit total }
    }
  }
}
"""

# The documentation's RowInput example for the mail-with-PayLink script, all 13 fields.
DOCUMENTED_ROW = {
    "reference": "f0e7a0c3",
    "script": "1001",
    "personFamilyName": "Alphacomm",
    "toMailAddress": "reminders@alphacomm.nl",
    "toPhoneNumbers": ["+31612345678"],
    "invoiceDescription": "Example payment",
    "invoiceDate": "2019-04-04",
    "invoiceDueDate": "2019-07-30",
    "invoiceReference": "40824524",
    "invoiceCurrency": "EUR",
    "invoiceAmount": "56445",
    "invoiceNumber": "249075245",
    "personBirthDay": "2000-01-01",
}

CSV = base64.b64encode(b"reference;script\nf0e7a0c3;1001\n").decode()


def row(**changes) -> dict:
    """The documented row with some fields changed; a value of None leaves the field out."""
    fields = {**DOCUMENTED_ROW, **changes}
    return {name: value for name, value in fields.items() if value is not None}


async def add_rows(gql, *rows: dict) -> dict:
    return (await gql.ok(ADD_RECORDS, {"rows": list(rows)}))["import"]["addRecords"]


async def add_file(gql, extension: str = "csv", contents: str = CSV) -> dict:
    file = {"extension": extension, "contents": contents}
    return (await gql.ok(ADD_RECORDS, {"file": file}))["import"]["addRecords"]


async def search(gql, name: str | None = None, **paging) -> dict:
    filters = None if name is None else {"name": {"equalTo": name}}
    data = await gql.ok(SEARCH_BATCHES, {"filters": filters, **paging})
    return data["import"]["batches"]


def contexts_and_levels(record: dict) -> list[tuple[str, str]]:
    return [(message["context"], message["level"]) for message in record["messages"]]


async def total_batches(gql) -> int:
    return (await search(gql))["pagination"]["total"]


# ---------------------------------------------------------------- rows


async def test_the_documented_row_is_accepted_without_messages(gql):
    batch = await add_rows(gql, DOCUMENTED_ROW)

    assert batch["action"] == "IMPORT"
    assert batch["status"] == "done"
    assert batch["records"] == [
        {"scriptId": "1001", "status": "accepted", "reference": "f0e7a0c3", "messages": []}
    ]


async def test_batches_are_named_after_the_tenants_date_and_numbered_that_day(gql):
    first = await add_rows(gql, DOCUMENTED_ROW)
    second = await add_file(gql)

    assert first["name"] == "20240612-001"
    assert second["name"] == "20240612-002"


async def test_batch_numbering_restarts_on_the_next_day(gql, control):
    await add_rows(gql, DOCUMENTED_ROW)
    await advance(control, "P1D")

    assert (await add_rows(gql, DOCUMENTED_ROW))["name"] == "20240613-001"


async def test_batch_date_is_the_date_in_the_tenants_time_zone(gql, control):
    # 22:30 UTC is 00:30 the next day in Amsterdam (CEST, +02:00).
    await advance(control, to="2024-06-12T22:30:00+00:00")

    assert (await add_rows(gql, DOCUMENTED_ROW))["name"] == "20240613-001"


async def test_the_response_holds_exactly_the_records_sent_in_order(gql):
    await add_rows(gql, row(reference="earlier"))
    sent = [
        row(reference="a-1"),
        row(reference="b-2", script="1003"),
        row(reference="c-3", script="2001"),
    ]

    batch = await add_rows(gql, *sent)

    assert [(r["scriptId"], r["reference"]) for r in batch["records"]] == [
        ("1001", "a-1"),
        ("1003", "b-2"),
        ("2001", "c-3"),
    ]


async def test_a_row_without_a_reference_echoes_a_null_reference(gql):
    batch = await add_rows(gql, row(reference=None, script="6512"))

    record = batch["records"][0]
    assert record["reference"] is None
    assert [m["context"] for m in record["messages"]] == ["reference"]


async def test_a_row_missing_required_fields_is_rejected_with_one_message_per_field(gql):
    batch = await add_rows(gql, row(personFamilyName=None, invoiceAmount=None, toMailAddress=""))

    record = batch["records"][0]
    assert record["status"] == "rejected"
    assert sorted(m["context"] for m in record["messages"]) == [
        "invoiceAmount",
        "personFamilyName",
        "toMailAddress",
    ]
    assert {m["level"] for m in record["messages"]} == {"error"}
    assert all("1001" in m["message"] for m in record["messages"])


async def test_missing_fields_are_judged_by_the_rows_own_script(gql):
    # SMS script 1003 needs phone numbers, not a mail address; mail script 1001 the reverse.
    sms = row(script="1003", toMailAddress=None, toPhoneNumbers=None)
    mail = row(script="1001", toMailAddress=None, toPhoneNumbers=None)

    batch = await add_rows(gql, sms, mail)

    assert [[m["context"] for m in r["messages"]] for r in batch["records"]] == [
        ["toPhoneNumbers"],
        ["toMailAddress"],
    ]


async def test_a_required_field_of_only_spaces_counts_as_missing(gql):
    batch = await add_rows(gql, row(personFamilyName="   "))

    record = batch["records"][0]
    assert record["status"] == "rejected"
    assert contexts_and_levels(record) == [("personFamilyName", "error")]


async def test_required_phone_numbers_that_are_all_blank_count_as_missing(gql):
    batch = await add_rows(gql, row(script="1003", toPhoneNumbers=[""]))

    record = batch["records"][0]
    assert record["status"] == "rejected"
    assert [m["context"] for m in record["messages"]] == ["toPhoneNumbers"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("invoiceAmount", "12.50"),
        ("invoiceCurrency", "EURO"),
        ("invoiceDate", "04-04-2019"),
        ("toMailAddress", "not-an-address"),
    ],
)
async def test_a_required_field_of_the_wrong_kind_rejects_the_record(gql, field, value):
    batch = await add_rows(gql, row(**{field: value}))

    record = batch["records"][0]
    assert record["status"] == "rejected"
    [message] = record["messages"]
    assert message["context"] == field
    assert message["level"] == "error"
    assert message["message"].startswith("expected")
    assert repr(value) in message["message"]


async def test_a_wrong_optional_field_only_warns(gql):
    batch = await add_rows(gql, row(toPhoneNumbers=["+31612345678", "not a phone"]))

    record = batch["records"][0]
    assert record["status"] == "accepted"
    [message] = record["messages"]
    assert message["context"] == "toPhoneNumbers[1]"
    assert message["level"] == "warning"
    assert message["message"].startswith("expected")


async def test_a_bad_first_phone_number_of_a_mail_script_warns_at_its_position(gql):
    batch = await add_rows(gql, row(toPhoneNumbers=["12"]))

    record = batch["records"][0]
    assert record["status"] == "accepted"
    assert contexts_and_levels(record) == [("toPhoneNumbers[0]", "warning")]


async def test_a_bad_phone_number_rejects_a_record_of_a_script_that_requires_phones(gql):
    batch = await add_rows(gql, row(script="1003", toPhoneNumbers=["12"]))

    record = batch["records"][0]
    assert record["status"] == "rejected"
    assert contexts_and_levels(record) == [("toPhoneNumbers[0]", "error")]


async def test_rows_for_an_unknown_script_are_rejected_with_a_message(gql):
    batch = await add_rows(gql, row(script="9999"), DOCUMENTED_ROW)

    unknown, known = batch["records"]
    assert unknown["scriptId"] == "9999"
    assert unknown["status"] == "rejected"
    [message] = unknown["messages"]
    assert message["context"] == "script"
    assert message["level"] == "error"
    for script in ("1001", "1003", "2001", "6512", "18301"):
        assert script in message["message"]
    assert known["status"] == "accepted"
    assert batch["status"] == "done"


async def test_no_rows_make_an_empty_batch(gql):
    batch = await add_rows(gql)

    assert batch["status"] == "empty"
    assert batch["records"] == []
    assert batch["action"] == "IMPORT"


# ---------------------------------------------------------------- files


async def test_a_file_is_queued_without_records(gql):
    batch = await add_file(gql)

    assert batch["action"] == "IMPORT"
    assert batch["status"] == "queued"
    assert batch["records"] == []


async def test_the_documented_placeholder_contents_are_queued_too(gql):
    # The platform reads files later, so even contents that are not Base64 answer queued.
    batch = await add_file(gql, contents="<<BASE64 ENCODED STRING>>")

    assert batch["status"] == "queued"
    assert batch["records"] == []


async def test_an_upper_case_extension_is_accepted(gql):
    assert (await add_file(gql, extension="CSV"))["status"] == "queued"


@pytest.mark.parametrize("extension", ["xml", "xlsx", "xls", "ods"])
async def test_every_documented_file_type_is_accepted(gql, extension):
    assert (await add_file(gql, extension=extension))["status"] == "queued"


async def test_a_file_of_an_unknown_type_is_an_error_naming_the_extension(gql):
    error = await gql.error(ADD_RECORDS, {"file": {"extension": "pdf", "contents": CSV}})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "file.extension" in error["message"]
    assert "pdf" in error["message"]


# ---------------------------------------------------------------- refused requests


@pytest.mark.parametrize(
    "variables",
    [
        {"rows": [DOCUMENTED_ROW], "file": {"extension": "csv", "contents": CSV}},
        {},
        {"rows": None, "file": None},
    ],
    ids=["both", "neither", "both-null"],
)
async def test_rows_and_file_are_exclusive_and_one_is_needed(gql, variables):
    error = await gql.error(ADD_RECORDS, variables)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "addRecords" in error["message"]


@pytest.mark.parametrize(
    "variables",
    [
        {"rows": [DOCUMENTED_ROW], "file": {"extension": "csv", "contents": CSV}},
        {},
        {"file": {"extension": "pdf", "contents": CSV}},
    ],
    ids=["both", "neither", "bad-extension"],
)
async def test_a_refused_request_stores_no_batch(gql, variables):
    before = await total_batches(gql)

    await gql.error(ADD_RECORDS, variables)

    assert await total_batches(gql) == before
    assert (await add_rows(gql, DOCUMENTED_ROW))["name"] == "20240612-001"


async def test_a_row_without_a_script_is_refused_by_the_schema(gql):
    error = await gql.error(ADD_RECORDS, {"rows": [row(script=None)]})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "script" in error["message"]


# ---------------------------------------------------------------- search


async def test_the_default_scenario_holds_the_documented_test_batch(gql):
    page = await search(gql, "Test")

    assert page == {
        "items": [{"name": "Test", "action": "VALIDATE", "status": "empty"}],
        "pagination": {"offset": 0, "limit": 20, "total": 1},
    }


async def test_a_batch_is_found_by_its_name(gql):
    await add_rows(gql, DOCUMENTED_ROW)
    queued = await add_file(gql)

    page = await search(gql, queued["name"])

    assert page["items"] == [{"name": "20240612-002", "action": "IMPORT", "status": "queued"}]
    assert page["pagination"] == {"offset": 0, "limit": 20, "total": 1}


async def test_an_unknown_batch_name_finds_nothing(gql):
    page = await search(gql, "20990101-001")

    assert page == {"items": [], "pagination": {"offset": 0, "limit": 20, "total": 0}}


async def test_batches_are_paged(gql):
    for _ in range(3):
        await add_rows(gql, DOCUMENTED_ROW)

    page = await search(gql, offset=1, limit=2)

    assert [item["name"] for item in page["items"]] == ["20240612-001", "20240612-002"]
    assert page["pagination"] == {"offset": 1, "limit": 2, "total": 4}


async def test_a_limit_above_100_is_an_error_naming_limit(gql):
    error = await gql.error(SEARCH_BATCHES, {"limit": 101})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("limit")


async def test_numbering_skips_a_name_a_fixture_already_has(gql, control):
    scenario = {
        "clock": {"start": at(0)},
        "tenants": [
            {
                "customer": "1",
                "apiKeys": [{"key": "k"}],
                "scripts": [{"id": "1001", "medium": "mail"}],
                "fixtures": {"batches": [{"name": "20240612-001", "createdOn": at(0)}]},
            }
        ],
    }
    status, tenant = await control.post("/_mock/tenants", {"scenario": scenario})
    assert status == 201, tenant

    status, body = await gql(ADD_RECORDS, {"rows": [DOCUMENTED_ROW]}, key=tenant["apiKey"])

    assert status == 200
    assert body["data"]["import"]["addRecords"]["name"] == "20240612-002"


async def test_a_reset_forgets_batches_and_restarts_their_numbering(gql, control):
    await add_rows(gql, DOCUMENTED_ROW)
    await add_rows(gql, DOCUMENTED_ROW)

    status, _ = await control.post("/_mock/reset")

    assert status == 200
    assert await total_batches(gql) == 1
    assert (await add_rows(gql, DOCUMENTED_ROW))["name"] == "20240612-001"


async def test_a_batch_is_only_seen_by_its_own_tenant(gql, control):
    status, tenant = await control.post("/_mock/tenants", {})
    assert status == 201
    batch = await add_rows(gql, DOCUMENTED_ROW)

    status, body = await gql(
        SEARCH_BATCHES, {"filters": {"name": {"equalTo": batch["name"]}}}, key=tenant["apiKey"]
    )

    assert status == 200
    assert body["data"]["import"]["batches"]["pagination"]["total"] == 0
