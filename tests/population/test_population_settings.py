"""The `population` section is checked like the rest of a scenario: each problem names its field.
`serve --populate N` gives the first tenant a population of N."""

import pytest
import yaml

from reminders_mock.cli import _parser
from reminders_mock.cli.server import _scenarios_to_serve
from reminders_mock.scenario.loader import ScenarioError, load_scenario, scenario_from_data

P = "tenants[0].population"
DEFAULT = load_scenario("default").model_dump(mode="json", by_alias=True, exclude_none=True)


def with_population(population: dict) -> dict:
    tenant = {**DEFAULT["tenants"][0], "population": population}
    return {**DEFAULT, "tenants": [tenant]}


@pytest.mark.parametrize(
    ("population", "field", "words"),
    [
        ({"size": -1}, f"{P}.size", "greater than or equal to 0"),
        ({"size": 2_000_000}, f"{P}.size", "less than or equal to 1000000"),
        ({"size": 5, "locale": "xx_XX"}, f"{P}.locale", "Faker locale"),
        ({"size": 5, "outcomes": {"payLink": {"rich": 1}}}, f"{P}.outcomes.payLink", "rich"),
        (
            {"size": 5, "outcomes": {"call": {"busy": 0.5}}},
            f"{P}.outcomes.call",
            "add up to 1",
        ),
        ({"size": 5, "arrivals": "lots"}, f"{P}.arrivals", "500 per weekday"),
        (
            {"size": 5, "amounts": {"min": 9000, "max": 100}},
            f"{P}.amounts",
            "min at most max",
        ),
        ({"size": 5, "invalidShare": 2}, f"{P}.invalidShare", "less than or equal to 1"),
        ({"size": 5, "scripts": {"1001": 0}}, f"{P}.scripts", "not all 0"),
        ({"size": 5, "scripts": {"9999": 1}}, "tenants[0]", "population.scripts: expected script ids"),
    ],
)
def test_a_bad_population_setting_is_named(population, field, words):
    with pytest.raises(ScenarioError) as raised:
        scenario_from_data(with_population(population), origin="inline")

    assert f"inline: {field}:" in str(raised.value)
    assert words in str(raised.value)


def test_a_population_section_reads_with_its_defaults():
    scenario = scenario_from_data(with_population({"size": 10, "arrivals": "500 per weekday"}), origin="x")

    population = scenario.tenants[0].population
    assert (population.locale, population.arrivals.count, population.arrivals.per) == (
        "nl_NL",
        500,
        "weekday",
    )
    assert population.outcomes.pay_link["paid"] == 0.6 and population.invalid_share == 0


def test_serve_populate_gives_the_first_tenant_that_many_debtors():
    args = _parser().parse_args(["serve", "--populate", "250"])

    [scenario] = _scenarios_to_serve(args)

    assert scenario.tenants[0].population.size == 250


def test_serve_populate_keeps_a_scenarios_own_population_settings(tmp_path):
    path = tmp_path / "pop.yaml"
    path.write_text(yaml.safe_dump(with_population({"size": 5, "locale": "de_DE"})), encoding="utf-8")
    args = _parser().parse_args(["serve", "--scenario", str(path), "--populate", "40"])

    [scenario] = _scenarios_to_serve(args)

    assert (scenario.tenants[0].population.size, scenario.tenants[0].population.locale) == (40, "de_DE")


def test_serve_populate_refuses_what_is_not_a_count(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["serve", "--populate", "many"])

    assert "expected a whole number" in capsys.readouterr().err
