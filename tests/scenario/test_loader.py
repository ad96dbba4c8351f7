"""Scenario files: YAML in, a validated Scenario out, or a ScenarioError naming file and field."""

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from reminders_mock.scenario.loader import ScenarioError, load_scenario, load_scenarios

TENANT = {
    "customer": "7000",
    "timezone": "Europe/Amsterdam",
    "apiKeys": [{"key": "key-7000", "allow": "127.1.1.1 192.1.0.0/32"}],
    "scripts": [{"id": "1001", "medium": "mail", "service": "paylink"}],
}

START = "2025-01-01T00:00:00+00:00"

BATCH = {"name": "Test", "createdOn": START}

SCENARIO = {
    "seed": 5,
    "clock": {"start": START, "mode": "manual"},
    "tenants": [TENANT],
}


def write(directory: Path, name: str, data: object) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def with_tenant(**changes) -> dict:
    return {**SCENARIO, "tenants": [{**TENANT, **changes}]}


def without_tenant_field(name: str) -> dict:
    return {**SCENARIO, "tenants": [{k: v for k, v in TENANT.items() if k != name}]}


def load_error(path: Path) -> str:
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    return str(raised.value)


def test_the_default_scenario_loads_by_name():
    scenario = load_scenario("default")

    [tenant] = scenario.tenants
    assert tenant.customer == "6500"
    assert [key.key for key in tenant.api_keys] == ["demo-key", "demo-key-restricted"]
    assert [script.id for script in tenant.scripts] == ["1001", "1003", "2001", "6512", "18301"]
    assert scenario.clock.start == datetime.fromisoformat("2024-06-12T08:00:00+00:00")
    assert scenario.seed == 1


def test_a_scenario_file_loads_by_path(tmp_path):
    scenario = load_scenario(write(tmp_path, "mine.yaml", SCENARIO))

    assert scenario.seed == 5
    assert scenario.tenants[0].customer == "7000"
    assert scenario.tenants[0].scripts[0].medium == "mail"


def test_a_path_given_as_text_loads_too(tmp_path):
    path = write(tmp_path, "mine.yaml", SCENARIO)

    assert load_scenario(str(path)).tenants[0].customer == "7000"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (with_tenant(scripts=[{"id": "1001", "medium": "fax"}]), "tenants[0].scripts[0].medium"),
        (without_tenant_field("customer"), "tenants[0].customer"),
        (with_tenant(customer="  "), "tenants[0].customer"),
        (with_tenant(apiKeys=[{"key": "k", "allow": "not-an-ip"}]), "tenants[0].apiKeys[0].allow"),
        (with_tenant(apiKeys=[]), "tenants[0].apiKeys"),
        (with_tenant(timezone="Mars/Olympus_Mons"), "tenants[0].timezone"),
        (
            with_tenant(scripts=[{"id": "1", "medium": "sms", "required": ["shoeSize"]}]),
            "tenants[0].scripts[0].required[0]",
        ),
        (
            with_tenant(fixtures={"batches": [{**BATCH, "status": "lost"}]}),
            "tenants[0].fixtures.batches[0].status",
        ),
        ({**SCENARIO, "clock": {"start": "2025-01-01T00:00:00"}}, "clock.start"),
        ({**SCENARIO, "tenants": []}, "tenants"),
        ({**SCENARIO, "weather": "sunny"}, "weather"),
    ],
    ids=[
        "medium",
        "missing-customer",
        "blank-customer",
        "allow-list",
        "no-keys",
        "timezone",
        "required-field",
        "fixture-status",
        "naive-start",
        "no-tenants",
        "unknown-top-level-key",
    ],
)
def test_a_bad_field_is_named_with_its_file(tmp_path, data, field):
    path = write(tmp_path, "broken.yaml", data)

    message = load_error(path)

    assert str(path) in message
    assert f": {field}:" in message


def test_every_bad_field_is_named_not_only_the_first(tmp_path):
    data = with_tenant(timezone="Nowhere/Else", scripts=[{"id": "1", "medium": "fax"}])

    message = load_error(write(tmp_path, "broken.yaml", data))

    assert "tenants[0].timezone" in message
    assert "tenants[0].scripts[0].medium" in message


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = write(tmp_path, "list.yaml", ["seed", 1])

    assert str(path) in load_error(path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")

    assert str(path) in load_error(path)


def test_invalid_yaml_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("seed: 1\nclock: [unclosed\n", encoding="utf-8")

    message = load_error(path)

    assert str(path) in message
    assert "YAML" in message


def test_a_file_that_is_not_utf8_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("tenants:\n  - name: Caf\xe9\n".encode("latin-1"))

    assert str(path) in load_error(path)


def test_a_missing_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "absent.yaml"

    assert str(path) in load_error(path)


def test_an_unknown_shipped_name_is_refused():
    with pytest.raises(ScenarioError, match="no-such-scenario"):
        load_scenario("no-such-scenario")


def test_a_directory_is_refused(tmp_path):
    assert str(tmp_path) in load_error(tmp_path)


# ---------------------------------------------------------------- several files


def test_several_files_keep_their_own_seed_and_clock(tmp_path):
    first = write(tmp_path, "first.yaml", SCENARIO)
    other_tenant = {**TENANT, "customer": "7001", "apiKeys": [{"key": "key-7001"}]}
    second = write(
        tmp_path,
        "second.yaml",
        {
            "seed": 9,
            "clock": {"start": "2030-01-01T00:00:00+00:00", "mode": "60x"},
            "tenants": [other_tenant],
        },
    )

    scenarios = load_scenarios([str(first), str(second), "default"])

    assert [[tenant.customer for tenant in s.tenants] for s in scenarios] == [["7000"], ["7001"], ["6500"]]
    assert [s.seed for s in scenarios] == [5, 9, 1]
    assert [s.clock.mode for s in scenarios] == ["manual", "60x", "manual"]
    assert scenarios[1].clock.start == datetime.fromisoformat("2030-01-01T00:00:00+00:00")


def test_no_files_mean_the_default_scenario():
    assert [[tenant.customer for tenant in s.tenants] for s in load_scenarios([])] == [["6500"]]


def test_the_same_customer_in_two_files_is_refused(tmp_path):
    first = write(tmp_path, "first.yaml", SCENARIO)
    second = write(tmp_path, "second.yaml", SCENARIO)

    with pytest.raises(ScenarioError) as raised:
        load_scenarios([str(first), str(second)])

    assert "7000" in str(raised.value)
    assert str(second) in str(raised.value)


def test_the_same_customer_twice_in_one_file_is_refused(tmp_path):
    other_key = {**TENANT, "apiKeys": [{"key": "another-key"}]}
    path = write(tmp_path, "twice.yaml", {**SCENARIO, "tenants": [TENANT, other_key]})

    with pytest.raises(ScenarioError, match="7000"):
        load_scenarios([str(path)])


def test_the_same_api_key_in_two_files_is_refused(tmp_path):
    # An API key names its tenant: a key shared by two tenants would open only one of them.
    first = write(tmp_path, "first.yaml", SCENARIO)
    second = write(tmp_path, "second.yaml", with_tenant(customer="7001"))

    with pytest.raises(ScenarioError) as raised:
        load_scenarios([str(first), str(second)])

    assert "key-7000" in str(raised.value)


def test_a_bad_file_among_several_is_named(tmp_path):
    good = write(tmp_path, "good.yaml", SCENARIO)
    bad = write(tmp_path, "bad.yaml", with_tenant(timezone="Atlantis/Capital"))

    with pytest.raises(ScenarioError) as raised:
        load_scenarios([str(good), str(bad)])

    assert str(bad) in str(raised.value)
    assert "tenants[0].timezone" in str(raised.value)


# ---------------------------------------------------------------- line numbers

# Each problem is marked with the line it must be reported on.
BROKEN = """\
seed: 1
clock:                                      # start is missing from this mapping
  mode: manual
tenants:
  - customer: "7000"
    apiKeys: [{key: key-7000}]
    rules:
      - match: {payLink: {personName: {equals: Slow Payer}}}
      - match: {mandate: {reference: {regex: "("}}}
      - name: amount range
        match:
          payLink:
            invoiceAmount: {min: lots}
      - name: a payer who signs mandates
        match: {payLink: {}}
        timeline: [{do: authorize}]
  - name: no customer and no keys
weather: sunny
"""


def broken_file(directory: Path) -> Path:
    path = directory / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def line_with(text: str, fragment: str) -> int:
    [number] = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return number


def problems(path: Path) -> list[tuple[int, str]]:
    """(line, field) of each problem in lines of the form `FILE:LINE: FIELD: reason`."""
    located = []
    for problem in load_error(path).splitlines():
        assert problem.startswith(f"{path}:"), problem
        line, field, _ = problem.removeprefix(f"{path}:").split(": ", 2)
        located.append((int(line), field))
    return located


@pytest.mark.parametrize(
    ("field", "written_on"),
    [
        ("tenants[0].rules[2].match.payLink.invoiceAmount.min", "invoiceAmount: {min: lots}"),
        ("tenants[0].rules[1].match.mandate.reference.regex", 'regex: "("'),
        ("tenants[0].rules[3]", "- name: a payer who signs mandates"),
        ("clock.start", "clock:"),
        ("tenants[1].customer", "- name: no customer and no keys"),
        ("tenants[1].apiKeys", "- name: no customer and no keys"),
        ("weather", "weather: sunny"),
    ],
    ids=["value-deep-in-rules", "rule-regex", "whole-rule", "missing", "missing-in-list", "also", "unknown"],
)
def test_a_problem_names_the_line_it_is_written_on(tmp_path, field, written_on):
    # A missing field has no line of its own: it is missing from the mapping on that line.
    assert (line_with(BROKEN, written_on), field) in problems(broken_file(tmp_path))


def test_every_problem_of_a_file_is_reported_one_per_line(tmp_path):
    assert len(problems(broken_file(tmp_path))) == 7


def test_problems_say_what_was_expected_without_pydantics_prefix(tmp_path):
    message = load_error(broken_file(tmp_path))

    assert "expected a regular expression" in message
    assert "expected a value, the field is required" in message
    assert "Value error" not in message


def test_a_duration_that_is_not_iso_8601_says_what_was_expected(tmp_path):
    rule = {"match": {"payLink": {}}, "timeline": [{"after": "5 minutes", "do": "visit"}]}
    script = {**TENANT["scripts"][0], "calling": {"retryInterval": "2h"}}
    path = write(tmp_path, "durations.yaml", with_tenant(rules=[rule], scripts=[script]))

    message = load_error(path)

    expected = "expected an ISO 8601 duration such as PT1H"
    assert f"tenants[0].rules[0].timeline[0].after: {expected}" in message
    assert f"tenants[0].scripts[0].calling.retryInterval: {expected}" in message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("seed: 1\nclock:\n  mode: a: b\n", 3),
        ("seed: 1\n\n\nclock: {start: [unclosed}\n", 4),
        ("seed: 1\nclock: \x07\n", 2),
    ],
    ids=["mapping-in-a-value", "unclosed-sequence", "control-character"],
)
def test_invalid_yaml_names_its_line(tmp_path, text, line):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")

    assert load_error(path).startswith(f"{path}:{line}: not valid YAML: ")


def test_a_file_that_is_not_a_mapping_is_refused_at_its_first_line(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("# comments first\n\n- seed\n", encoding="utf-8")

    assert load_error(path).startswith(f"{path}:3: (top): expected ")


VOICE = {"id": "6512", "medium": "voice"}


def test_an_unknown_builtin_flow_is_refused_when_the_scenario_is_read(tmp_path):
    path = write(tmp_path, "s.yaml", with_tenant(scripts=[{**VOICE, "flow": "outbound-v9"}]))

    assert load_error(path).endswith(
        "tenants[0].scripts[0].flow: no built-in call flow 'outbound-v9'; "
        "the built-in flows are: outbound-v1, outbound-v2"
    )


def test_a_flow_written_out_with_a_mistake_is_reported_once_at_its_own_field(tmp_path):
    flow = {"start": "bye", "nodes": [{"id": "bye", "type": "Hangup", "length": "soon"}]}
    path = write(tmp_path, "s.yaml", with_tenant(scripts=[{**VOICE, "flow": flow}]))

    [problem] = load_error(path).splitlines()
    assert ": tenants[0].scripts[0].flow.nodes[0].length: expected " in problem


def test_a_key_that_is_refused_is_named_without_pydantics_key_marker(tmp_path):
    rule = {"match": {"paylink": {"invoiceAmount": "100"}}, "timeline": [{"do": "visit"}]}
    path = write(tmp_path, "s.yaml", with_tenant(rules=[rule]))

    problems = load_error(path)
    assert ": tenants[0].rules[0].match.paylink: expected 'payLink' or 'mandate'" in problems
    assert "[Key]" not in problems


def test_a_message_template_that_does_not_parse_is_refused_with_its_line(tmp_path):
    script = {"id": "1001", "medium": "mail", "service": "paylink", "template": "Hello {{ name"}
    path = write(tmp_path, "s.yaml", with_tenant(scripts=[script]))

    [problem] = load_error(path).splitlines()
    assert ": tenants[0].scripts[0].template: expected a Jinja2 template (line 1: " in problem
