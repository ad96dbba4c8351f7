"""PayLink operations: create (API, import, fixtures), search, and what the payer does:
visit, pay, cancel, fail. Every change is published as a domain event."""

import sys
from datetime import datetime, timedelta
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationInfo, field_validator

from ..core.errors import BadInput, NotFound, parse_input
from ..core.store import IndexedStore, Page, Search
from ..core.tenant import Tenant
from ..core.values import Cents, CurrencyCode, Text, format_datetime
from ..core.vocabulary import PayLinkStatus
from .model import ACTS_FROM, Attribute, PayLink, shared_attributes, shared_moment

DEFAULT_VISIBILITY = timedelta(days=90)
# Each status's keys in the status index, made once rather than once per PayLink filed.
STATUS_KEYS = {status: (status,) for status in PayLinkStatus}


class AttributeDraft(BaseModel):
    id: Text
    value: str

    @field_validator("id")
    @classmethod
    def _not_used_before(cls, attribute_id: str, info: ValidationInfo) -> str:
        # Checked per attribute, not over the list, so that a repeat is named at its own place
        # (attributes[2].id) beside the input's other problems: the context carries the ids seen
        # so far, and pydantic validates a list's items in order.
        seen: set[str] = info.context["attribute_ids"]
        if attribute_id in seen:
            raise ValueError("expected an id not used by another attribute of this PayLink")
        seen.add(attribute_id)
        return attribute_id


class PayLinkDraft(BaseModel):
    """PayLinkInput as it arrives (snake_case); the GraphQL layer has checked types and presence.
    Validated by `checked`, which gives the checks that need more than the input what they need."""

    model_config = ConfigDict(extra="forbid")

    attributes: list[AttributeDraft] | None = None
    person_name: Text
    invoice_amount: Cents
    invoice_currency: CurrencyCode
    invoice_description: str
    invoice_reference: str
    invoice_date: AwareDatetime
    visible_until: AwareDatetime | None = None

    @field_validator("visible_until")
    @classmethod
    def _after_creation(cls, moment: datetime | None, info: ValidationInfo) -> datetime | None:
        created_on: datetime = info.context["created_on"]
        if moment is not None and moment <= created_on:
            created = format_datetime(created_on)
            raise ValueError(f"expected a moment after the PayLink's creation ({created})")
        return moment

    @classmethod
    def checked(cls, data: dict, created_on: datetime) -> "PayLinkDraft":
        """The draft, or every problem of `data` at once, its own checks' included."""
        context = {"created_on": created_on, "attribute_ids": set()}
        return parse_input(cls, data, root="payLink", context=context)


Amount = Literal["full", "half"] | int


class PayLinksState(BaseModel):
    """Every PayLink; the clock's state carries their expiries and the payers' next steps."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    pay_links: list[PayLink]


class PayLinkService:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        tenant.clock.on("paylink.expire", self._expire_at_visible_until, known=self._has)
        self.store: IndexedStore[PayLink] = IndexedStore(
            {"status": lambda link: STATUS_KEYS[link.status], "attributes": lambda link: link.attributes},
            unique={"short_code": lambda link: link.short_code},
        )

    def create_from_api(self, data: dict) -> PayLink:
        """The API's create: own attributes come back prefixed 'customer_', then origin 'api'."""
        now = self.tenant.clock.now()
        draft = PayLinkDraft.checked(data, created_on=now)
        attributes = [Attribute(f"customer_{a.id}", a.value) for a in draft.attributes or []]
        # model_dump (pydantic's core), not dict(draft) (its __iter__, in Python): 1 µs a draft
        # against 3.5.
        return self.open(
            attributes=[*attributes, Attribute("origin", "api")],
            visible_until=draft.visible_until or self.tenant.clock.after(now, DEFAULT_VISIBILITY),
            **draft.model_dump(exclude={"attributes", "visible_until"}),
        )

    def open(self, **fields) -> PayLink:
        """A new PayLink from now on: it expires at visibleUntil, and the payer's rules take it up."""
        link = self.add(created_on=self.tenant.clock.now(), **fields)
        self.tenant.clock.schedule(link.visible_until, "paylink.expire", link_id=link.id)
        self._emit("PayLinkCreated", link, {})
        return link

    def add(self, *, object_id: str | None = None, created_on: datetime, **fields) -> PayLink:
        """Store a new PayLink with fresh URLs; `fields` are PayLink's own."""
        page = self.tenant.new_landing_page("pay", object_id)
        fields.setdefault("updated_on", created_on)
        if "visible_until" not in fields:  # the API's create brings its own: no sum for nothing
            fields["visible_until"] = self.tenant.clock.after(created_on, DEFAULT_VISIBILITY)
        fields["attributes"] = shared_attributes(tuple(fields.get("attributes", ())))
        # Amounts and invoice dates repeat from PayLink to PayLink: one object each.
        fields["invoice_amount"] = sys.intern(fields["invoice_amount"])
        fields["invoice_date"] = shared_moment(fields["invoice_date"])
        return self.store.add(PayLink(**page.fields(), created_on=created_on, **fields))

    def search(self, search: Search) -> Page[PayLink]:
        return self.store.search(search)

    def state(self) -> PayLinksState:
        return PayLinksState(pay_links=list(self.store))

    def restore(self, state: PayLinksState) -> None:
        """Into a freshly built service, whose store is empty."""
        for link in state.pay_links:
            self.store.add(link)

    def _has(self, link_id: str) -> bool:
        return self.store.get(link_id) is not None

    def get(self, link_id: str) -> PayLink:
        link = self.store.get(link_id)
        if link is None:
            raise NotFound(f"PayLink {link_id}: no such PayLink in this tenant")
        return link

    def act(self, link_id: str, act: str, *, amount: Amount = "full", method: str = "ideal") -> PayLink:
        """What the payer does, by name: visit, pay, cancel, fail, expire (rules and control API)."""
        if act == "visit":
            return self.visit(link_id, method)
        if act == "pay":
            return self.pay(link_id, amount, method)
        if act in ("cancel", "fail"):
            return self.end_transaction(link_id, act, method)
        if act == "expire":
            return self.expire(link_id)
        raise BadInput.expected("action", "expected visit, pay, cancel, fail or expire", act)

    def visit(self, link_id: str, method: str = "ideal") -> PayLink:
        """The payer opens the page and starts a transaction."""
        link = self.get(link_id)
        link.check("visit", self.tenant.clock.now())
        link.payment_method = method
        self._move(link, PayLinkStatus.started)
        self._emit("PayLinkVisited", link, self._transaction(link, link.outstanding))
        return link

    def pay(self, link_id: str, amount: Amount = "full", method: str = "ideal") -> PayLink:
        """A successful payment; without an open transaction the payer visits first."""
        cents = self._cents(self.get(link_id), amount)  # checked before anything changes
        link = self._open_transaction(link_id, "pay", method)
        link.amount_paid += cents
        self._move(link, PayLinkStatus.paid if link.outstanding == 0 else PayLinkStatus.partially_paid)
        self._emit("PayLinkPaid", link, self._transaction(link, cents))
        return link

    def end_transaction(self, link_id: str, act: Literal["cancel", "fail"], method: str = "ideal") -> PayLink:
        """The transaction is cancelled by the payer or fails at the bank."""
        link = self._open_transaction(link_id, act, method)
        self._move(link, PayLinkStatus.cancelled if act == "cancel" else PayLinkStatus.failed)
        name = "PayLinkCancelled" if act == "cancel" else "PayLinkFailed"
        self._emit(name, link, self._transaction(link, link.outstanding))
        return link

    def expire(self, link_id: str) -> PayLink:
        """The link stops being payable now, as if visibleUntil had come."""
        link = self.get(link_id)
        link.visible_until = min(link.visible_until, self.tenant.clock.now())
        self._expire_at_visible_until(link_id)
        return link

    def _expire_at_visible_until(self, link_id: str) -> None:
        link = self.get(link_id)
        if link.expired or link.status == PayLinkStatus.paid or self.tenant.clock.now() < link.visible_until:
            return
        link.expired = True
        self._emit("PayLinkExpired", link, {"open-amount": link.outstanding})

    def _open_transaction(self, link_id: str, act: str, method: str) -> PayLink:
        """The PayLink with a transaction to end by `method`; without one the payer visits first."""
        link = self.get(link_id)
        if link.status == PayLinkStatus.started or link.status not in ACTS_FROM["visit"]:
            link.check(act, self.tenant.clock.now())  # refused in the act's own words
            # The page opened with the default method; the payer may pay with another one, and
            # PayLinkPaid says which.
            link.payment_method = method
            return link
        return self.visit(link_id, method)

    @staticmethod
    def _cents(link: PayLink, amount: Amount) -> int:
        if amount == "full":
            return link.outstanding
        if amount == "half":
            return max(1, link.outstanding // 2)
        if not isinstance(amount, int) or not 0 < amount <= link.outstanding:
            raise BadInput.expected(
                "amount", f"expected 'full', 'half' or cents from 1 to the open {link.outstanding}", amount
            )
        return amount

    def _move(self, link: PayLink, status: PayLinkStatus) -> None:
        link.status = status
        link.updated_on = self.tenant.clock.now()
        self.store.reindex(link)

    @staticmethod
    def _transaction(link: PayLink, cents: int) -> dict:
        """The documented data of a PayLink event: the payment method and the amount in cents."""
        return {"payment-method": link.payment_method or "ideal", "transaction-amount": cents}

    def _emit(self, name: str, link: PayLink, data: dict) -> None:
        self.tenant.emit(name, "paylink", link.id, link.reference, data)
