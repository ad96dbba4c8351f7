"""A whole tenant as data and back: stores, clock with its pending schedule, the generators'
states. Restored into a fresh tenant, it carries on exactly as the original would have."""

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel

from .core.errors import BadInput
from .imports.model import Batch, Job
from .mandates.model import Mandate
from .paylinks.model import PayLink
from .world import World


class ScheduledState(BaseModel):
    due: AwareDatetime
    sequence: int
    action: str
    payload: dict[str, Any]


class ClockState(BaseModel):
    now: AwareDatetime
    mode: str
    sequence: int
    pending: list[ScheduledState]


class Snapshot(BaseModel):
    format: Literal[1] = 1
    customer: str
    taken_on: datetime
    clock: ClockState
    ids: dict[str, list]
    pay_links: list[PayLink]
    mandates: list[Mandate]
    batches: list[Batch]
    batches_per_day: dict[str, int]
    jobs: list[Job]
    voice: dict[str, Any]
    webhooks: dict[str, Any]
    results: dict[str, Any]
    messaging: dict[str, Any]


def take(world: World) -> dict[str, Any]:
    snapshot = Snapshot(
        customer=world.tenant.customer,
        taken_on=world.tenant.clock.now(),
        clock=ClockState.model_validate(world.tenant.clock.state()),
        ids=world.tenant.ids.state(),
        pay_links=list(world.paylinks.store),
        mandates=list(world.mandates.store),
        batches=list(world.imports.batches),
        batches_per_day=dict(world.imports.batches_per_day),
        jobs=world.imports.jobs.all,
        voice=world.voice.snapshot(),
        webhooks=world.webhooks.snapshot(),
        results=world.results.snapshot(),
        messaging=world.messaging.snapshot(),
    )
    return snapshot.model_dump(mode="json")


def restore(world: World, data: Any) -> None:
    """Fill a freshly built world (no fixtures of its own) from snapshot data."""
    try:
        snapshot = Snapshot.model_validate(data)
    except ValueError as error:
        raise BadInput(
            f"snapshot: expected the JSON of GET /_mock/snapshot ({error})", field="snapshot"
        ) from None
    world.tenant.clock.restore(snapshot.clock.model_dump())
    world.tenant.ids.restore(snapshot.ids)
    for link in snapshot.pay_links:
        world.paylinks.store.add(link)
    for mandate in snapshot.mandates:
        world.mandates.store.add(mandate)
    for batch in snapshot.batches:
        world.imports.batches.add(batch)
    world.imports.batches_per_day.update(snapshot.batches_per_day)
    world.imports.jobs.restore(snapshot.jobs)
    world.voice.restore(snapshot.voice)
    world.webhooks.restore(snapshot.webhooks)
    world.results.restore(snapshot.results)
    world.messaging.restore(snapshot.messaging)
