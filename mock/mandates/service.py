"""E-Mandate operations: create (API, import, fixtures), search, and what the debtor does:
authorize, then confirm. Every change is published as a domain event."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ..core.errors import BadInput, NotFound, parse_input
from ..core.store import IndexedStore, Page, Search
from ..core.tenant import Tenant
from ..core.values import Text
from ..core.vocabulary import MandateType
from .model import ACTS, Mandate


class MandateDraft(BaseModel):
    """MandateInput as it arrives (snake_case); the GraphQL layer has checked types and presence."""

    model_config = ConfigDict(extra="forbid")

    person_name: Text
    reference: Text
    type: MandateType
    reason: Text
    debtor_reference: Text


class MandatesState(BaseModel):
    """Every mandate; the clock's state carries the debtors' next steps."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    mandates: list[Mandate]


class MandateService:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.store: IndexedStore[Mandate] = IndexedStore(
            {
                "status": lambda mandate: [mandate.status],
                "reference": lambda mandate: [mandate.reference],
            },
            unique={"short_code": lambda mandate: mandate.short_code},
        )

    def create_from_api(self, data: dict) -> Mandate:
        draft = parse_input(MandateDraft, data, root="mandate")
        return self.open(**draft.model_dump())

    def open(self, **fields) -> Mandate:
        """A new mandate from now on; the debtor's rules take it up."""
        mandate = self.add(created_on=self.tenant.clock.now(), **fields)
        self.tenant.emit("MandateCreated", "mandate", mandate.id, mandate.reference, {})
        return mandate

    def add(self, *, object_id: str | None = None, created_on: datetime, **fields) -> Mandate:
        """Store a new mandate with fresh URLs; `fields` are Mandate's own."""
        page = self.tenant.new_landing_page("mandate", object_id)
        fields.setdefault("updated_on", created_on)
        return self.store.add(Mandate(**page.fields(), created_on=created_on, **fields))

    def search(self, search: Search) -> Page[Mandate]:
        return self.store.search(search)

    def state(self) -> MandatesState:
        return MandatesState(mandates=list(self.store))

    def restore(self, state: MandatesState) -> None:
        """Into a freshly built service, whose store is empty."""
        for mandate in state.mandates:
            self.store.add(mandate)

    def get(self, mandate_id: str) -> Mandate:
        mandate = self.store.get(mandate_id)
        if mandate is None:
            raise NotFound(f"mandate {mandate_id}: no such mandate in this tenant")
        return mandate

    def act(self, mandate_id: str, act: str, **_: object) -> Mandate:
        """What the debtor does, by name: authorize (new → pending) or confirm (pending → success)."""
        if act not in ACTS:
            raise BadInput.expected("action", "expected authorize or confirm", act)
        mandate = self.get(mandate_id)
        mandate.check(act)
        previous, mandate.status = mandate.status, ACTS[act][1]
        mandate.updated_on = self.tenant.clock.now()
        self.store.reindex(mandate)
        self.tenant.emit(
            "MandateStatusChanged",
            "mandate",
            mandate.id,
            mandate.reference,
            {"status": str(mandate.status), "previous-status": str(previous)},
        )
        return mandate
