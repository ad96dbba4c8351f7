"""The import pipeline on the clock: batches move `queued → running → done` through the
import schedule, accepted records become jobs, and jobs of PayLink and e-mandate scripts open
the PayLink or mandate the documented search finds by the record's reference."""

import base64
import csv
import gc
import io

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from tests.conftest import Control, GraphQL
from tests.sandbox import advance, at

# The default scenario's clock starts on Wednesday 2024-06-12 08:00 UTC, 10:00 in Amsterdam;
# the next import window opens at 12:00 there, 10:00 UTC.
WINDOW = "2024-06-12T10:00:00+00:00"
ADD_FILE = (
    """mutation($file: FileInput) { import { addRecords(file: $file) { name status records { status } } } }"""
)
ADD_ROWS = """mutation($rows: [RowInput!]) { import { addRecords(rows: $rows) {
  name status records { reference status messages { context message level } } } } }"""
BATCH = """query($name: String) { import { batches(filters: {name: {equalTo: $name}}) { items {
  name status message records { scriptId reference status messages { context message level } } } } } }"""
BY_REFERENCE = """query($ref: String!) {
  payLink { payLinks(filters: {attributes: [{id: "reference", equalTo: $ref}]}) {
  items { attributes { id value } personName personGender status invoiceAmount } } } }"""
MANDATE = """query($ref: String) { mandate { mandates(filters: {reference: {equalTo: $ref}}) {
  items { reference personName status } } } }"""
HEADER = [
    "identification_identifier",
    "control_script",
    "person_family_name",
    "contact_email_address",
    "contact_phone_number_1",
    "invoice_description",
    "invoice_date",
    "invoice_reference",
    "invoice_currency",
    "invoice_amount",
    "person_gender",
]


def csv_file(*rows: list[str]) -> dict:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return {"extension": "csv", "contents": base64.b64encode(text.getvalue().encode()).decode()}


def row(reference: str, script: str = "1003", phone: str = "+31612345678", **changes) -> list[str]:
    values = {
        "identification_identifier": reference,
        "control_script": script,
        "person_family_name": "Alphacomm",
        "contact_email_address": "reminders@alphacomm.nl",
        "contact_phone_number_1": phone,
        "invoice_description": "Example payment",
        "invoice_date": "2019-04-04",
        "invoice_reference": "40824524",
        "invoice_currency": "EUR",
        "invoice_amount": "56400",
        "person_gender": "M",
        **changes,
    }
    return [values[column] for column in HEADER]


async def batch(gql, name: str) -> dict:
    [found] = (await gql.ok(BATCH, {"name": name}))["import"]["batches"]["items"]
    return found


async def test_a_file_batch_moves_queued_running_done_as_the_clock_passes_the_window(gql, control):
    sent = (await gql.ok(ADD_FILE, {"file": csv_file(row("20220216-6"))}))["import"]["addRecords"]
    assert (sent["status"], sent["records"]) == ("queued", [])

    await advance(control, to="2024-06-12T09:59:00+00:00")
    assert (await batch(gql, sent["name"]))["status"] == "queued"
    await advance(control, to=WINDOW)
    running = await batch(gql, sent["name"])
    await advance(control, by="PT30S")
    checked = await batch(gql, sent["name"])
    await advance(control, by="PT5M")
    done = await batch(gql, sent["name"])

    assert running["status"] == "running"
    assert [r["status"] for r in running["records"]] == ["loaded"]
    assert checked["status"] == "running"
    assert [r["status"] for r in checked["records"]] == ["enriching"]  # an SMS script: numbers checked
    assert done["status"] == "done"
    assert done["records"] == [
        {"scriptId": "1003", "reference": "20220216-6", "status": "created", "messages": []}
    ]


async def test_an_imported_paylink_is_found_by_its_record_reference_with_the_documented_attributes(
    gql, control
):
    await gql.ok(ADD_FILE, {"file": csv_file(row("REF-77"))})
    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    found = (await gql.ok(BY_REFERENCE, {"ref": "REF-77"}))["payLink"]["payLinks"]["items"]

    assert found == [
        {
            "attributes": [
                {"id": "origin", "value": "sms"},
                {"id": "script", "value": "1003"},
                {"id": "reference", "value": "REF-77"},
            ],
            "personName": "Alphacomm",
            "personGender": "M",
            "status": "ready",
            "invoiceAmount": "56400",
        }
    ]


async def test_rows_answer_done_at_once_and_become_jobs_at_the_next_window(gql, control):
    documented = {
        "reference": "f0e7a0c3",
        "script": "1001",
        "personFamilyName": "Alphacomm",
        "toMailAddress": "reminders@alphacomm.nl",
        "invoiceDescription": "Example payment",
        "invoiceDate": "2019-04-04",
        "invoiceReference": "40824524",
        "invoiceCurrency": "EUR",
        "invoiceAmount": "56445",
    }
    sent = (await gql.ok(ADD_ROWS, {"rows": [documented]}))["import"]["addRecords"]
    assert (sent["status"], [r["status"] for r in sent["records"]]) == ("done", ["accepted"])
    assert (await gql.ok(BY_REFERENCE, {"ref": "f0e7a0c3"}))["payLink"]["payLinks"]["items"] == []

    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    [link] = (await gql.ok(BY_REFERENCE, {"ref": "f0e7a0c3"}))["payLink"]["payLinks"]["items"]
    assert link["attributes"][0] == {"id": "origin", "value": "mail"}
    assert [r["status"] for r in (await batch(gql, sent["name"]))["records"]] == ["created"]


async def test_a_bad_phone_a_missing_field_and_a_repeated_reference_each_end_in_their_status(gql, control):
    records = [row("A-1"), row("A-2", phone="12"), row("A-3", person_family_name=""), row("A-1")]
    sent = (await gql.ok(ADD_FILE, {"file": csv_file(*records)}))["import"]["addRecords"]
    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    done = (await batch(gql, sent["name"]))["records"]

    assert [r["status"] for r in done] == ["created", "rejected", "rejected", "dropped"]
    assert [m["context"] for m in done[1]["messages"]] == ["toPhoneNumbers[0]"]
    assert [m["context"] for m in done[2]["messages"]] == ["personFamilyName"]
    assert done[3]["messages"][0]["context"] == "reference" and "line 2" in done[3]["messages"][0]["message"]


async def test_the_same_reference_in_a_later_batch_updates_the_open_job(gql, control):
    for _ in range(2):
        sent = (await gql.ok(ADD_FILE, {"file": csv_file(row("SAME-1"))}))["import"]["addRecords"]
        await advance(control, to=WINDOW) if _ == 0 else await advance(
            control, to="2024-06-12T14:00:00+00:00"
        )
        await advance(control, by="PT2M")

    assert [r["status"] for r in (await batch(gql, sent["name"]))["records"]] == ["updated"]
    assert len((await gql.ok(BY_REFERENCE, {"ref": "SAME-1"}))["payLink"]["payLinks"]["items"]) == 1


async def test_an_e_mandate_script_opens_a_mandate_under_the_records_reference(gql, control):
    await gql.ok(ADD_FILE, {"file": csv_file(row("HUUR-9-NEW", script="2001"))})
    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    found = (await gql.ok(MANDATE, {"ref": "HUUR-9-NEW"}))["mandate"]["mandates"]["items"]
    assert found == [{"reference": "HUUR-9-NEW", "personName": "Alphacomm", "status": "new"}]


async def test_phone_numbers_of_a_voice_script_are_written_as_e164(client, gql, control):
    await gql.ok(ADD_FILE, {"file": csv_file(row("CALL-1", script="6512", phone="0612345678"))})
    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    [job] = client.app[REGISTRY].find("demo-key").imports.jobs.all
    assert job.fields["toPhoneNumbers"] == ["+31612345678"]
    assert job.id.endswith("-06512") and len(job.id) == 64 + 6


async def test_records_are_read_and_their_jobs_made_with_the_collector_paused_and_it_runs_again_after(
    client, gql, control
):
    """A step of a thousand records made some forty collections, each walking what the step had
    made so far, and a full one now and then walking the whole tenant."""
    world = client.app[REGISTRY].find("demo-key")
    running = {}
    world.tenant.events.subscribe(lambda event: running.setdefault(event.name, gc.isenabled()))
    await gql.ok(ADD_FILE, {"file": csv_file(row("GC-1"), row("GC-2"))})

    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    assert running["RecordStatusChanged"] is running["JobCreated"] is running["PayLinkCreated"] is False
    assert gc.isenabled()


async def test_a_record_whose_job_fails_is_logged_and_the_records_after_it_are_still_taken_up(
    client, gql, control, caplog
):
    """A bug met by one record (here a subscriber that raises on its job) cost the rest of its
    step of a thousand, and every later step: the batch stayed `running`."""
    world = client.app[REGISTRY].find("demo-key")

    def broken(event):
        if event.reference == "BUG-2":
            raise RuntimeError("a bug met by this record")

    world.tenant.events.subscribe(broken, ["JobCreated"])
    sent = await gql.ok(ADD_FILE, {"file": csv_file(row("BUG-1"), row("BUG-2"), row("BUG-3"))})
    name = sent["import"]["addRecords"]["name"]

    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    done = await batch(gql, name)
    assert done["status"] == "done"
    assert [(r["reference"], r["status"]) for r in done["records"]] == [
        ("BUG-1", "created"),
        ("BUG-2", "created"),  # its job was made; what followed it failed
        ("BUG-3", "created"),
    ]
    assert len(world.messaging.search(reference="BUG-3")) == 1
    [logged] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert f"batch {name} line 3" in logged.getMessage() and "a bug met by this record" in logged.exc_text


async def test_an_unreadable_file_ends_its_batch_in_error_and_the_server_keeps_serving(gql, control):
    sent = await gql.ok(ADD_FILE, {"file": {"extension": "xlsx", "contents": "<<BASE64 ENCODED STRING>>"}})
    name = sent["import"]["addRecords"]["name"]
    await advance(control, to=WINDOW)

    failed = await batch(gql, name)
    assert failed["status"] == "error"
    assert "base64" in failed["message"].lower()
    _, clock = await control.get("/_mock/clock")
    assert clock["now"] == WINDOW == at(120)


async def test_ten_thousand_rows_import_within_one_window(gql, control):
    rows = [row(f"BULK-{n}", script="1001", phone="") for n in range(10_000)]
    sent = (await gql.ok(ADD_FILE, {"file": csv_file(*rows)}))["import"]["addRecords"]

    await advance(control, to=WINDOW)
    await advance(control, by="PT59M")  # the window closes at 13:00 local, 11:00 UTC

    done = await batch(gql, sent["name"])
    assert done["status"] == "done"
    assert {r["status"] for r in done["records"]} == {"created"}
    assert len(done["records"]) == 10_000


async def test_records_over_the_accounts_limit_are_dropped(aiohttp_client, scenario):
    tenant = scenario.tenants[0].model_copy(update={"max_records_per_batch": 2})
    client = await aiohttp_client(
        create_app(scenario.model_copy(update={"tenants": [tenant]}), public_url="http://x")
    )
    gql, control = GraphQL(client), Control(client)
    sent = (await gql.ok(ADD_FILE, {"file": csv_file(row("L-1"), row("L-2"), row("L-3"))}))["import"][
        "addRecords"
    ]
    await advance(control, to=WINDOW)
    await advance(control, by="PT2M")

    done = (await batch(gql, sent["name"]))["records"]
    assert [r["status"] for r in done] == ["created", "created", "dropped"]
    assert "limit of 2 records" in done[2]["messages"][0]["message"]
