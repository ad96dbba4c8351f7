"""`serve --state-file PATH`: every tenant saved every few seconds and at stop, and restored at
start, so a restarted server still holds what it accepted, its clocks and its pending schedules.
A hard stop (SIGKILL, a power cut) loses at most what happened since the last save."""

import asyncio
import json
import logging
import os
import time
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from . import snapshot
from .core.errors import MockError
from .registry import Registry
from .scenario.models import TenantSpec
from .world import World

FORMAT = 2  # follows the snapshots it holds: format 2 holds snapshots of format 2
SAVE_EVERY = 5.0  # seconds between saves: what a hard stop can lose at most
# Serialising holds the event loop: a state so big that it takes more than a tenth of the
# interval is saved less often, so the server spends at most that share of its time saving.
LOOP_SHARE = 0.1

log = logging.getLogger(__name__)


class StateFileError(ValueError):
    """A state file that cannot be read back; the message names the file."""


class SavedTenant(BaseModel):
    """A tenant as the server made it (spec, seed, start, mode) and where it had got to."""

    model_config = ConfigDict(defer_build=True)  # built when a state file is read or written

    spec: TenantSpec
    seed: int
    start: AwareDatetime
    mode: str
    snapshot: snapshot.Snapshot


class StateFile(BaseModel):
    model_config = ConfigDict(defer_build=True)

    format: Literal[2] = FORMAT
    tenants: list[SavedTenant]


def check_writable(path: Path) -> None:
    """Refuses, at start, a path the server could not save to: found out at stop, it would lose
    everything since start."""
    partial = _partial(path)
    try:
        partial.write_bytes(b"")
        partial.unlink()
    except OSError as error:
        raise StateFileError(f"{path}: cannot be written ({error.strerror})") from None
    if path.is_dir():
        raise StateFileError(f"{path}: cannot be written (a directory; give a file's path)")


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


def dumps(registry: Registry) -> bytes:
    """Every tenant as the state file holds it, serialised at once from the live objects: done
    on the event loop, nothing can change them half-way, and orjson makes it quick."""
    return snapshot.dumps({"format": FORMAT, "tenants": [_saved(world) for world in registry.worlds]})


def _saved(world: World) -> dict[str, Any]:
    return {
        # By alias: the spec is written as a scenario file spells it (the states have no aliases).
        "spec": world.spec.model_dump(mode="json", by_alias=True),
        "seed": world.seed,
        "start": world.start,
        "mode": world.tenant.clock.mode,
        "snapshot": snapshot.view(world),
    }


def write(data: bytes, path: Path) -> None:
    """Atomically: written beside, flushed to the disk, moved over the old file, and the move
    itself flushed, so a crash at any point leaves the old state or the new, whole."""
    partial = _partial(path)
    try:
        with open(partial, "wb", opener=_owner_only) as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
        _sync_directory(path.parent)
    except OSError as error:
        raise StateFileError(f"{path}: cannot be written ({error.strerror})") from None


def save(registry: Registry, path: Path) -> None:
    """One save now, as the saver makes it (for a caller without an event loop)."""
    write(dumps(registry), path)


class Saver:
    """Saves the registry every `every` seconds until stopped, then once more. Serialising is
    done on the loop (a consistent copy), writing and flushing in a thread, so the server goes
    on answering while the disk works."""

    def __init__(self, registry: Registry, path: Path, every: float = SAVE_EVERY) -> None:
        self.registry, self.path, self.every = registry, path, every
        self.serialising = 0.0  # seconds the last save held the loop
        self._stopping = asyncio.Event()
        self._lock = asyncio.Lock()  # one write at a time: they share the partial file

    async def save(self) -> None:
        async with self._lock:
            started = time.perf_counter()
            data = dumps(self.registry)
            self.serialising = time.perf_counter() - started
            await asyncio.to_thread(write, data, self.path)

    @property
    def interval(self) -> float:
        """`every`, or longer for a state that takes long to serialise (see LOOP_SHARE)."""
        return max(self.every, self.serialising / LOOP_SHARE)

    async def run(self) -> None:
        """Until `stop`; a save that fails is a warning and the next one tries again."""
        while not self._stopping.is_set():
            try:
                await asyncio.wait_for(self._stopping.wait(), self.interval)
            except TimeoutError:
                try:
                    await self.save()
                except StateFileError as error:
                    log.warning("the tenants are not saved: %s", error)

    def stop(self) -> None:
        self._stopping.set()


def _owner_only(name: str, flags: int) -> int:
    """The file holds every tenant's API keys and webhook passwords: readable by its owner only."""
    return os.open(name, flags, 0o600)


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _sync_directory(directory: Path) -> None:
    """Makes the rename durable; where directories cannot be opened (Windows), the rename is."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
