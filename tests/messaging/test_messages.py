"""Mail and SMS of imported records: rendered with the job's PayLink or mandate, moved through
their statuses on the clock, magic recipients, scenario templates, the control API."""

from datetime import timedelta

import pytest

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.control.messages import routes
from reminders_mock.core.values import format_money
from reminders_mock.messaging import MESSAGE_OUTCOMES
from reminders_mock.messaging.service import MessagingState
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.search_arguments import search_from_arguments

PUBLIC_URL = "http://mock.test"
ROW = {
    "reference": "f0e7a0c3",
    "person_family_name": "Alphacomm",
    "to_mail_address": "reminders@alphacomm.nl",
    "to_phone_numbers": ["+31612345678"],
    "invoice_description": "Example payment",
    "invoice_reference": "40824524",
    "invoice_currency": "EUR",
    "invoice_amount": "56445",
    "invoice_date": "2019-04-04",
}


def make_app(templates: dict[str, str] | None = None):
    scenario = load_scenario("default")
    if templates:
        tenant = scenario.tenants[0]
        scripts = [s.model_copy(update={"template": templates.get(s.id, s.template)}) for s in tenant.scripts]
        tenant = tenant.model_copy(update={"scripts": scripts})
        scenario = scenario.model_copy(update={"tenants": [tenant, *scenario.tenants[1:]]})
    app = create_app(scenario, public_url=PUBLIC_URL)
    world = app[REGISTRY].find("demo-key")
    return app, world


@pytest.fixture
def world():
    return make_app()[1]


async def import_rows(world, *rows: dict, by: timedelta = timedelta(hours=3)) -> None:
    world.imports.add_records(rows=list(rows), file=None)
    await world.tenant.clock.advance(by=by)


async def until_sent(world, row: dict) -> None:
    """Move the clock action by action until the import has taken the record up and sent."""
    world.imports.add_records(rows=[row], file=None)
    while not world.messaging.messages:
        await world.tenant.clock.advance(to=world.tenant.clock.pending[0].due)


def paylink_of(world, reference: str):
    filters = {"attributes": [{"id": "reference", "equal_to": reference}]}
    (link,) = world.paylinks.search(search_from_arguments(filters, None, 0, 20)).items
    return link


async def test_sms_of_a_paylink_script_holds_the_paylinks_short_url(world):
    await import_rows(world, {**ROW, "script": "1003"})
    (message,) = world.messaging.messages
    link = paylink_of(world, "f0e7a0c3")
    assert message.channel == "sms" and message.to == "+31612345678"
    assert link.short_url in message.text and "€ 564,45" in message.text
    assert message.subject is None and message.reference == "f0e7a0c3" and message.script_id == "1003"


async def test_mail_of_a_paylink_script_holds_the_long_url_and_a_subject(world):
    await import_rows(world, {**ROW, "script": "1001"})
    (message,) = world.messaging.messages
    assert message.channel == "mail" and message.to == "reminders@alphacomm.nl"
    assert paylink_of(world, "f0e7a0c3").long_url in message.text
    assert message.subject == "Payment reminder: Example payment"
    assert "Dear Alphacomm" in message.text and "€ 564,45" in message.text


async def test_mail_of_an_emandate_script_holds_the_mandates_url(world):
    await import_rows(world, {**ROW, "script": "2001"})
    (message,) = world.messaging.messages
    mandate = world.mandates.get(world.imports.jobs.all[0].mandate_id)
    assert mandate.long_url in message.text and "/mandate/" in mandate.long_url


async def test_voice_scripts_send_no_message(world):
    await import_rows(world, {**ROW, "script": "6512"})
    assert world.messaging.messages == []


async def test_sms_is_sent_at_once_and_delivered_five_seconds_later(world):
    await until_sent(world, {**ROW, "script": "1003"})
    (message,) = world.messaging.messages
    assert message.status == "sent"
    await world.tenant.clock.advance(by=timedelta(seconds=4))
    assert message.status == "sent"
    await world.tenant.clock.advance(by=timedelta(seconds=1))
    assert message.status == "delivered"
    assert [c.status for c in message.history] == ["sent", "delivered"]
    assert message.history[1].at - message.history[0].at == timedelta(seconds=5)


async def test_mail_is_delivered_thirty_seconds_after_it_was_sent(world):
    await until_sent(world, {**ROW, "script": "1001"})
    (message,) = world.messaging.messages
    await world.tenant.clock.advance(by=timedelta(seconds=29))
    assert message.status == "sent"
    await world.tenant.clock.advance(by=timedelta(seconds=1))
    assert message.status == "delivered"


async def test_every_status_change_is_an_event_for_the_result_files(world):
    seen = []
    world.tenant.events.subscribe(lambda e: seen.append(e) if e.name == "MessageStatusChanged" else None)
    await import_rows(world, {**ROW, "script": "1003"})
    message = world.messaging.messages[0]
    assert [(e.service, e.service_id, e.reference, e.data) for e in seen] == [
        (
            "sms",
            message.id,
            "f0e7a0c3",
            {"status": status, "channel": "sms", "to": "+31612345678", "script": "1003"},
        )
        for status in ("sent", "delivered")
    ]


@pytest.mark.parametrize(
    ("script", "recipient", "statuses"),
    [
        ("1003", {"to_phone_numbers": ["+31612340009"]}, ["sent", "failed"]),
        ("1001", {"to_mail_address": "jan+fail@example.com"}, ["sent", "failed"]),
        ("1001", {"to_mail_address": "jan+bounce@example.com"}, ["sent", "bounced"]),
        ("1001", {"to_mail_address": "jan@example.com"}, ["sent", "delivered"]),
    ],
)
async def test_magic_recipients_decide_how_a_message_fares(world, script, recipient, statuses):
    await import_rows(world, {**ROW, "script": script, **recipient})
    (message,) = world.messaging.messages
    assert [c.status for c in message.history] == statuses


def test_the_magic_table_is_plain_data():
    assert MESSAGE_OUTCOMES["sms"]["numberEndsWith"]["0009"][-1] == ["failed", 5]
    assert set(MESSAGE_OUTCOMES["mail"]["localPartEndsWith"]) == {"+fail", "+bounce"}


async def test_a_record_imported_again_sends_a_new_message(world):
    await import_rows(world, {**ROW, "script": "1003"})
    await import_rows(world, {**ROW, "script": "1003", "invoice_amount": "100"}, by=timedelta(days=1))
    first, second = world.messaging.messages
    assert first.job_id == second.job_id and first.id != second.id
    assert "€ 1,00" in second.text and second.status == "delivered"


class WatchedJobs(list):
    """The jobs, counting every job visited by going through them."""

    visited = 0

    def __iter__(self):
        for job in super().__iter__():
            WatchedJobs.visited += 1
            yield job

    def __reversed__(self):
        for job in super().__reversed__():
            WatchedJobs.visited += 1
            yield job


async def test_the_job_of_a_message_is_found_by_its_id_without_going_through_every_job(world):
    world.imports.jobs.all = WatchedJobs()
    WatchedJobs.visited = 0
    rows = [{**ROW, "reference": f"r-{n}", "script": "1003"} for n in range(300)]

    await import_rows(world, *rows)
    await import_rows(world, *rows, by=timedelta(days=1))  # every job updated: a message each

    assert len(world.messaging.messages) == 2 * len(rows)
    assert WatchedJobs.visited == 0  # going through the jobs, newest first, visited 45,450


async def test_a_scenario_template_is_used():
    _, world = make_app({"1003": "Hi {{ personFamilyName }}, pay {{ amount }}: {{ url }} ({{ nothing }})"})
    await import_rows(world, {**ROW, "script": "1003"})
    link = paylink_of(world, "f0e7a0c3")
    assert world.messaging.messages[0].text == f"Hi Alphacomm, pay € 564,45: {link.short_url} ()"


async def test_a_scenario_template_has_jinja2_s_globals():
    _, world = make_app({"1003": "{% for n in range(3) %}{{ n }}{% endfor %} {{ namespace(a='ok').a }}"})
    await import_rows(world, {**ROW, "script": "1003"})
    assert world.messaging.messages[0].text == "012 ok"


async def test_a_mail_template_may_start_with_its_subject():
    _, world = make_app({"1001": "Subject: Pay {{ invoiceReference }}\n\nPlease: {{ longUrl }}"})
    await import_rows(world, {**ROW, "script": "1001"})
    (message,) = world.messaging.messages
    assert message.subject == "Pay 40824524"
    assert message.text == f"Please: {paylink_of(world, 'f0e7a0c3').long_url}"


@pytest.mark.parametrize(
    "template",
    [
        "{{ amount.nope() }}",  # Jinja2's own error
        "{{ invoiceAmount + 1 }}",  # Python's: the amount is text (TypeError)
        "{{ 1 // (invoiceAmount | int - 56445) }}",  # ZeroDivisionError
        "{{ range(10**9) | list }}",  # the sandbox's OverflowError
    ],
)
async def test_a_template_that_breaks_on_the_data_fails_the_message_not_the_import(template):
    _, world = make_app({"1003": template})
    rows = [{**ROW, "script": "1003", "reference": f"r-{n}"} for n in range(3)]

    batch = world.imports.add_records(rows=rows, file=None)
    await world.tenant.clock.advance(by=timedelta(hours=3))

    assert [record.status for record in batch.records] == ["created"] * 3
    assert [message.status for message in world.messaging.messages] == ["failed"] * 3
    assert all(message.text.startswith("template error: ") for message in world.messaging.messages)


@pytest.mark.parametrize(
    ("cents", "currency", "shown"),
    [
        ("56445", "EUR", "€ 564,45"),
        ("5", "EUR", "€ 0,05"),
        ("123456789", "USD", "$ 1.234.567,89"),
        ("100", "SEK", "SEK 1,00"),
        ("", "EUR", ""),
    ],
)
def test_amounts_are_shown_from_cents(cents, currency, shown):
    assert format_money(cents, currency) == shown


async def test_snapshot_and_restore_keep_messages_and_pending_statuses(world):
    await until_sent(world, {**ROW, "script": "1001"})
    data = world.messaging.state().model_dump_json()
    fresh = make_app()[1]
    fresh.messaging.restore(MessagingState.model_validate_json(data))
    assert fresh.messaging.state().model_dump_json() == data
    assert fresh.messaging.messages[0].status == "sent"
    fresh.messaging._move(fresh.messaging.messages[0].id, "delivered")  # as the restored clock would
    assert fresh.messaging.messages[0].history[-1].status == "delivered"


async def test_control_api_lists_finds_and_filters_messages(aiohttp_client):
    app, world = make_app()
    app.router.add_routes(routes)
    client = await aiohttp_client(app)
    await import_rows(world, {**ROW, "script": "1003"}, {**ROW, "script": "1001", "reference": "other"})
    headers = {"X-AUTH-TOKEN": "demo-key"}
    body = await (await client.get("/_mock/messages", headers=headers)).json()
    assert [m["channel"] for m in body["messages"]] == ["sms", "mail"]
    found = await (await client.get("/_mock/messages?reference=other", headers=headers)).json()
    assert [m["reference"] for m in found["messages"]] == ["other"]
    sms = await (await client.get("/_mock/messages?channel=sms", headers=headers)).json()
    one = sms["messages"][0]
    assert set(one) >= {"id", "jobId", "scriptId", "to", "subject", "text", "status", "createdOn", "history"}
    assert one["createdOn"].endswith("+00:00")
    response = await client.get(f"/_mock/messages/{one['id']}", headers=headers)
    assert response.status == 200 and (await response.json()) == one
    missing = await client.get("/_mock/messages/nope", headers=headers)
    assert missing.status == 404
