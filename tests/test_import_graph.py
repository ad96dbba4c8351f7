"""The house's import rules, read from the source with `ast`: imports point inwards, towards core.

- No cycle between the rooms of the package (its sub-packages and top-level modules), nor
  between its modules, so the next room cannot tie the house into a ring again.
- Domains know nothing of HTTP or of how tenants are found: no aiohttp, registry, world,
  control, graphql or web. The webhook room's transport is its one door to aiohttp.
- Inside the package, imports are relative: an absolute `mock.` or `reminders_mock.` import
  could load a second copy of every module under another name.
"""

import ast
import importlib
import pkgutil
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import reminders_mock

SOURCE = Path(__file__).resolve().parents[1] / "mock"
PACKAGE = "reminders_mock"
DOMAINS = ("paylinks", "mandates", "imports", "voice", "messaging", "results", "population")
WEBHOOK_TRANSPORT = f"{PACKAGE}.webhooks.transport"
NOT_FOR_DOMAINS = ("aiohttp", "registry", "world", "control", "graphql", "web")
# What core and scenario may import of the package: core only itself; scenario core, itself and
# resources (where the shipped scenarios lie).
INNER_ROOMS = {"core": {"core"}, "scenario": {"core", "scenario", "resources"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


MODULES = {module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def imported(name: str, path: Path) -> list[tuple[str, int]]:
    """Every module `name` imports, with its line: relative imports resolved, `from . import x`
    read as the module x where there is one."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((submodule if submodule in MODULES else base, node.lineno))
    return found


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def room(module: str) -> str | None:
    """The sub-package or top-level module of the package a module belongs to; None outside it."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def inner_edges() -> dict[str, set[str]]:
    return {
        name: {target for target, _ in targets if target in MODULES and target != name}
        for name, targets in GRAPH.items()
    }


def assert_acyclic(graph: dict[str, set[str]]) -> None:
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_the_walk_sees_every_room():
    assert {room(name) for name in MODULES} >= {"core", "scenario", "control", *DOMAINS, "webhooks"}
    assert GRAPH[f"{PACKAGE}.app"], "app imports the rooms it wires"


def test_no_cycle_between_the_rooms_of_the_package():
    rooms: dict[str, set[str]] = {}
    for name, targets in inner_edges().items():
        rooms.setdefault(room(name), set()).update(room(t) for t in targets if room(t) != room(name))
    rooms.pop("__init__", None)
    for targets in rooms.values():
        targets.discard("__init__")  # the package's own __init__ only holds the version
    assert_acyclic(rooms)


def test_no_cycle_between_modules():
    assert_acyclic(inner_edges())


def test_the_package_init_imports_nothing_of_the_package():
    assert not [t for t, _ in GRAPH[PACKAGE] if room(t)]


def imports_where(importer, forbidden) -> list[str]:
    """Each import of a module `importer` accepts of a module `forbidden` refuses, with its line."""
    return [
        f"{name}:{line} imports {target}"
        for name, targets in GRAPH.items()
        if importer(name)
        for target, line in targets
        if forbidden(target)
    ]


def is_aiohttp(module: str) -> bool:
    return module.split(".")[0] == "aiohttp"


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_imports_no_transport_registry_world_or_face(domain):
    offending = imports_where(
        lambda name: room(name) == domain,
        lambda target: is_aiohttp(target) or room(target) in NOT_FOR_DOMAINS,
    )
    assert offending == []


def test_webhooks_reach_aiohttp_only_through_their_transport():
    offending = imports_where(
        lambda name: room(name) == "webhooks" and name != WEBHOOK_TRANSPORT,
        lambda target: is_aiohttp(target) or room(target) in NOT_FOR_DOMAINS[1:],
    )
    assert offending == []


@pytest.mark.parametrize("inner", sorted(INNER_ROOMS))
def test_core_and_scenario_import_only_what_lies_further_in(inner):
    offending = imports_where(
        lambda name: room(name) == inner,
        lambda target: room(target) not in (None, "__init__", *INNER_ROOMS[inner]),
    )
    assert offending == []


def test_imports_inside_the_package_are_relative():
    absolute = [
        f"{name}:{line} imports {target}"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0)
        for target, line in (
            [(node.module, node.lineno)]
            if isinstance(node, ast.ImportFrom)
            else [(alias.name, node.lineno) for alias in node.names]
        )
        if target and target.split(".")[0] in ("mock", PACKAGE)
    ]
    assert absolute == []


def test_every_module_loads_once_under_the_package_name():
    """Importing everything loads each module once, under reminders_mock, from where the package
    is installed; nothing from the source folder or the installed copy under the name `mock`."""
    for module in pkgutil.walk_packages(reminders_mock.__path__, f"{PACKAGE}."):
        if not module.name.endswith(".__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    installed = Path(reminders_mock.__file__).resolve().parent
    homes = (installed, SOURCE)  # the same folder in an editable install
    loaded = {
        name: Path(module.__file__).resolve()
        for name, module in list(sys.modules.items())
        if getattr(module, "__file__", None)
    }
    ours = [name for name, file in loaded.items() if any(file.is_relative_to(home) for home in homes)]
    assert len(ours) >= len(MODULES) - 1  # all but __main__
    assert [name for name in ours if name.split(".")[0] != PACKAGE] == []
    assert all(loaded[name].is_relative_to(installed) for name in ours)
