"""One tenant's world: its core (clock, ids) and a service per domain, built from its scenario spec."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from mock.core.access import AllowList, ApiKey
from mock.core.clock import Clock
from mock.core.ids import Ids
from mock.core.tenant import Tenant
from mock.imports.service import ImportService
from mock.mandates.service import MandateService
from mock.paylinks.model import Attribute
from mock.paylinks.service import PayLinkService
from mock.scenario.models import Fixtures, TenantSpec
from mock.voice.service import VoiceService


@dataclass
class World:
    spec: TenantSpec
    seed: int
    start: datetime
    tenant: Tenant
    paylinks: PayLinkService
    mandates: MandateService
    imports: ImportService
    voice: VoiceService


def build_world(spec: TenantSpec, *, seed: int, start: datetime, public_url: str, claim=None) -> World:
    """A fresh world; the same spec, seed and start always build the same one."""
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
    world = World(
        spec=spec,
        seed=seed,
        start=start,
        tenant=tenant,
        paylinks=PayLinkService(tenant),
        mandates=MandateService(tenant),
        imports=ImportService(tenant, spec.scripts),
        voice=VoiceService(tenant),
    )
    _add_fixtures(world, spec.fixtures)
    return world


def _add_fixtures(world: World, fixtures: Fixtures) -> None:
    for link in fixtures.pay_links:
        fields = link.model_dump(exclude={"id", "attributes"}, exclude_none=True)
        attributes = [Attribute(a.id, a.value) for a in link.attributes]
        world.paylinks.add(object_id=link.id, attributes=attributes, **fields)
    for mandate in fixtures.mandates:
        world.mandates.add(object_id=mandate.id, **mandate.model_dump(exclude={"id"}, exclude_none=True))
    for batch in fixtures.batches:
        world.imports.add(**batch.model_dump())
