"""End-of-day result files: one per script that changed that day, written at local midnight,
and a separate one for PayLinks made through the API."""

from datetime import date, timedelta

from reminders_mock.results.service import ResultsState
from tests.results.helpers import (
    FIRST_MIDNIGHT,
    SECOND_MIDNIGHT,
    api_paylink,
    import_rows,
    new_world,
    paylink_of,
    sms_row,
    table,
)


async def test_paid_sms_record_is_in_that_days_1003_file_after_midnight():
    world = new_world()
    await import_rows(world, sms_row("r-1"))
    world.paylinks.pay(paylink_of(world, "r-1"), method="creditcard")
    assert world.results.files == []  # nothing before the day is over

    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [written] = world.results.files
    assert written.name == "results_6500_1003_20240612.csv"
    assert (written.day, written.script, written.created_on) == (date(2024, 6, 12), "1003", FIRST_MIDNIGHT)
    [row] = table(written.content)
    link = world.paylinks.get(paylink_of(world, "r-1"))
    assert row == {
        "identification_identifier": "r-1",
        "identification_batch": "20240612-001",
        "identification_status": "created",
        "enrichmentresults_phonenumber_1": "+31612345678",  # written as E.164 at enrichment
        "smsresults_sms_status": "delivered",  # the SMS of the job
        "smsresults_paylink_1_status": "paid",
        "smsresults_paylink_1_amount_paid": "10004",
        "smsresults_paylink_1_url": link.short_url,
        "paymailresults_partialpaylink_1_amount": "",
        "paymailresults_paymentmethod_1": "creditcard",
    }


async def test_partially_paid_paylink_reports_the_partial_amount():
    world = new_world()
    await import_rows(world, sms_row("r-1"))
    world.paylinks.pay(paylink_of(world, "r-1"), amount=1000)
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [row] = table(world.results.files[0].content)
    assert row["smsresults_paylink_1_status"] == "partially_paid"
    assert row["paymailresults_partialpaylink_1_amount"] == "1000"


async def test_rejected_record_is_reported_with_its_import_status():
    world = new_world()
    await import_rows(world, sms_row("r-1"), sms_row("r-2", invoice_reference=None))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    rows = table(world.results.files[0].content)
    assert [(r["identification_identifier"], r["identification_status"]) for r in rows] == [
        ("r-1", "created"),
        ("r-2", "rejected"),
    ]
    assert rows[1]["smsresults_paylink_1_status"] == ""


async def test_phone_number_after_enrichment_when_the_event_carries_it():
    world = new_world()
    data = {"batch": "20240612-001", "script": "1003", "status": "created", "line": None}
    world.tenant.emit(
        "RecordStatusChanged", "import", "job", "r-1", {**data, "phone-numbers": ["+31612345678"]}
    )
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [row] = table(world.results.files[0].content)
    assert row["enrichmentresults_phonenumber_1"] == "+31612345678"


async def test_nothing_changed_writes_no_file():
    world = new_world()
    await world.tenant.clock.advance(to=SECOND_MIDNIGHT + timedelta(hours=1))
    assert world.results.files == []


async def test_paid_api_paylink_is_in_the_paylinks_api_file():
    world = new_world()
    link = world.paylinks.pay(api_paylink(world))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [written] = world.results.files
    assert written.name == "results_6500_paylinks-api_20240612.csv"
    assert written.script is None
    assert table(written.content) == [
        {
            "identification_identifier": link.id,
            "paylink_status": "paid",
            "paylink_amount_paid": "10004",
            "paylink_payment_method": "ideal",
            "paylink_updated_on": "2024-06-12T08:00:00+00:00",
        }
    ]


async def test_changes_on_two_days_give_two_files_oldest_first():
    world = new_world()
    await import_rows(world, sms_row("r-1"))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT + timedelta(hours=10))
    world.paylinks.pay(paylink_of(world, "r-1"))
    await world.tenant.clock.advance(to=SECOND_MIDNIGHT)

    first, second = world.results.files
    assert (first.name, second.name) == ("results_6500_1003_20240612.csv", "results_6500_1003_20240613.csv")
    assert table(first.content)[0]["smsresults_paylink_1_status"] == "ready"
    assert table(second.content)[0]["smsresults_paylink_1_status"] == "paid"
    assert table(second.content)[0]["identification_status"] == "created"  # the record's whole result


class CountedReference(str):
    """A record reference that counts how often it is compared: the work of finding it again."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountedReference.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


async def test_a_record_changed_again_is_found_without_going_through_the_days_other_records():
    world = new_world()
    references = [f"r-{n:04d}" for n in range(2000)]
    CountedReference.comparisons = 0
    for reference in [*references, *reversed(references)]:  # each changes twice, the second time backwards
        data = {"batch": "20240612-001", "script": "1003", "status": "created", "line": 1}
        world.tenant.emit("RecordStatusChanged", "import", "job", CountedReference(reference), data)
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [written] = world.results.files
    # Once each, in order of the first change; a few comparisons per change, not one per record
    # already changed that day (kept in a list, they took 4,002,000 comparisons per writer).
    assert [row["identification_identifier"] for row in table(written.content)] == references
    assert CountedReference.comparisons < 4 * 2 * len(references)


async def test_emandate_script_reports_the_mandate_status():
    world = new_world()
    row = sms_row("m-1", script="2001", to_mail_address="reminders@alphacomm.nl", to_phone_numbers=None)
    await import_rows(world, {k: v for k, v in row.items() if v is not None})
    mandate = world.imports.jobs.open[("2001", "m-1")].mandate_id
    world.mandates.act(mandate, "authorize")
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [written] = world.results.files
    assert written.name == "results_6500_2001_20240612.csv"
    [row] = table(written.content)
    assert row["identification_status"] == "created"
    assert row["paymailresults_emandate_1_status"] == str(world.mandates.get(mandate).status)
    assert row["paymailresults_email_1_status"] == "delivered"  # the mail of the job arrived


async def test_outbox_holds_the_same_bytes(tmp_path):
    world = new_world(tmp_path / "outbox")
    await import_rows(world, sms_row("r-1"))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [written] = world.results.files
    assert (tmp_path / "outbox" / written.name).read_bytes() == written.content


async def test_snapshot_and_restore_keep_the_pending_day():
    world = new_world()
    await import_rows(world, sms_row("r-1"))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)
    world.paylinks.pay(paylink_of(world, "r-1"))

    clock, paylinks, results = (
        world.tenant.clock.state(),
        world.paylinks.state(),
        world.results.state().model_dump_json(),
    )
    restored = new_world(with_fixtures=False)
    restored.tenant.clock.restore(clock)
    restored.paylinks.restore(paylinks)
    restored.results.restore(ResultsState.model_validate_json(results))
    assert restored.results.state().model_dump_json() == results
    await restored.tenant.clock.advance(to=SECOND_MIDNIGHT)

    first, second = restored.results.files
    assert first == world.results.files[0]
    assert second.name == "results_6500_1003_20240613.csv"
    assert table(second.content)[0]["smsresults_paylink_1_status"] == "paid"


async def test_a_duplicate_dropped_in_its_batch_leaves_the_imported_records_row():
    """One row per reference: the record that was imported, not the later line dropped as its repeat."""
    world = new_world()
    repeat = sms_row("r-1", to_phone_numbers=["+31687654321"])
    await import_rows(world, sms_row("r-1"), repeat)
    assert [r.status for r in world.imports.batches.get("20240612-001").records] == ["created", "dropped"]
    world.paylinks.pay(paylink_of(world, "r-1"))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [row] = table(world.results.files[0].content)
    assert row["identification_identifier"] == "r-1"
    assert row["identification_status"] == "created"
    assert row["enrichmentresults_phonenumber_1"] == "+31612345678"  # the imported record's number
    assert row["smsresults_paylink_1_status"] == "paid"


async def test_a_rejected_repeat_in_its_batch_leaves_the_imported_records_row():
    world = new_world()
    await import_rows(world, sms_row("r-1"), sms_row("r-1", invoice_reference=None))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT)

    [row] = table(world.results.files[0].content)
    assert (row["identification_status"], row["smsresults_paylink_1_status"]) == ("created", "ready")


async def test_a_later_batch_refusing_a_reference_shows_in_its_row():
    """Across batches the row follows the reference's latest record: the next day's file says the
    new record was rejected, beside the PayLink the earlier one opened."""
    world = new_world()
    await import_rows(world, sms_row("r-1"))
    await world.tenant.clock.advance(to=FIRST_MIDNIGHT + timedelta(hours=12))  # the next import window
    world.imports.add_records([sms_row("r-1", invoice_reference=None)], None)
    await world.tenant.clock.advance(to=SECOND_MIDNIGHT)

    [row] = table(world.results.files[1].content)
    assert (row["identification_batch"], row["identification_status"]) == ("20240613-001", "rejected")
    assert row["smsresults_paylink_1_status"] == "ready"
