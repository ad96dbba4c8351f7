"""The Python client against a real server (the plugin's fixtures): the documented operations in
the platform's words, the control API, errors that say what was wrong, and the async twin."""

from datetime import timedelta

import pytest

from reminders_mock import AsyncClient, Client
from reminders_mock.client import ClientError

RECORD = {
    "reference": "client-1",
    "script": "1001",
    "personFamilyName": "Alphacomm",
    "toMailAddress": "reminders@alphacomm.nl",
    "invoiceDescription": "Example payment",
    "invoiceReference": "40824524",
    "invoiceCurrency": "EUR",
    "invoiceAmount": "56400",
}


def test_a_paylink_created_through_the_client_is_found_paid_after_an_advance(reminders_mock: Client):
    link = reminders_mock.create_paylink("15497", person_name="J. Jansen")
    assert (link["status"], link["personName"], link["invoiceAmount"]) == ("ready", "J. Jansen", "15497")

    reminders_mock.advance("PT1H")

    found = reminders_mock.paylink(link["id"])
    assert (found["status"], found["amountPaid"]) == ("paid", 15497)
    assert link["id"] in [p["id"] for p in reminders_mock.search_paylinks(status="paid")]
    assert link["id"] not in [p["id"] for p in reminders_mock.search_paylinks(status="cancelled")]


def test_the_simulated_person_acts_through_the_control_api(reminders_mock: Client):
    link = reminders_mock.create_paylink("10004")  # ends in 04: no rule moves it
    assert reminders_mock.visit(link["id"])["status"] == "started"
    assert reminders_mock.pay(link["id"], amount="half")["amountPaid"] == 5002

    mandate = reminders_mock.create_mandate("AC-LIFE-NEW")  # -NEW: no rule moves it
    assert reminders_mock.authorize(mandate["id"])["status"] == "pending"
    assert reminders_mock.mandate(mandate["id"])["status"] == "pending"
    assert reminders_mock.paylink("no-such-id") is None


def test_the_clock_moves_by_a_duration_to_a_moment_a_step_or_until_idle(reminders_mock: Client):
    start = reminders_mock.clock()
    assert reminders_mock.advance(timedelta(minutes=30))["now"] == "2024-06-12T08:30:00+00:00"
    assert reminders_mock.advance_to("2024-06-12T09:00:00+00:00")["now"] == "2024-06-12T09:00:00+00:00"
    stepped = reminders_mock.step()
    assert stepped["now"] == start["nextDue"] and stepped["ran"] >= 1
    assert reminders_mock.run_until_idle("PT0S")["ran"] == 0


def test_records_go_in_as_rows_or_as_a_file_and_the_batch_is_found_by_name(reminders_mock: Client, tmp_path):
    by_rows = reminders_mock.add_records(rows=[RECORD])
    assert [r["reference"] for r in by_rows["records"]] == ["client-1"]
    assert reminders_mock.batch(by_rows["name"])["name"] == by_rows["name"]

    csv = tmp_path / "records.csv"
    csv.write_text("identification_identifier,identification_script\nfile-1,1001\n")
    by_file = reminders_mock.add_records(file=csv)
    assert by_file["name"] != by_rows["name"] and by_file["records"] == []
    assert reminders_mock.batch("no-such-batch") is None
    with pytest.raises(ValueError, match="exactly one of rows"):
        reminders_mock.add_records()


def test_a_graphql_error_and_a_refused_control_call_raise_client_error_with_the_field(reminders_mock: Client):
    with pytest.raises(ClientError) as graphql:
        reminders_mock.create_paylink("15497", invoice_currency="EURO")
    assert graphql.value.status == 200 and "invoiceCurrency" in str(graphql.value)
    assert graphql.value.errors[0]["extensions"]["code"]

    with pytest.raises(ClientError) as control:
        reminders_mock.advance("soon")
    assert control.value.status == 400 and control.value.errors["field"] == "by"


def test_an_unknown_key_is_refused_with_401(reminders_mock_server):
    with pytest.raises(ClientError) as refused, Client(reminders_mock_server.url, "no-such-key") as stranger:
        stranger.clock()
    assert refused.value.status == 401


def test_new_tenants_with_one_seed_get_the_same_ids_and_never_share_objects(reminders_mock: Client):
    first, second = reminders_mock.new_tenant(seed=42), reminders_mock.new_tenant(seed=42)
    with first, second:
        assert first.key != second.key
        made = first.create_paylink("15497")
        assert second.create_paylink("15497")["id"] == made["id"]
        assert made["id"] in [p["id"] for p in first.search_paylinks()]
        assert made["id"] not in [p["id"] for p in reminders_mock.search_paylinks()]


def test_snapshot_and_restore_bring_a_tenant_back(reminders_mock: Client):
    taken = reminders_mock.snapshot()
    link = reminders_mock.create_paylink("15497")
    reminders_mock.restore(taken)
    assert reminders_mock.paylink(link["id"]) is None
    assert reminders_mock.stop_calling(18301, "your_identifier") == "done"


async def test_the_async_twin_answers_the_same_operations(reminders_mock_async: AsyncClient):
    link = await reminders_mock_async.create_paylink("15497")
    await reminders_mock_async.advance("PT1H")
    assert (await reminders_mock_async.paylink(link["id"]))["status"] == "paid"
    deliveries = await reminders_mock_async.deliveries(event="PayLinkPaid")
    assert deliveries == []  # the default tenant of a new one has no endpoints


def test_a_webhook_added_at_run_time_receives_until_it_is_removed(reminders_mock: Client, webhook_receiver):
    endpoint_id = reminders_mock.add_webhook(webhook_receiver.url, events=["PayLinkPaid"])
    assert endpoint_id.startswith("we_")
    assert endpoint_id in [endpoint["id"] for endpoint in reminders_mock.webhooks()]

    first = reminders_mock.create_paylink("15497")
    reminders_mock.advance("PT1H")
    assert webhook_receiver.wait_for(event="PayLinkPaid").body["serviceId"] == first["id"]

    reminders_mock.remove_webhook(endpoint_id)
    reminders_mock.create_paylink("15497")
    reminders_mock.advance("PT1H")
    assert [r.body["serviceId"] for r in webhook_receiver.received] == [first["id"]]
    assert endpoint_id not in [endpoint["id"] for endpoint in reminders_mock.webhooks()]
