"""Reading scenario files: YAML in, a validated Scenario out, or an error naming file and field."""

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mock import resources
from mock.core.errors import field_path
from mock.scenario.models import Scenario


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the file and the field."""


def load_scenario(source: str | Path) -> Scenario:
    """A scenario from a file path, or by the name of one shipped with the mock ('default')."""
    path = Path(source)
    if not path.exists() and str(source) in resources.scenario_names():
        path = resources.scenario_path(str(source))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScenarioError(f"{source}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise ScenarioError(f"{path}: expected UTF-8 text ({error.reason} at byte {error.start})") from None
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    return scenario_from_data(data, origin=str(path))


def scenario_from_data(data: Any, *, origin: str) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{origin}: {field_path('', problem['loc']) or '(top)'}: {problem['msg']}"
            for problem in error.errors(include_url=False)
        ]
        raise ScenarioError("\n".join(problems)) from None


def load_scenarios(sources: list[str]) -> Scenario:
    """Several files make one server: the tenants of all, the seed and clock of the first."""
    scenarios = [load_scenario(source) for source in sources or ["default"]]
    first = scenarios[0]
    tenants = [tenant for scenario in scenarios for tenant in scenario.tenants]
    _refuse_repeats("customer", [tenant.customer for tenant in tenants], sources)
    _refuse_repeats("API key", [key.key for tenant in tenants for key in tenant.api_keys], sources)
    return first.model_copy(update={"tenants": tenants})


def _refuse_repeats(what: str, values: list[str], sources: list[str]) -> None:
    """A customer number or an API key names one tenant; two would make requests ambiguous."""
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ScenarioError(f"{', '.join(sources)}: {what} {repeated[0]!r} is declared more than once")
