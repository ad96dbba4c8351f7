"""Time windows "HH:MM-HH:MM" and weekly schedules of them: parsing, what a window contains, when
the next one opens (across midnight and DST changes), and how a scenario file reports bad ones."""

import asyncio
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from reminders_mock import resources
from reminders_mock.cli import main
from reminders_mock.core.windows import PATTERN, WEEKDAYS, TimeWindow, WeeklyWindows, next_window_start
from reminders_mock.scenario.loader import ScenarioError, scenario_from_data
from reminders_mock.world import build_world
from tests.voice.helpers import voice_row
from tests.webhooks.helpers import ScriptedTransport

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WEEKLY = TypeAdapter(WeeklyWindows)
EXPECTED = "expected a window of the tenant's local time as HH:MM-HH:MM, e.g. 08:00-09:30"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def weekly(windows: dict[str, list[str]]) -> dict:
    return WEEKLY.validate_python(windows)


# ---------------------------------------------------------------- reading a window


@pytest.mark.parametrize(
    ("text", "opens", "closes", "length"),
    [
        ("08:00-09:30", time(8), time(9, 30), timedelta(hours=1, minutes=30)),
        ("22:00-02:00", time(22), time(2), timedelta(hours=4)),
        ("08:00-00:00", time(8), time(0), timedelta(hours=16)),
        ("08:00-24:00", time(8), time(0), timedelta(hours=16)),
        ("00:00-24:00", time(0), time(0), timedelta(days=1)),
        ("23:59-00:00", time(23, 59), time(0), timedelta(minutes=1)),
    ],
)
def test_a_window_reads_its_opening_and_closing_and_writes_the_same_text(text, opens, closes, length):
    window = TimeWindow.parse(text)
    assert (window.opens, window.closes, window.length) == (opens, closes, length)
    assert str(window) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-5", f"{EXPECTED}, got '9-5'"),
        ("9:00-17:00", f"{EXPECTED}, got '9:00-17:00'"),
        ("09:00 - 17:00", f"{EXPECTED}, got '09:00 - 17:00'"),
        ("", f"{EXPECTED}, got ''"),
        (None, f"{EXPECTED}, got None"),
        (900, f"{EXPECTED}, got 900"),
        (
            "25:00-26:00",
            f"{EXPECTED}, hours 00-23 and minutes 00-59 (24:00 may close one), got '25:00-26:00'",
        ),
        (
            "08:60-09:00",
            f"{EXPECTED}, hours 00-23 and minutes 00-59 (24:00 may close one), got '08:60-09:00'",
        ),
        (
            "08:00-24:30",
            f"{EXPECTED}, hours 00-23 and minutes 00-59 (24:00 may close one), got '08:00-24:30'",
        ),
        (
            "24:00-08:00",
            "expected a window that opens before 24:00 (24:00 only closes one), got '24:00-08:00'",
        ),
        (
            "09:00-09:00",
            "expected a window that closes at another time than it opens (00:00-24:00 is the whole day), "
            "got '09:00-09:00'",
        ),
        (
            "00:00-00:00",
            "expected a window that closes at another time than it opens (00:00-24:00 is the whole day), "
            "got '00:00-00:00'",
        ),
    ],
)
def test_a_window_that_cannot_be_read_says_what_was_expected(text, message):
    with pytest.raises(ValueError) as error:
        TimeWindow.parse(text)
    assert str(error.value) == message


numbers = st.integers(0, 99).map(lambda number: f"{number:02d}")


@given(numbers, numbers, numbers, numbers)
def test_the_json_schema_pattern_and_the_parser_agree_but_for_an_empty_window(a, b, c, d):
    text = f"{a}:{b}-{c}:{d}"
    try:
        TimeWindow.parse(text)
        parsed = True
    except ValueError:
        parsed = False
    assert parsed == (re.fullmatch(PATTERN, text) is not None and f"{a}:{b}" != f"{c}:{d}")


def test_a_weekly_schedule_dumps_as_the_text_it_was_read_from_and_reads_back():
    texts = {"monday": ["08:00-24:00", "22:00-02:00"], "sunday": ["00:00-24:00"], "friday": []}
    schedule = weekly(texts)
    assert schedule["monday"][0] == TimeWindow(time(8), time(0), closes_at_24=True)
    assert WEEKLY.dump_python(schedule, mode="json") == texts
    assert weekly(WEEKLY.dump_python(schedule)) == schedule


def test_a_weekly_schedule_refuses_a_day_that_is_not_a_weekday_at_that_day():
    with pytest.raises(ValidationError) as error:
        weekly({"Monday": ["08:00-09:00"], "monday": ["9-5"]})
    problems = {problem["loc"]: str(problem["ctx"]["error"]) for problem in error.value.errors()}
    assert problems == {
        ("monday", 0): f"{EXPECTED}, got '9-5'",
        ("Monday",): "expected a weekday in lowercase English: "
        "monday, tuesday, wednesday, thursday, friday, saturday, sunday",
    }


# ---------------------------------------------------------------- what a window contains


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("09:00-17:00", [time(9), time(16, 59, 59, 999999)], [time(8, 59, 59), time(17), time(0)]),
        ("22:00-02:00", [time(22), time(23, 30), time(0), time(1, 59)], [time(2), time(12), time(21, 59)]),
        ("08:00-24:00", [time(8), time(23, 59, 59, 999999)], [time(0), time(7, 59)]),
        ("00:00-24:00", [time(0), time(12), time(23, 59, 59, 999999)], []),
    ],
)
def test_a_window_contains_its_opening_and_not_its_closing(text, inside, outside):
    window = TimeWindow.parse(text)
    assert all(window.contains(moment) for moment in inside)
    assert not any(window.contains(moment) for moment in outside)


# ---------------------------------------------------------------- when the next window opens

WORKDAYS = weekly({day: ["08:00-09:00", "12:00-13:00", "16:00-17:00"] for day in WEEKDAYS[:5]})


@pytest.mark.parametrize(
    ("now", "starts"),
    [
        (local(2024, 6, 12, 12, 30), local(2024, 6, 12, 12, 30)),  # Wednesday, inside: at once
        (local(2024, 6, 12, 12, 0), local(2024, 6, 12, 12, 0)),  # the opening itself is inside
        (local(2024, 6, 12, 10, 0), local(2024, 6, 12, 12, 0)),  # before: the next opening that day
        (local(2024, 6, 12, 13, 0), local(2024, 6, 12, 16, 0)),  # the closing is not inside
        (local(2024, 6, 12, 17, 30), local(2024, 6, 13, 8, 0)),  # after the day's last window
        (local(2024, 6, 14, 17, 0), local(2024, 6, 17, 8, 0)),  # Friday evening: Monday morning
        (local(2024, 6, 15, 12, 0), local(2024, 6, 17, 8, 0)),  # Saturday
    ],
)
def test_the_next_window_start_on_workdays(now, starts):
    assert next_window_start(now.astimezone(UTC), WORKDAYS, AMSTERDAM) == starts


def test_the_next_window_start_is_in_the_tenants_time_zone():
    starts = next_window_start(datetime(2024, 6, 12, 8, 0, tzinfo=UTC), WORKDAYS, AMSTERDAM)
    assert starts.tzinfo == AMSTERDAM and (starts.hour, starts.minute) == (12, 0)


@pytest.mark.parametrize(
    ("now", "starts"),
    [
        (local(2024, 6, 14, 21, 0), local(2024, 6, 14, 22, 0)),  # Friday before it opens
        (local(2024, 6, 14, 23, 0), local(2024, 6, 14, 23, 0)),  # Friday night, inside
        (local(2024, 6, 15, 1, 59), local(2024, 6, 15, 1, 59)),  # Saturday, still Friday's window
        (local(2024, 6, 15, 2, 0), local(2024, 6, 21, 22, 0)),  # closed: next Friday
    ],
)
def test_a_window_across_midnight_is_open_until_its_closing_the_next_day(now, starts):
    schedule = weekly({"friday": ["22:00-02:00"]})
    assert next_window_start(now, schedule, AMSTERDAM) == starts


def test_a_sunday_window_across_midnight_runs_into_monday():
    schedule = weekly({"sunday": ["23:00-06:00"], "monday": ["09:00-10:00"]})
    monday_early = local(2024, 6, 17, 5, 0)
    assert next_window_start(monday_early, schedule, AMSTERDAM) == monday_early
    assert next_window_start(local(2024, 6, 17, 6, 0), schedule, AMSTERDAM) == local(2024, 6, 17, 9, 0)


@pytest.mark.parametrize("schedule", [{}, {"monday": []}, {day: [] for day in WEEKDAYS}])
def test_a_schedule_without_windows_starts_at_once(schedule):
    now = datetime(2024, 6, 12, 3, 17, tzinfo=UTC)
    assert next_window_start(now, weekly(schedule), AMSTERDAM) == now


def test_a_window_on_a_dst_change_day_opens_at_its_local_time():
    schedule = weekly({"sunday": ["08:00-09:00"]})
    # 2024-03-31 the clocks go from 02:00 to 03:00 in Amsterdam; 2024-10-27 from 03:00 back to 02:00.
    spring = next_window_start(datetime(2024, 3, 30, 23, 0, tzinfo=UTC), schedule, AMSTERDAM)
    autumn = next_window_start(datetime(2024, 10, 26, 22, 0, tzinfo=UTC), schedule, AMSTERDAM)
    assert spring == datetime(2024, 3, 31, 6, 0, tzinfo=UTC)  # 08:00 summer time
    assert autumn == datetime(2024, 10, 27, 7, 0, tzinfo=UTC)  # 08:00 winter time


def test_a_window_across_the_night_the_clocks_go_back_stays_open_through_the_repeated_hour():
    schedule = weekly({"saturday": ["22:00-04:00"]})
    second_half_past_two = datetime(2024, 10, 27, 1, 30, tzinfo=UTC)  # 02:30 winter time, the second one
    after = datetime(2024, 10, 27, 3, 0, tzinfo=UTC)  # 04:00 winter time
    assert next_window_start(second_half_past_two, schedule, AMSTERDAM) == second_half_past_two
    assert next_window_start(after, schedule, AMSTERDAM) == local(2024, 11, 2, 22, 0)


def test_a_window_the_clocks_skip_opens_when_they_jump():
    schedule = weekly({"sunday": ["02:00-03:00"]})
    starts = next_window_start(datetime(2024, 3, 30, 23, 0, tzinfo=UTC), schedule, AMSTERDAM)
    assert starts == datetime(2024, 3, 31, 1, 0, tzinfo=UTC)  # 03:00 summer time, the jump


# ---------------------------------------------------------------- in a scenario file


def default_scenario_text() -> str:
    return resources.scenario_path("default").read_text(encoding="utf-8")


def test_validate_names_the_file_line_and_field_of_a_bad_calling_window(tmp_path, capsys):
    text = default_scenario_text()
    calling = '        calling: {maxAttempts: 3, retryInterval: PT2H, localNumber: "31513703800"}\n'
    assert calling in text  # script 6512, the fourth script
    bad = (
        "        calling:\n"
        "          maxAttempts: 3\n"
        "          window:\n"
        '            munday: ["09:00-17:00"]\n'
        '            monday: ["9-5"]\n'
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(calling, bad), encoding="utf-8")
    lines = broken.read_text(encoding="utf-8").splitlines()
    munday, monday = lines.index(bad.splitlines()[3]) + 1, lines.index(bad.splitlines()[4]) + 1

    assert main(["validate", str(broken)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{broken}:{monday}: tenants[0].scripts[3].calling.window.monday[0]: {EXPECTED}, got '9-5'",
        f"{broken}:{munday}: tenants[0].scripts[3].calling.window.munday: expected a weekday in "
        "lowercase English: monday, tuesday, wednesday, thursday, friday, saturday, sunday",
    ]


def test_an_interval_of_a_flow_written_out_is_checked_in_the_file(tmp_path, capsys):
    node = "            - {id: hours, type: IsTimeInInterval, interval: '17:00-17:00'}"
    text = default_scenario_text().replace(
        "        flow: outbound-v1\n", f"        flow:\n          start: hours\n          nodes:\n{node}\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")

    assert main(["validate", str(broken)]) == 1
    line = text.splitlines().index(node) + 1
    # Once, at the node's own line and field: not also as "not the name of a built-in flow".
    assert capsys.readouterr().out.splitlines() == [
        f"{broken}:{line}: tenants[0].scripts[3].flow.nodes[0].interval: expected a window that closes "
        "at another time than it opens (00:00-24:00 is the whole day), got '17:00-17:00'"
    ]


# ---------------------------------------------------------------- no clock action meets a bad window

HH_MM_HH_MM = "{:02d}:{:02d}-{:02d}:{:02d}".format
good_windows = st.one_of(
    st.builds(HH_MM_HH_MM, *[st.integers(0, 23), st.integers(0, 59)] * 2),
    st.sampled_from(["00:00-24:00", "22:00-02:00", "23:59-00:00", "08:00-24:00"]),
)
any_windows = st.one_of(
    good_windows,
    st.builds(HH_MM_HH_MM, *[st.integers(0, 25), st.integers(0, 61)] * 2),
    st.sampled_from(["24:00-24:00", "24:00-08:00", "9-5", "09:00 - 17:00"]),
    st.text(max_size=12),
)
good_schedules = st.dictionaries(st.sampled_from(WEEKDAYS), st.lists(good_windows, max_size=3), max_size=4)
any_schedules = st.dictionaries(
    st.sampled_from([*WEEKDAYS, "munday", "Monday", "sun", "weekend"]),
    st.lists(any_windows, max_size=3),
    max_size=4,
)
# Mostly schedules that may pass, so that most examples get as far as the clock.
schedules = st.one_of(good_schedules, good_schedules, good_schedules, any_schedules)
STARTS = [
    datetime(2024, 6, 12, 8, 0, tzinfo=UTC),  # a Wednesday morning
    datetime(2024, 3, 30, 20, 0, tzinfo=UTC),  # the evening before the clocks go forward
    datetime(2024, 10, 26, 21, 30, tzinfo=UTC),  # the evening before they go back
]
FIELD = re.compile(
    r"generated: tenants\[0\]\.(importSchedule|scripts\[[34]\]\.calling\.window)\.\w+(\[\d+\])?: "
)


def valid(schedule: dict[str, list[str]]) -> bool:
    """The oracle: the published pattern, and a window that closes at another time than it opens."""
    return all(day in WEEKDAYS for day in schedule) and all(
        re.fullmatch(PATTERN, text) is not None and text[:5] != text[6:]
        for texts in schedule.values()
        for text in texts
    )


async def import_and_run_for_eight_days(scenario, start: datetime) -> None:
    world = build_world(
        scenario.tenants[0], seed=1, start=start, public_url="http://mock.test", transport=ScriptedTransport()
    )
    rows = [
        voice_row("R1", "+31612340001"),  # busy: called again, within the window, across days
        voice_row("R2", "+31612345678"),
        voice_row("R3", "+31612340002", script="18301"),  # nobody answers: tried again too
    ]
    world.imports.add_records(rows, None)  # queued until the next import window
    await world.tenant.clock.advance(by=timedelta(days=8))
    assert len(world.imports.jobs.all) == len(rows)  # the import window came within the week


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(imports=schedules, calls=schedules, others=schedules, start=st.sampled_from(STARTS))
def test_no_clock_action_raises_on_windows_that_validate_accepted(imports, calls, others, start):
    data = yaml.safe_load(default_scenario_text())
    tenant = data["tenants"][0]
    tenant["importSchedule"] = imports
    tenant["scripts"][3]["calling"]["window"] = calls  # 6512
    tenant["scripts"][4]["calling"]["window"] = others  # 18301
    try:
        scenario = scenario_from_data(data, origin="generated")
    except ScenarioError as error:
        event("refused")
        assert not (valid(imports) and valid(calls) and valid(others))
        problems = str(error).splitlines()
        assert problems and all(FIELD.match(problem) for problem in problems), problems
        return
    event("accepted")
    assert valid(imports) and valid(calls) and valid(others)
    asyncio.run(import_and_run_for_eight_days(scenario, start))


def test_the_shipped_default_scenario_still_reads_its_windows():
    data = yaml.safe_load(Path(resources.scenario_path("default")).read_text(encoding="utf-8"))
    tenant = scenario_from_data(data, origin="default").tenants[0]
    assert [str(window) for window in tenant.import_schedule["monday"]] == [
        "08:00-09:00",
        "12:00-13:00",
        "16:00-17:00",
    ]
    assert [str(window) for window in tenant.scripts[3].calling.window["saturday"]] == ["10:00-16:00"]
