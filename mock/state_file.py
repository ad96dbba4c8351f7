"""`serve --state-file PATH`: every tenant saved at stop and restored at start, so a restarted
server still holds what it accepted, its clocks and its pending schedules."""

import json
import os
from datetime import datetime
from pathlib import Path

from . import snapshot
from .registry import Registry
from .scenario.models import TenantSpec


class StateFileError(ValueError):
    """A state file that cannot be read back; the message names the file."""


def load(registry: Registry, path: Path) -> None:
    if not path.exists():
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["tenants"]:
            spec = TenantSpec.model_validate(entry["spec"])
            start = datetime.fromisoformat(entry["start"])
            registry.adopt(spec, entry["seed"], start, entry["mode"], entry["snapshot"])
    except (ValueError, KeyError, TypeError) as error:
        raise StateFileError(f"{path}: not a state file this server can restore ({error})") from None


def save(registry: Registry, path: Path) -> None:
    """Written beside and then moved over the old file, so a crash mid-write loses nothing."""
    data = {
        "format": 1,
        "tenants": [
            {
                "spec": world.spec.model_dump(mode="json", by_alias=True),
                "seed": world.seed,
                "start": world.start.isoformat(),
                "mode": world.tenant.clock.mode,
                "snapshot": snapshot.take(world),
            }
            for world in registry.worlds
        ],
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, path)
