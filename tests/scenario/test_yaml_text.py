"""Scenario YAML is read by libyaml when PyYAML has it (the pure-Python parser was most of loading
the default scenario at start-up): what it reads must be what the pure-Python loader reads."""

import pytest
import yaml

from reminders_mock import resources
from reminders_mock.scenario.yaml_text import FastLoader, safe_load


@pytest.mark.parametrize("name", resources.scenario_names())
def test_every_shipped_scenario_reads_the_same_as_with_the_pure_python_loader(name):
    text = resources.scenario_path(name).read_text(encoding="utf-8")

    assert safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_nodes_keep_the_lines_a_scenario_error_names():
    loader = FastLoader("tenants:\n  - customer: 1\n    apiKey: k\n")
    try:
        document = loader.get_single_node()
    finally:
        loader.dispose()

    tenant = document.value[0][1].value[0]
    assert [key.start_mark.line for key, _ in tenant.value] == [1, 2]
