"""The scenarios shipped in scenarios/: each one valid, by the models and by the published JSON
Schema, all of them servable together, and the example rules doing what their comments say."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import yaml

from reminders_mock import resources
from reminders_mock.scenario.loader import load_scenario, load_scenarios, scenario_json_schema
from reminders_mock.scenario.rules import RuleBook, builtin_rules

# Listed from the directory, so a scenario added there is checked without touching this file.
SHIPPED = resources.scenario_names()


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_scenario_is_valid(name):
    load_scenarios([name])


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_scenario_is_valid_by_the_json_schema_editors_use(name):
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load(resources.scenario_path(name).read_text(encoding="utf-8"))

    jsonschema.validate(data, scenario_json_schema())


def test_the_json_schema_is_a_valid_schema_of_the_draft_it_names():
    jsonschema = pytest.importorskip("jsonschema")
    schema = scenario_json_schema()

    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_the_shipped_scenarios_can_be_served_together():
    # load_scenarios refuses a customer number or an API key that two of them declare.
    assert len(load_scenarios(SHIPPED)) == len(SHIPPED)


def test_the_webhook_demo_runs_on_a_fast_clock_into_the_mocks_own_inbox():
    scenario = load_scenario("webhook-demo")

    [tenant] = scenario.tenants
    assert scenario.clock.mode == "60x"
    assert [webhook.url for webhook in tenant.webhooks] == ["inbox:demo"]


def paylink(**fields) -> SimpleNamespace:
    return SimpleNamespace(attributes=[], **fields)


mandate = SimpleNamespace


def planned(scenario: str, kind: str, obj: SimpleNamespace) -> list[tuple[timedelta, str]]:
    """What the simulated person does with a new object, and when: the tenant's rules first."""
    rules = [*load_scenario(scenario).tenants[0].rules, *builtin_rules()]
    return [(offset, step.do) for offset, step in RuleBook(rules).first_match(kind, obj).schedule()]


def test_the_webhook_demos_slow_payer_visits_after_two_hours_and_pays_three_later():
    slow_payer = paylink(person_name="Slow Payer", invoice_amount="2500")

    assert planned("webhook-demo", "payLink", slow_payer) == [
        (timedelta(hours=2), "visit"),
        (timedelta(hours=5), "pay"),
    ]


@pytest.mark.parametrize(
    ("kind", "obj", "acts"),
    [
        ("payLink", paylink(invoice_reference="FAIL-1"), ["visit", "fail"]),
        ("payLink", paylink(invoice_reference="CANCEL-1"), ["visit", "cancel"]),
        ("payLink", paylink(invoice_reference="HALF-1"), ["visit", "pay"]),
        ("payLink", paylink(invoice_reference="EXPIRE-1"), ["expire"]),
        ("payLink", paylink(invoice_reference="RETRY-1"), ["visit", "fail", "visit", "pay"]),
        ("mandate", mandate(reference="UNSIGNED-1"), []),
        ("mandate", mandate(reference="PENDING-1"), ["authorize"]),
        ("mandate", mandate(reference="OTHER-1"), ["authorize", "confirm"]),
    ],
    ids=["fail", "cancel", "half", "expire", "retry", "unsigned", "pending", "built-in"],
)
def test_the_failures_scenario_picks_a_failure_by_prefix(kind, obj, acts):
    assert [act for _, act in planned("failures", kind, obj)] == acts


def test_the_failures_scenario_shows_every_retry_profile_and_fault():
    webhooks = load_scenario("failures").tenants[0].webhooks

    assert {webhook.retry for webhook in webhooks} >= {"stripe", "mollie", "none"}
    for fault in ("drop", "duplicate", "delay", "reorder"):
        assert any(getattr(webhook.faults, fault) > 0 for webhook in webhooks), fault
    assert any(webhook.username and webhook.password for webhook in webhooks)
    assert any((webhook.secret or "").startswith("whsec_") for webhook in webhooks)
