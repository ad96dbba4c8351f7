"""A world of the default scenario for the voice tests, records of its voice script 6512, and
the VoiceCallCompleted events a world emits."""

from datetime import UTC, datetime, timedelta

from reminders_mock.core.events import DomainEvent
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.world import World, build_world
from tests.webhooks.helpers import ScriptedTransport

# Wednesday 2024-06-12 08:00 UTC (10:00 in Amsterdam); the import window opens at 10:00 UTC and
# the jobs come about a minute and a half later, inside the default calling window (09-20 local).
START = datetime(2024, 6, 12, 8, 0, tzinfo=UTC)
JOBS_MADE = datetime(2024, 6, 12, 10, 5, tzinfo=UTC)
LOCAL_NUMBER = "31513703800"


def new_world(**calling) -> World:
    """The default tenant; `calling` changes script 6512's calling settings."""
    spec = load_scenario("default").tenants[0]
    if calling:
        scripts = [
            s.model_copy(update={"calling": s.calling.model_copy(update=calling)}) if s.id == "6512" else s
            for s in spec.scripts
        ]
        spec = spec.model_copy(update={"scripts": scripts})
    return build_world(
        spec, seed=1, start=START, public_url="http://mock.test", transport=ScriptedTransport()
    )


def voice_row(reference: str, number: str, **changes) -> dict:
    """A record of voice script 6512, as addRecords takes its rows (snake_case)."""
    return {
        "reference": reference,
        "script": "6512",
        "person_family_name": "Alphacomm",
        "to_phone_numbers": [number],
        "invoice_amount": "1000",
        "invoice_currency": "EUR",
        **changes,
    }


def completed_calls(world: World) -> list[DomainEvent]:
    """A list that fills with the world's VoiceCallCompleted events from now on."""
    seen: list[DomainEvent] = []
    world.tenant.events.subscribe(
        lambda event: seen.append(event) if event.name == "VoiceCallCompleted" else None
    )
    return seen


async def import_and_call(world: World, *rows: dict, then: timedelta = timedelta(minutes=5)) -> None:
    """Import the rows, let the jobs be made and their first calls end."""
    world.imports.add_records(list(rows), None)
    await world.tenant.clock.advance(to=JOBS_MADE + then)


def node_results(events: list[dict]) -> list:
    """The data['result'] of every AddResult NodeResult, as the docs tell integrators to read them."""
    return [e["data"]["result"] for e in events if e["nodeType"] == "AddResult" and e["type"] == "NodeResult"]
