"""PayLink operations: create through the API or from a scenario's fixtures, and search."""

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict

from mock.core.errors import BadInput, parse_input
from mock.core.store import IndexedStore, Page, search_from_arguments
from mock.core.tenant import Tenant
from mock.core.values import Cents, CurrencyCode, Text, format_datetime
from mock.paylinks.model import Attribute, PayLink

DEFAULT_VISIBILITY = timedelta(days=90)


class AttributeDraft(BaseModel):
    id: Text
    value: str


class PayLinkDraft(BaseModel):
    """PayLinkInput as it arrives (snake_case); the GraphQL layer has checked types and presence."""

    model_config = ConfigDict(extra="forbid")

    attributes: list[AttributeDraft] | None = None
    person_name: Text
    invoice_amount: Cents
    invoice_currency: CurrencyCode
    invoice_description: str
    invoice_reference: str
    invoice_date: AwareDatetime
    visible_until: AwareDatetime | None = None


class PayLinkService:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.store: IndexedStore[PayLink] = IndexedStore(
            {
                "status": lambda link: [link.status],
                "attributes": lambda link: [(a.id, a.value) for a in link.attributes],
            }
        )

    def create_from_api(self, data: dict) -> PayLink:
        """The API's create: own attributes come back prefixed 'customer_', then origin 'api'."""
        draft = parse_input(PayLinkDraft, data, root="payLink")
        attributes = [Attribute(f"customer_{a.id}", a.value) for a in draft.attributes or []]
        self._check_unique(attributes)
        now = self.tenant.clock.now()
        visible_until = draft.visible_until or now + DEFAULT_VISIBILITY
        if visible_until <= now:
            raise BadInput.expected(
                "payLink.visibleUntil",
                f"expected a moment after the PayLink's creation ({format_datetime(now)})",
                format_datetime(visible_until),
            )
        return self.add(
            attributes=[*attributes, Attribute("origin", "api")],
            created_on=now,
            visible_until=visible_until,
            **draft.model_dump(exclude={"attributes", "visible_until"}),
        )

    def add(self, *, object_id: str | None = None, created_on: datetime, **fields) -> PayLink:
        """Store a new PayLink with fresh URLs; `fields` are PayLink's own."""
        page = self.tenant.new_landing_page("pay", object_id)
        fields.setdefault("updated_on", created_on)
        fields.setdefault("visible_until", created_on + DEFAULT_VISIBILITY)
        return self.store.add(PayLink(**page.fields(), created_on=created_on, **fields))

    def search(self, filters: dict | None, order: dict | None, offset: int, limit: int) -> Page[PayLink]:
        return self.store.search(search_from_arguments(filters, order, offset, limit))

    @staticmethod
    def _check_unique(attributes: list[Attribute]) -> None:
        seen: set[str] = set()
        for position, attribute in enumerate(attributes):
            if attribute.id in seen:
                raise BadInput.expected(
                    f"payLink.attributes[{position}].id",
                    "expected an id not used by another attribute of this PayLink",
                    attribute.id.removeprefix("customer_"),
                )
            seen.add(attribute.id)
