"""A world of the default scenario (its result files also written to an outbox when given), and rows
to import."""

from datetime import UTC, datetime
from pathlib import Path

from reminders_mock.scenario.loader import load_scenario
from reminders_mock.world import World, build_world
from tests.webhooks.helpers import ScriptedTransport

# The default scenario starts on Wednesday 2024-06-12 08:00 UTC, 10:00 in Amsterdam; the
# import window opens at 10:00 UTC; local midnight is 22:00 UTC.
START = datetime(2024, 6, 12, 8, 0, tzinfo=UTC)
FIRST_MIDNIGHT = datetime(2024, 6, 12, 22, 0, tzinfo=UTC)
SECOND_MIDNIGHT = datetime(2024, 6, 13, 22, 0, tzinfo=UTC)
AMOUNT = "10004"  # ends in 04: no built-in rule pays or visits it by itself


def new_world(outbox: Path | None = None, *, with_fixtures: bool = True) -> World:
    spec = load_scenario("default").tenants[0]
    world = build_world(
        spec,
        seed=1,
        start=START,
        public_url="http://mock.test",
        transport=ScriptedTransport(),
        with_fixtures=with_fixtures,
        outbox=outbox,
    )
    return world


def sms_row(reference: str, **changes) -> dict:
    """An SMS-with-PayLink record for script 1003, as addRecords takes its rows (snake_case)."""
    return {
        "reference": reference,
        "script": "1003",
        "person_family_name": "Alphacomm",
        "to_phone_numbers": ["+31612345678"],
        "invoice_description": "Example payment",
        "invoice_reference": "40824524",
        "invoice_currency": "EUR",
        "invoice_amount": AMOUNT,
        **changes,
    }


async def import_rows(world: World, *rows: dict) -> None:
    """Add the rows and let the import window take them up (jobs and PayLinks are made)."""
    world.imports.add_records(list(rows), None)
    await world.tenant.clock.advance(to=datetime(2024, 6, 12, 10, 5, tzinfo=UTC))


def paylink_of(world: World, reference: str, script: str = "1003") -> str:
    return world.imports.jobs.open[(script, reference)].paylink_id


def table(content: bytes) -> list[dict[str, str]]:
    lines = content.decode("utf-8").splitlines()
    header = lines[0].split(";")
    return [dict(zip(header, line.split(";"), strict=True)) for line in lines[1:]]


def api_paylink(world: World) -> str:
    """A PayLink made through the API (origin api), as the resolver hands it over (snake_case)."""
    fields = {
        "person_name": "Alphacomm",
        "invoice_amount": AMOUNT,
        "invoice_currency": "EUR",
        "invoice_description": "Example payment",
        "invoice_reference": "40824524",
        "invoice_date": world.tenant.clock.now(),
    }
    return world.paylinks.create_from_api(fields).id
