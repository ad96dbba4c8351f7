"""`serve --state-file PATH`: every tenant saved at stop and restored at start, so a restarted
server still holds what it accepted, its clocks and its pending schedules."""

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import AwareDatetime, BaseModel

from . import snapshot
from .core.errors import MockError
from .registry import Registry
from .scenario.models import TenantSpec

FORMAT = 2  # follows the snapshots it holds: format 2 holds snapshots of format 2


class StateFileError(ValueError):
    """A state file that cannot be read back; the message names the file."""


class SavedTenant(BaseModel):
    """A tenant as the server made it (spec, seed, start, mode) and where it had got to."""

    spec: TenantSpec
    seed: int
    start: AwareDatetime
    mode: str
    snapshot: snapshot.Snapshot


class StateFile(BaseModel):
    format: Literal[2] = FORMAT
    tenants: list[SavedTenant]


def load(registry: Registry, path: Path) -> None:
    if not path.exists():
        return
    saved = _read(path)
    try:
        for tenant in saved.tenants:
            registry.adopt(tenant.spec, tenant.seed, tenant.start, tenant.mode, tenant.snapshot)
    except (ValueError, MockError) as error:
        raise StateFileError(f"{path}: not a state file this server can restore ({error})") from None


def _read(path: Path) -> StateFile:
    try:
        data = json.loads(path.read_bytes())
    except ValueError as error:
        raise StateFileError(f"{path}: not a state file this server can restore ({error})") from None
    found = data.get("format") if isinstance(data, dict) else None
    if found != FORMAT:
        raise StateFileError(f"{path}: a state file of format {found}; this server reads format {FORMAT}")
    try:
        return StateFile.model_validate(data)
    except ValueError as error:  # a ValidationError
        raise StateFileError(f"{path}: not a state file this server can restore ({error})") from None


def save(registry: Registry, path: Path) -> None:
    """Written beside and then moved over the old file, so a crash mid-write loses nothing."""
    saved = StateFile(
        tenants=[
            SavedTenant(
                spec=world.spec,
                seed=world.seed,
                start=world.start,
                mode=world.tenant.clock.mode,
                snapshot=snapshot.take(world),
            )
            for world in registry.worlds
        ]
    )
    partial = path.with_name(path.name + ".partial")
    try:
        # By alias: the spec is written as a scenario file spells it (the states have no aliases).
        partial.write_text(saved.model_dump_json(by_alias=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        raise StateFileError(f"{path}: cannot be written ({error.strerror})") from None
