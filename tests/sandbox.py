"""The default scenario as the tests meet it: its clock's start, the documented PayLink and mandate
inputs, and small callers that create and find them and move the clock on.

`gql` and `control` are the fixtures of tests/conftest.py (or copies of them for another tenant's
key, made with dataclasses.replace)."""

import copy
from datetime import datetime, timedelta
from typing import Any

from tests.documented.examples import EXAMPLES

START = datetime.fromisoformat("2024-06-12T08:00:00+00:00")  # the default scenario's clock start


def _documented_variables(name: str) -> dict[str, Any]:
    return copy.deepcopy(next(example for example in EXAMPLES if example["name"] == name)["variables"])


# The documented createPayLink and createMandate inputs (reminders_mock.documented): Alphacomm,
# 15497 cents, own attribute source=whatsapp; mandate AC-HUUR, RCUR. Change copies: the *_input helpers.
PAY_LINK: dict[str, Any] = _documented_variables("create_paylink")["payLink"]
MANDATE: dict[str, Any] = _documented_variables("create_mandate")["mandate"]

# The variables are named as the documentation names them, which error messages quote ($payLink).
CREATE_PAYLINK = """mutation createPayLink($payLink: PayLinkInput!) { payLink { create(payLink: $payLink) {
  id status amountPaid invoiceAmount invoiceDate personName personGender createdOn updatedOn visibleUntil
  shortUrl longUrl attributes { id value } } } }"""
FIND_PAYLINK = """query($id: String) { payLink { payLinks(filters: {id: {equalTo: $id}}) {
  items { id status amountPaid updatedOn } } } }"""
CREATE_MANDATE = """mutation createMandate($mandate: MandateInput!) { mandate { create(mandate: $mandate) {
  id reference personName type reason debtorReference status shortUrl longUrl createdOn updatedOn } } }"""
FIND_MANDATE = """query($id: String) { mandate { mandates(filters: {id: {equalTo: $id}}) {
  items { id status updatedOn } } } }"""


def at(minutes: float) -> str:
    """The RFC 3339 moment `minutes` after the default scenario's start, as the API answers it."""
    return (START + timedelta(minutes=minutes)).isoformat()


def _changed(documented: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    fields = copy.deepcopy({**documented, **changes})
    return {name: value for name, value in fields.items() if value is not None}


def pay_link_input(**changes: Any) -> dict[str, Any]:
    """The documented PayLinkInput with some fields changed; a value of None leaves the field out."""
    return _changed(PAY_LINK, changes)


def mandate_input(**changes: Any) -> dict[str, Any]:
    """The documented MandateInput with some fields changed; a value of None leaves the field out."""
    return _changed(MANDATE, changes)


async def create_paylink(gql, amount: str | None = "10004", **fields: Any) -> dict[str, Any]:
    """A PayLink made from the documented input. The default amount ends in 04, which no built-in
    rule acts on; an amount without a magic ending (such as 15497) gets the default rule."""
    variables = {"payLink": pay_link_input(invoiceAmount=amount, **fields)}
    return (await gql.ok(CREATE_PAYLINK, variables))["payLink"]["create"]


async def find_paylink(gql, paylink_id: str) -> dict[str, Any]:
    """The one PayLink with this id, as a search answers it: id, status, amountPaid, updatedOn."""
    [link] = (await gql.ok(FIND_PAYLINK, {"id": paylink_id}))["payLink"]["payLinks"]["items"]
    return link


async def create_mandate(gql, reference: str = "AC-LIFE-NEW", **fields: Any) -> dict[str, Any]:
    """A mandate made from the documented input. The default reference ends in -NEW, which no
    built-in rule moves on; a reference without a magic ending (such as AC-HUUR) gets the default."""
    variables = {"mandate": mandate_input(reference=reference, **fields)}
    return (await gql.ok(CREATE_MANDATE, variables))["mandate"]["create"]


async def find_mandate(gql, mandate_id: str) -> dict[str, Any]:
    """The one mandate with this id, as a search answers it: id, status, updatedOn."""
    [mandate] = (await gql.ok(FIND_MANDATE, {"id": mandate_id}))["mandate"]["mandates"]["items"]
    return mandate


async def advance(control, by: str | None = None, *, to: str | None = None) -> dict[str, Any]:
    """Moves the tenant's clock on by a duration or to a moment, which must succeed: the clock."""
    move = {name: value for name, value in (("by", by), ("to", to)) if value is not None}
    status, clock = await control.post("/_mock/clock/advance", move)
    assert status == 200, clock
    return clock
