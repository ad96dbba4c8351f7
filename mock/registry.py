"""Every tenant a server holds, found by API key or customer number, and the short codes they
have claimed (short URLs share one path space)."""

import secrets
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from . import snapshot
from .core.errors import BadInput, Forbidden, MockError, Unauthenticated
from .core.feed import Feed
from .faces.ccai.service import CcaiService
from .scenario.models import Scenario, TenantSpec, WebhookSpec
from .webhooks.dispatcher import LOG_SIZE
from .webhooks.transport import Transport
from .world import World, build_world

MAX_TENANTS = 1000  # about 84 KiB each when fresh: a bound on what anyone who can reach the port can take
SEED_BITS = 52  # a seed drawn for a tenant stays exact in any JSON reader (JavaScript's too)


class TenantLimit(MockError):
    """The server holds as many tenants as it was told to allow."""

    code = "TENANT_LIMIT"
    http_status = 409


class Registry:
    def __init__(
        self,
        scenarios: Sequence[Scenario],
        public_url: str,
        transport: Transport,
        outbox: Path | None = None,
        max_tenants: int = MAX_TENANTS,
        delivery_log_size: int = LOG_SIZE,
    ) -> None:
        """Every tenant of every scenario, each on its own scenario's seed and clock; the first
        scenario is the server's own, the one a tenant made without a scenario is shaped after."""
        self.scenario = scenarios[0]
        self.public_url = public_url.rstrip("/")
        self.transport = transport
        self.outbox = outbox
        self._worlds: dict[str, World] = {}
        self._keys: dict[str, str] = {}
        self._codes: dict[str, str] = {}
        self.max_tenants = max_tenants
        self.delivery_log_size = delivery_log_size
        # A tenant's feed outlives its worlds: listeners keep listening across resets and restores.
        self._feeds: dict[str, Feed] = {}
        for each in scenarios:
            for spec in each.tenants:
                self._add(spec, each.seed, each.clock.start, each.clock.mode)

    @property
    def worlds(self) -> list[World]:
        return list(self._worlds.values())

    def authenticate(self, key: str | None, address: str | None) -> World:
        """The world an API key opens, if the caller's address is on the key's allow-list."""
        if not key:
            raise Unauthenticated("X-AUTH-TOKEN: expected an API key in this header, got none")
        world = self.find(key)
        if world is None:
            raise Unauthenticated("X-AUTH-TOKEN: expected a valid API key, got an unknown one")
        api_key = next(k for k in world.tenant.api_keys if k.key == key)
        if not api_key.allow_list.allows(address):
            raise Forbidden(f"this API key is not allowed from {address}: see the key's IP restriction")
        return world

    def find(self, key: str | None) -> World | None:
        return self._worlds.get(self._keys.get(key or "", ""))

    def by_short_code(self, code: str) -> World | None:
        """The tenant whose PayLink or mandate has this short code: short URLs share one path space."""
        customer = self._codes.get(code)
        return None if customer is None else self._worlds.get(customer)

    def by_customer(self, customer: str) -> World | None:
        """The tenant of a customer number, as landing-page paths and SFTP logins name it."""
        return self._worlds.get(customer)

    def contact_centre(self, key: str, secret: str) -> CcaiService | None:
        """The contact centre these CCAI credentials open: a tenant's company key and secret."""
        for world in self._worlds.values():
            company = world.spec.ccai
            if company is not None and (company.company_key, company.company_secret) == (key, secret):
                return world.ccai
        return None

    def close_feeds(self) -> None:
        """Ends every listener of every feed: the server is stopping."""
        for feed in self._feeds.values():
            feed.close()

    def world_for_key(self, key: str | None) -> World:
        """The world of a key without the allow-list: the control API is the test's own."""
        world = self.find(key)
        if world is None:
            raise Unauthenticated("X-AUTH-TOKEN: expected the API key of a tenant")
        return world

    def create_tenant(
        self,
        scenario: Scenario | None = None,
        *,
        seed: int | None = None,
        webhooks: list[WebhookSpec] | None = None,
    ) -> World:
        """A new tenant shaped like the scenario's first tenant (default: the server's scenario),
        with a customer number and an API key of its own.

        The key comes from the system's randomness, never from a seed: a seeded key would be
        handed out again after a restart, or guessed by whoever knows the scenario. Without a
        `seed` the tenant's ids come from a fresh one (the caller is told it, to replay the run),
        not the scenario's, so that nobody can predict another tenant's PayLink ids."""
        if len(self._worlds) >= self.max_tenants:
            raise TenantLimit(
                f"tenants: this server holds at most {self.max_tenants} (--max-tenants); "
                "reset a tenant you made before instead of making another"
            )
        scenario, key, customer = scenario or self.scenario, self._new_key(), self._new_customer()
        spec = scenario.tenants[0]
        spec = spec.model_copy(
            update={
                "customer": customer,
                "api_keys": [spec.api_keys[0].model_copy(update={"key": key, "allow": None})],
                "webhooks": spec.webhooks if webhooks is None else webhooks,
                # Its contact centre answers to the new key too, so no two tenants share a company.
                "ccai": spec.ccai and spec.ccai.model_copy(update={"company_key": key}),
                # Its CALLR account too: login the customer number, password and Api-Key the new key.
                "callr": spec.callr
                and spec.callr.model_copy(update={"login": customer, "password": key, "api_key": key}),
            }
        )
        seed = secrets.randbits(SEED_BITS) if seed is None else seed
        return self._add(spec, seed, scenario.clock.start, scenario.clock.mode)

    def reset(self, world: World) -> World:
        """A fresh world from the same spec, seed and start; a reset rebuilds, it never undoes."""
        self._remove(world)
        return self._add(world.spec, world.seed, world.start, world.mode)

    def restore(self, world: World, taken: snapshot.Snapshot) -> World:
        """The tenant replaced by a snapshot's state; its customer number and keys stay its own."""
        fresh = self._build(world.spec, world.seed, world.start, world.mode, with_fixtures=False)
        snapshot.restore(fresh, taken)  # raises before anything is replaced when it cannot be restored
        self._remove(world)
        self._enter(fresh)
        for obj in [*fresh.paylinks.store, *fresh.mandates.store]:
            self._claim(fresh.tenant.customer, obj.short_code)
        return fresh

    def adopt(
        self, spec: TenantSpec, seed: int, start: datetime, mode: str, taken: snapshot.Snapshot
    ) -> World:
        """A tenant from a state file: restored over the scenario's tenant of that customer,
        or rebuilt from its own spec when the control API had created it."""
        world = self._worlds.get(spec.customer) or self._add(spec, seed, start, mode)
        return self.restore(world, taken)

    def _remove(self, world: World) -> None:
        self._release(world.tenant.customer)
        del self._worlds[world.tenant.customer]

    def _add(self, spec: TenantSpec, seed: int, start: datetime, mode: str) -> World:
        if spec.customer in self._worlds:
            raise BadInput.expected(
                "customer", "expected a customer number no other tenant has", spec.customer
            )
        return self._enter(self._build(spec, seed, start, mode))

    def _build(
        self, spec: TenantSpec, seed: int, start: datetime, mode: str, with_fixtures: bool = True
    ) -> World:
        return build_world(
            spec,
            seed=seed,
            start=start,
            public_url=self.public_url,
            transport=self.transport,
            outbox=self.outbox,
            feed=self._feeds.setdefault(spec.customer, Feed()),
            mode=mode,
            claim=lambda code: self._claim(spec.customer, code),
            with_fixtures=with_fixtures,
            delivery_log_size=self.delivery_log_size,
        )

    def _enter(self, world: World) -> World:
        customer = world.tenant.customer
        self._worlds[customer] = world
        self._keys.update({k.key: customer for k in world.spec.api_keys})
        return world

    def _new_key(self) -> str:
        """96 bits from the system: a clash is all but impossible, and refused all the same, so
        a key never opens a tenant it was not made for."""
        key = f"key-{secrets.token_hex(12)}"
        return self._new_key() if key in self._keys else key

    def _new_customer(self) -> str:
        number = max((int(c) for c in self._worlds if c.isdigit()), default=999) + 1
        while str(number) in self._worlds:
            number += 1
        return str(number)

    def _claim(self, customer: str, code: str) -> bool:
        if code in self._codes:
            return False
        self._codes[code] = customer
        return True

    def _release(self, customer: str) -> None:
        for code in [c for c, owner in self._codes.items() if owner == customer]:
            del self._codes[code]
        for key in [k for k, owner in self._keys.items() if owner == customer]:
            del self._keys[key]
