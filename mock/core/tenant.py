"""A tenant's core: who it is, which keys open it, its clock, its ids and where its pages live."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from .access import ApiKey
from .clock import Clock
from .events import DomainEvent, EventBus
from .ids import Ids


@dataclass(frozen=True)
class LandingPage:
    """Where a PayLink's or mandate's page lives: a short code and the two URLs."""

    id: str
    short_code: str
    short_url: str
    long_url: str

    def fields(self) -> dict[str, str]:
        # A shallow copy: every field is a string, and asdict's deep walk was a quarter of what
        # a new tenant of the default scenario cost (eleven fixture objects, one page each).
        return dict(vars(self))


@dataclass
class Tenant:
    customer: str
    name: str
    timezone: ZoneInfo
    api_keys: tuple[ApiKey, ...]
    clock: Clock
    ids: Ids
    public_url: str
    events: EventBus = field(default_factory=EventBus)

    def today(self) -> date:
        """The date on the tenant's clock, in the tenant's own time zone."""
        return self.clock.now().astimezone(self.timezone).date()

    def emit(
        self,
        name: str,
        service: str,
        service_id: str,
        reference: str,
        data: dict[str, Any],
        details: dict[str, Any] | None = None,
    ) -> DomainEvent:
        """Publish that something happened now; the event's id is drawn like every other id."""
        event = DomainEvent(
            self.ids.uuid(), name, service, service_id, reference, self.clock.now(), data, details or {}
        )
        self.events.publish(event)
        return event

    def new_landing_page(self, kind: str, object_id: str | None = None) -> LandingPage:
        """A fresh short code and URLs for a new object of `kind` ('pay' or 'mandate').

        The long URL carries the customer because ids may repeat across tenants (fixtures);
        short codes are unique server-wide, `Ids` sees to that.
        """
        object_id = object_id or self.ids.uuid()
        code = self.ids.short_code()
        return LandingPage(
            id=object_id,
            short_code=code,
            short_url=f"{self.public_url}/{code}",
            long_url=f"{self.public_url}/{kind}/{self.customer}/{object_id}",
        )
