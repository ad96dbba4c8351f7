"""Reading scenario files: YAML in, a validated Scenario out, or a ScenarioError naming every
problem by file, line and field, one per line."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .. import resources
from ..core.errors import field_path, problem_reason
from .models import Scenario
from .yaml_text import FastLoader

Loc = tuple[str | int, ...]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class ScenarioError(ValueError):
    """A scenario that cannot be used; each line of the message names a file, a line and a field."""


def load_scenario(source: str | Path) -> Scenario:
    """A scenario from a file path, or by the name of one shipped with the mock ('default')."""
    path = Path(source)
    if not path.exists() and str(source) in resources.scenario_names():
        path = resources.scenario_path(str(source))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        shipped = ", ".join(resources.scenario_names())
        raise ScenarioError(
            f"{source}: neither a file nor a shipped scenario (shipped scenarios: {shipped})"
        ) from None
    except OSError as error:
        raise ScenarioError(f"{source}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise ScenarioError(f"{path}: expected UTF-8 text ({error.reason} at byte {error.start})") from None
    data, document = _parse_yaml(path, text)
    return _validated(data, lambda loc: f"{path}:{_line_of(document, loc)}")


def scenario_from_data(data: Any, *, origin: str) -> Scenario:
    """A scenario that was never a file (inline JSON, say): its problems name `origin` and the field."""
    return _validated(data, lambda loc: origin)


def scenario_json_schema() -> dict[str, Any]:
    """The scenario format as JSON Schema, for editors that complete and check scenario files."""
    schema = Scenario.model_json_schema(by_alias=True)
    return {"$schema": JSON_SCHEMA_DIALECT, **schema, "title": "reminders-mock scenario"}


def _parse_yaml(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree it was built from, parsed once; the nodes know their lines.
    A text libyaml refuses is parsed again in Python, whose complaints the errors quote."""
    try:
        return _nodes_and_data(FastLoader(text))
    except yaml.YAMLError:
        pass
    try:
        return _nodes_and_data(yaml.SafeLoader(text))
    except yaml.YAMLError as error:
        raise _yaml_error(path, text, error) from None


def _nodes_and_data(loader: yaml.SafeLoader) -> tuple[Any, yaml.Node | None]:
    try:
        document = loader.get_single_node()
        return (loader.construct_document(document) if document is not None else None), document
    finally:
        loader.dispose()


def _yaml_error(path: Path, text: str, error: yaml.YAMLError) -> ScenarioError:
    """YAML's own complaint at its line; a forbidden character (ReaderError) knows only its offset."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark:
        context = f" ({error.context} at line {error.context_mark.line + 1})" if error.context_mark else ""
        return ScenarioError(
            f"{path}:{error.problem_mark.line + 1}: not valid YAML: {error.problem}{context}"
        )
    line = text.count("\n", 0, getattr(error, "position", 0)) + 1
    return ScenarioError(f"{path}:{line}: not valid YAML: {str(error).splitlines()[0]}")


def _validated(data: Any, where: Callable[[Loc], str]) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{where(problem['loc'])}: {field_path('', problem['loc']) or '(top)'}: {problem_reason(problem)}"
            for problem in error.errors(include_url=False)
        ]
        raise ScenarioError("\n".join(problems)) from None


def _line_of(document: yaml.Node | None, loc: Loc) -> int:
    """The 1-based line where the field at pydantic's `loc` is written: the line of its key, or of its
    item in a list. A field that is not there (a missing one) gets the line of the nearest part that is."""
    line, node = (document.start_mark.line if document is not None else 0), document
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            entry = next(((key, value) for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            entry = (node.value[part], node.value[part])
        else:
            entry = None
        if entry is None:
            break
        line, node = entry[0].start_mark.line, entry[1]
    return line + 1


def load_scenarios(sources: list[str]) -> list[Scenario]:
    """Several files served together, each keeping its own seed and clock for its own tenants;
    a customer number or an API key may still name only one tenant across them all."""
    scenarios = [load_scenario(source) for source in sources or ["default"]]
    tenants = [tenant for scenario in scenarios for tenant in scenario.tenants]
    _refuse_repeats("customer", [tenant.customer for tenant in tenants], sources)
    _refuse_repeats("API key", [key.key for tenant in tenants for key in tenant.api_keys], sources)
    return scenarios


def _refuse_repeats(what: str, values: list[str], sources: list[str]) -> None:
    """A customer number or an API key names one tenant; two would make requests ambiguous."""
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ScenarioError(f"{', '.join(sources)}: {what} {repeated[0]!r} is declared more than once")
