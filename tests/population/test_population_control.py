"""GET /_mock/population: the portfolio counted per status, per script, per day and per outcome."""

from reminders_mock.app import create_app
from tests.conftest import PUBLIC_URL, Control
from tests.population.populated import populated
from tests.sandbox import advance


async def control_of(aiohttp_client, scenario) -> Control:
    return Control(await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL)))


async def test_the_summary_counts_records_per_status_script_day_and_outcome(aiohttp_client):
    control = await control_of(aiohttp_client, populated({"size": 60, "arrivals": "30 per day"}))

    _, before = await control.get("/_mock/population")
    await advance(control, "P1D")
    status, summary = await control.get("/_mock/population")

    assert status == 200
    assert before["records"] == 0 and [a["arrived"] for a in before["arrivals"]] == [True, False]
    assert summary["size"] == 60 and summary["locale"] == "nl_NL"
    assert summary["arrivals"] == [
        {"on": "2024-06-12T08:00:00+00:00", "records": 30, "arrived": True},
        {"on": "2024-06-13T05:00:00+00:00", "records": 30, "arrived": True},  # 07:00 in Amsterdam
    ]
    assert summary["records"] == 60 and summary["byStatus"] == {"created": 60}
    assert sum(s["records"] for s in summary["byScript"].values()) == 60
    assert set(summary["byScript"]) <= {"1001", "1003", "2001", "6512", "18301"}
    assert {day: d["records"] for day, d in summary["byDay"].items()} == {"2024-06-12": 30, "2024-06-13": 30}
    paid = summary["outcomes"]["payLink"]["paid"]
    assert paid["records"] == sum(paid["byStatus"].values()) and set(paid["byStatus"]) <= {"paid", "ready"}


async def test_rejected_records_count_under_their_status_and_reach_no_object(aiohttp_client):
    control = await control_of(aiohttp_client, populated({"size": 50, "invalidShare": 0.1}))

    await advance(control, "PT4H")
    _, summary = await control.get("/_mock/population")

    assert summary["byStatus"] == {"created": 45, "rejected": 5}
    reached = [
        s for kind in summary["outcomes"].values() for o in kind.values() for s in o["byStatus"].items()
    ]
    assert sum(count for status, count in reached if status == "none yet") >= 5


async def test_a_tenant_without_a_population_has_an_empty_summary(client, control):
    status, summary = await control.get("/_mock/population")

    assert status == 200
    assert summary == {
        "size": 0,
        "locale": None,
        "arrivals": [],
        "records": 0,
        "byStatus": {},
        "byScript": {},
        "byDay": {},
        "outcomes": {},
    }


async def test_a_restored_snapshot_carries_on_with_the_arrivals_still_to_come(aiohttp_client):
    scenario = populated({"size": 90, "arrivals": "30 per weekday"})
    straight, restored = (
        await control_of(aiohttp_client, scenario),
        await control_of(aiohttp_client, scenario),
    )

    await advance(straight, "P3D")
    await advance(restored, "PT4H")
    _, taken = await restored.get("/_mock/snapshot")
    await advance(restored, "PT4H")  # moves on past the snapshot, which the restore undoes
    status, _ = await restored.put("/_mock/snapshot", taken)
    assert status == 200
    await advance(restored, to="2024-06-15T08:00:00+00:00")  # where the straight one is

    _, expected = await straight.get("/_mock/population")
    _, summary = await restored.get("/_mock/population")
    assert summary == expected and summary["records"] == 90
