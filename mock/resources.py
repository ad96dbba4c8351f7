"""Where the files shipped beside the code live: schema.graphql and the scenarios.

A wheel carries them inside the package (setup.py copies them there); a source checkout, and
so an editable install, keeps them at the repository root. Both layouts are looked up,
package first.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _shipped(name: str) -> Path:
    for base in (_PACKAGE, _CHECKOUT):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} is neither in {_PACKAGE} nor in {_CHECKOUT}")


def schema_path() -> Path:
    return _shipped("schema.graphql")


def scenario_path(name: str) -> Path:
    """A scenario shipped with the mock, by its name without `.yaml`."""
    return _shipped("scenarios") / f"{name}.yaml"


def scenario_names() -> list[str]:
    return sorted(path.stem for path in _shipped("scenarios").glob("*.yaml"))
