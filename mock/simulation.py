"""The simulated people on the other end: payers and debtors who act on new PayLinks and
mandates as the first matching rule says, on the tenant's clock."""

import contextlib

from .core.errors import InvalidTransition
from .core.events import DomainEvent
from .core.tenant import Tenant
from .mandates.service import MandateService
from .paylinks.service import PayLinkService
from .scenario.rules import Kind, Rule, RuleBook

NEW_OBJECTS: dict[str, Kind] = {"PayLinkCreated": "payLink", "MandateCreated": "mandate"}


class People:
    def __init__(
        self, tenant: Tenant, rules: list[Rule], paylinks: PayLinkService, mandates: MandateService
    ) -> None:
        self.tenant, self.rules = tenant, RuleBook(rules)
        self.services = {"payLink": paylinks, "mandate": mandates}
        tenant.clock.on("person.act", self._act, known=self._knows)
        tenant.events.subscribe(self._plan, NEW_OBJECTS)

    def _plan(self, event: DomainEvent) -> None:
        kind = NEW_OBJECTS[event.name]
        obj = self.services[kind].get(event.service_id)
        rule = self.rules.first_match(kind, obj)
        for offset, step in rule.schedule() if rule else []:
            self.tenant.clock.schedule(
                self.tenant.clock.after(obj.created_on, offset),
                "person.act",
                kind=kind,
                object_id=obj.id,
                act=step.do,
                amount=step.amount,
                method=step.method,
            )

    def _knows(self, kind: str, object_id: str, **_: object) -> bool:
        return kind in self.services and self.services[kind].store.get(object_id) is not None

    def _act(self, kind: Kind, object_id: str, act: str, amount: str | int, method: str) -> None:
        # A person who finds the page in another state (a test acted first) just leaves.
        with contextlib.suppress(InvalidTransition):
            self.services[kind].act(object_id, act, amount=amount, method=method)
