"""A population's records come in through the import like a customer's own: every generated record
passes its script's validation, and records made bad on purpose are rejected with the right message."""

from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from reminders_mock.core.vocabulary import RecordStatus, RowField
from reminders_mock.imports.model import MessageLevel
from reminders_mock.population import planned_outcomes
from reminders_mock.scenario.callr import CallrSpec
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.scenario.models import ScriptSpec
from tests.population.populated import advanced, populated, population_records, world_of


@st.composite
def scripts(draw) -> list[ScriptSpec]:
    """The default scenario's scripts, or one of any medium and service requiring any RowInput fields."""
    if draw(st.booleans()):
        return load_scenario("default").tenants[0].scripts
    required = draw(st.sets(st.sampled_from(get_args(RowField))))
    medium = draw(st.sampled_from(["mail", "sms", "voice"]))
    service = draw(st.sampled_from(["paylink", "emandate", None]))
    return [ScriptSpec(id="9001", medium=medium, service=service, required=sorted(required))]


@settings(max_examples=12)
@given(seed=st.integers(0, 2**32), size=st.integers(1, 120), scripts=scripts())
def test_every_generated_record_passes_its_scripts_validation(seed, size, scripts):
    world = advanced(world_of(populated({"size": size}, seed=seed, scripts=scripts)))

    records = population_records(world)

    assert len(records) == size
    assert [(r.reference, r.messages) for r in records if r.status != RecordStatus.created] == []
    assert all(r.messages == [] for r in records)


def test_an_invalid_share_is_that_share_of_rejected_records_each_with_the_field_it_got_wrong():
    world = world_of(populated({"size": 1000, "invalidShare": 0.02}))
    made = world.population.records(0)
    advanced(world)

    records = population_records(world)

    rejected = [(r, m) for r, m in zip(records, made, strict=True) if r.status == RecordStatus.rejected]
    assert len(rejected) == 20
    for record, generated in rejected:
        assert generated.defect is not None
        assert [(m.context, m.level) for m in record.messages] == [(generated.defect, MessageLevel.error)]
    assert all(m.defect is None for r, m in zip(records, made, strict=True) if r.status != "rejected")
    assert len({generated.defect for _, generated in rejected}) > 1  # more than one kind of mistake


def test_the_outcomes_read_back_from_the_imported_records_are_the_ones_planned():
    world = world_of(populated({"size": 300}))
    made = world.population.records(0)
    advanced(world)

    scripts = {script.id: script for script in world.spec.scripts}
    read_back = [planned_outcomes(scripts[r.script_id], r.fields) for r in population_records(world)]

    assert read_back == [generated.outcomes for generated in made]


def test_records_arrive_per_weekday_each_day_in_its_own_batch():
    world = world_of(populated({"size": 25, "arrivals": "10 per weekday"}))
    start = world.tenant.clock.now()

    advanced(world, by=start.replace(day=19) - start)  # Wednesday 12 June to Wednesday 19 June

    days = [(b.created_on.date().isoformat(), len(b.records)) for b in world.imports.batches if b.records]
    assert days == [("2024-06-12", 10), ("2024-06-13", 10), ("2024-06-14", 5)]


def test_arrivals_every_day_include_the_weekend():
    world = world_of(populated({"size": 40, "arrivals": "10 per day"}))

    assert [a.on.date().isoformat() for a in world.population.arrivals] == [
        "2024-06-12",
        "2024-06-13",
        "2024-06-14",
        "2024-06-15",
    ]


def test_a_batch_limit_splits_an_arrival_into_files_that_fit():
    world = advanced(world_of(populated({"size": 25}, max_records_per_batch=10)))

    assert [len(b.records) for b in world.imports.batches if b.records] == [10, 10, 5]
    assert {r.status for r in population_records(world)} == {RecordStatus.created}


def test_a_populations_sms_go_out_through_the_tenants_callr_account():
    world = advanced(world_of(populated({"size": 30, "scripts": {"1003": 1}}, callr=CallrSpec())))

    numbers = sorted(str(r.fields["toPhoneNumbers"][0]) for r in population_records(world))
    sent = sorted(sms.to for sms in world.callr.sms.messages.values())

    assert len(numbers) == 30 and sent == numbers
