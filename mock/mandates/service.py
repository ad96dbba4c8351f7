"""E-Mandate operations: create through the API or from a scenario's fixtures, and search."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from mock.core.errors import parse_input
from mock.core.store import IndexedStore, Page, search_from_arguments
from mock.core.tenant import Tenant
from mock.core.values import Text
from mock.mandates.model import Mandate, MandateType


class MandateDraft(BaseModel):
    """MandateInput as it arrives (snake_case); the GraphQL layer has checked types and presence."""

    model_config = ConfigDict(extra="forbid")

    person_name: Text
    reference: Text
    type: MandateType
    reason: Text
    debtor_reference: Text


class MandateService:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.store: IndexedStore[Mandate] = IndexedStore(
            {
                "status": lambda mandate: [mandate.status],
                "reference": lambda mandate: [mandate.reference],
            }
        )

    def create_from_api(self, data: dict) -> Mandate:
        draft = parse_input(MandateDraft, data, root="mandate")
        return self.add(created_on=self.tenant.clock.now(), **draft.model_dump())

    def add(self, *, object_id: str | None = None, created_on: datetime, **fields) -> Mandate:
        """Store a new mandate with fresh URLs; `fields` are Mandate's own."""
        page = self.tenant.new_landing_page("mandate", object_id)
        fields.setdefault("updated_on", created_on)
        return self.store.add(Mandate(**page.fields(), created_on=created_on, **fields))

    def search(self, filters: dict | None, order: dict | None, offset: int, limit: int) -> Page[Mandate]:
        return self.store.search(search_from_arguments(filters, order, offset, limit))
