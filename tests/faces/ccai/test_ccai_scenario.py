"""The scenario's `ccai:` section: a contact centre that cannot be built is refused when the file
is read, with the field named."""

import copy

import pytest
import yaml

from reminders_mock.scenario.loader import ScenarioError, load_scenario
from tests.faces.ccai.helpers import ccai_of, default_scenario


def _load_with(tmp_path, change) -> None:
    scenario = copy.deepcopy(default_scenario())
    change(ccai_of(scenario))
    path = tmp_path / "ccai.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    load_scenario(path)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda c: c["menus"][0].update(type="sms"), "ccai.menus[0].type"),
        (lambda c: c["menus"][0].update(languages=["xy"]), "ccai.menus[0].languages"),
        (lambda c: c["agents"][0].update(outboundNumbers=["123"]), "ccai.agents[0].outboundNumbers"),
        (lambda c: c["contacts"][0].update(number="not a number"), "ccai.contacts[0].number"),
        (lambda c: c.update(forwardMenu=4242), "forwardMenu"),
        (lambda c: c.update(callTypes=["PhoneCall"]), "ccai.callTypes[0]"),
        (lambda c: c.update(endUsers={"12ab": {"answer": "busy"}}), "ccai.endUsers"),
        (lambda c: c["agents"].append(dict(c["agents"][0])), "agent id"),
    ],
)
def test_a_contact_centre_that_cannot_be_built_is_refused_naming_the_field(tmp_path, change, named):
    with pytest.raises(ScenarioError) as refused:
        _load_with(tmp_path, change)
    assert named in str(refused.value)


def test_the_default_scenario_has_the_documented_credentials_and_world():
    ccai = load_scenario("default").tenants[0].ccai
    assert (ccai.company_key, ccai.company_secret) == ("demo-company-key", "demo-company-secret")
    assert {m.id for m in ccai.menus} >= {9, 50} and {t for c in ccai.contacts for t in c.tickets} >= {
        "71450",
        "76517",
    }
