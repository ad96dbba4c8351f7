"""One tenant's world: its core (clock, ids) and a service per domain, built from its scenario spec."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .core.access import AllowList, ApiKey
from .core.clock import Clock
from .core.feed import Feed
from .core.history import History
from .core.ids import Ids
from .core.tenant import Tenant
from .faces.callr import CallrAccount
from .faces.ccai.service import CcaiService
from .imports.jobs import Jobs
from .imports.service import ImportService
from .mandates.service import MandateService
from .messaging import Messaging
from .paylinks.model import Attribute
from .paylinks.service import PayLinkService
from .population import Population
from .reading import read_off_loop
from .results import Results
from .scenario.models import Fixtures, TenantSpec
from .scenario.rules import builtin_rules
from .simulation import People
from .voice.service import VoiceService
from .webhooks.deliveries import attempt_message
from .webhooks.dispatcher import LOG_SIZE, Dispatcher
from .webhooks.transport import Transport


@dataclass
class World:
    spec: TenantSpec
    seed: int
    start: datetime
    mode: str
    tenant: Tenant
    paylinks: PayLinkService
    mandates: MandateService
    imports: ImportService
    voice: VoiceService
    people: People
    webhooks: Dispatcher
    results: Results
    messaging: Messaging
    population: Population
    feed: Feed
    callr: CallrAccount | None = None  # the tenant's CALLR account, when its scenario gives it one
    ccai: CcaiService | None = None  # the tenant's contact centre, when its scenario gives it one
    # Since the world was built: a snapshot or state file does not carry it (the dashboard's timelines).
    history: History = field(default_factory=History)


def build_world(
    spec: TenantSpec,
    *,
    seed: int,
    start: datetime,
    public_url: str,
    transport: Transport,
    feed: Feed | None = None,
    mode: str = "manual",
    claim=None,
    with_fixtures: bool = True,
    outbox: Path | None = None,
    delivery_log_size: int = LOG_SIZE,
) -> World:
    """A fresh world; the same spec, seed and start always build the same one. A world that is
    about to be filled from a snapshot is built `with_fixtures=False`."""
    # Seeded by the seed alone: a tenant's ids must not depend on the customer number it was
    # given, which depends on how many tenants were created before it.
    ids = Ids(str(seed), **({"claim": claim} if claim else {}))
    tenant = Tenant(
        customer=spec.customer,
        name=spec.name,
        timezone=ZoneInfo(spec.timezone),
        api_keys=tuple(ApiKey(k.key, AllowList.parse(k.allow)) for k in spec.api_keys),
        clock=Clock(start),
        ids=ids,
        public_url=public_url.rstrip("/"),
    )
    tenant.clock.set_mode(mode)
    paylinks, mandates = PayLinkService(tenant), MandateService(tenant)
    jobs = Jobs(tenant, paylinks, mandates)
    imports = ImportService(
        tenant, spec.scripts, spec.import_schedule, jobs, read_off_loop, spec.max_records_per_batch
    )
    world = World(
        spec=spec,
        seed=seed,
        start=start,
        mode=mode,
        tenant=tenant,
        paylinks=paylinks,
        mandates=mandates,
        imports=imports,
        voice=VoiceService(tenant, spec.scripts, jobs),
        people=People(tenant, [*spec.rules, *builtin_rules()], paylinks, mandates),
        webhooks=Dispatcher(tenant, spec.webhooks, transport, seed, log_size=delivery_log_size),
        results=Results(tenant, spec.scripts, paylinks, mandates, outbox),
        messaging=Messaging(tenant, spec.scripts, jobs, paylinks, mandates),
        population=Population(tenant, spec.population, spec.scripts, imports, seed, start),
        feed=feed or Feed(),
    )
    _feed_from(world)
    if spec.ccai is not None:
        world.ccai = CcaiService(tenant, spec.ccai, seed)
    if spec.callr is not None:
        world.callr = CallrAccount(
            spec.callr, tenant, seed, world.webhooks, world.messaging, world.voice, transport
        )
    if with_fixtures:
        _add_fixtures(world, spec.fixtures)
        world.population.begin()
    return world


def _feed_from(world: World) -> None:
    """After the dispatcher has subscribed, so a domain event is in the feed before its deliveries."""
    world.tenant.events.subscribe(world.feed.domain_event)
    world.tenant.events.subscribe(world.history.record)
    world.webhooks.watch(
        lambda delivery, attempt: world.feed.publish("delivery", attempt_message(delivery, attempt))
    )


def _add_fixtures(world: World, fixtures: Fixtures) -> None:
    for link in fixtures.pay_links:
        fields = link.model_dump(exclude={"id", "attributes"}, exclude_none=True)
        attributes = [Attribute(a.id, a.value) for a in link.attributes]
        world.paylinks.add(object_id=link.id, attributes=attributes, **fields)
    for mandate in fixtures.mandates:
        world.mandates.add(object_id=mandate.id, **mandate.model_dump(exclude={"id"}, exclude_none=True))
    for batch in fixtures.batches:
        world.imports.add(**batch.model_dump())
