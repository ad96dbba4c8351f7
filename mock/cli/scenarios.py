"""The commands about scenario files, which need no server: `scenarios`, `validate`, `scenario-schema`."""

import argparse
import json

from .. import resources
from ..scenario.loader import ScenarioError, load_scenarios, scenario_json_schema
from .common import Commands, command


def add_to(commands: Commands) -> None:
    command(
        commands,
        "scenarios",
        "list the scenarios shipped with the mock, each with what it is for",
        "reminders-mock scenarios\nreminders-mock serve --scenario failures",
        _list_shipped,
    )
    validate = command(
        commands,
        "validate",
        "check scenario files, printing every problem with its line",
        "reminders-mock validate my-scenario.yaml failures",
        _validate,
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="a scenario file, or a shipped one's name")
    command(
        commands,
        "scenario-schema",
        "print the JSON Schema of scenario files, for editors to complete and check",
        "reminders-mock scenario-schema > scenario.schema.json",
        _print_scenario_schema,
    )


def _list_shipped(args: argparse.Namespace) -> int:
    for name in resources.scenario_names():
        print(f"{name}\t{_summary(name)}")
    return 0


def _summary(name: str) -> str:
    """The first line of the file's opening comment: each shipped scenario starts by saying what it is."""
    for line in resources.scenario_path(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def _validate(args: argparse.Namespace) -> int:
    """Each file on its own, as `serve --scenario FILE` would load it: `FILE: ok` or every problem."""
    all_valid = True
    for file in args.files:
        try:
            load_scenarios([file])
        except ScenarioError as error:
            print(error)
            all_valid = False
        else:
            print(f"{file}: ok")
    return 0 if all_valid else 1


def _print_scenario_schema(args: argparse.Namespace) -> int:
    print(json.dumps(scenario_json_schema(), indent=2))
    return 0
