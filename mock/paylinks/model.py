"""The PayLink as the platform documents it: its statuses and which acts each allows."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from ..core.errors import InvalidTransition
from ..core.vocabulary import PayLinkStatus, PersonGender


class Attribute(NamedTuple):
    """A tuple, so the attribute index files a PayLink under its own attributes: a search's
    (id, value) finds them, and no key is stored twice."""

    id: str
    value: str


def shared_attributes(attributes: tuple[Attribute, ...]) -> tuple[Attribute, ...]:
    """The same tuple and attributes as an earlier PayLink's with equal ones: every API PayLink has
    origin api, an import's often have the same few, and each attribute was 64 bytes and more."""
    return _same_tuple(tuple(map(_same_attribute, attributes)))


def shared_moment(moment: datetime) -> datetime:
    """The same datetime as an earlier PayLink's that writes identically (an import's invoices
    often share their date): 48 bytes each. Equal datetimes in other zones are other moments here."""
    return _same_moment(moment, moment.tzinfo, moment.fold)


# Identities, cached: a cache hit gives back the equal value seen first. Bounded, so PayLinks
# whose attributes are all their own (a record's reference) only pass through.
_same_attribute = lru_cache(maxsize=4096)(lambda attribute: attribute)
_same_tuple = lru_cache(maxsize=4096)(lambda attributes: attributes)
_same_moment = lru_cache(maxsize=4096)(lambda moment, _zone, _fold: moment)


# Slotted: a tenant may hold 100,000 PayLinks, and a __dict__ each was a third of their memory.
@dataclass(slots=True)
class PayLink:
    id: str
    short_code: str
    short_url: str
    long_url: str
    person_name: str
    invoice_amount: str
    invoice_currency: str
    invoice_description: str
    invoice_reference: str
    invoice_date: datetime
    visible_until: datetime
    created_on: datetime
    updated_on: datetime
    attributes: tuple[Attribute, ...] = ()
    person_gender: PersonGender = PersonGender.U
    status: PayLinkStatus = PayLinkStatus.ready
    amount_paid: int = 0
    payment_method: str | None = None  # of the last transaction: its visit's, or the one it ended with
    expired: bool = False

    @property
    def outstanding(self) -> int:
        return int(self.invoice_amount) - self.amount_paid

    @property
    def reference(self) -> str:
        """The record reference of an imported PayLink; '' for one made through the API."""
        return next((a.value for a in self.attributes if a.id == "reference"), "")

    def check(self, act: str, now: datetime) -> None:
        """Refuse an act this PayLink's status or visibility does not allow."""
        if self.status not in ACTS_FROM[act]:
            raise InvalidTransition(f"PayLink {self.id} is {self.status}: it cannot be {PAST[act]}")
        if now >= self.visible_until:  # visibleUntil is when payment is no longer possible
            raise InvalidTransition(
                f"PayLink {self.id} was visible until {self.visible_until.isoformat()}: "
                f"it cannot be {PAST[act]} after that"
            )


S = PayLinkStatus
# Which statuses each act starts from. A visit starts a transaction, also as a new attempt
# after a cancelled or failed one, or for the rest of a partial payment.
ACTS_FROM: dict[str, frozenset[PayLinkStatus]] = {
    "visit": frozenset({S.ready, S.started, S.cancelled, S.failed, S.partially_paid}),
    "pay": frozenset({S.started}),
    "cancel": frozenset({S.started}),
    "fail": frozenset({S.started}),
}
PAST = {"visit": "visited", "pay": "paid", "cancel": "cancelled", "fail": "failed"}
