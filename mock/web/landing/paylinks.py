"""The PayLink page. Opening it is the payer's visit; the payer picks a method (iDEAL and a test
bank, Bancontact, a test card), then pays all or part, cancels, or lets the payment fail. A paid
link shows its receipt; an expired one refuses payment with 410 Gone and changes nothing."""

import re
from collections.abc import Mapping
from decimal import Decimal
from urllib.parse import urlencode

from aiohttp import web

from ...bodies import form_of
from ...core.errors import BadInput, InvalidTransition, MockError
from ...core.values import format_money
from ...core.vocabulary import PayLinkStatus
from ...paylinks.model import PayLink
from ...paylinks.service import Amount
from ...world import World
from ..templates import page
from .common import moment, page_object
from .methods import ISSUERS, TEST_CARDS, Choice, chosen, method_named, offered, shown

ACTS = ("pay", "cancel", "fail")
AMOUNT = re.compile(r"\d{1,9}(?:[.,]\d{1,2})?")  # units and cents, as the page writes money
# What the page says after the redirect that follows a button (`?done=`).
DONE = {
    "pay": "The payment went through",
    "declined": "The payment failed",
    "cancel": "The payment was cancelled",
    "fail": "The payment failed at the bank",
}


async def paylink_page(request: web.Request) -> web.Response:
    world, link = _paylink(request)
    if _is_a_visit(request) and _may_visit(world, link):
        world.paylinks.act(link.id, "visit")  # opening the page starts a transaction
        await world.tenant.clock.settle()
    return _view(world, link, notice=_notice(request.query), picked=shown(request.query))


async def paylink_act(request: web.Request) -> web.Response:
    world, link = _paylink(request)
    if _expired(world, link):  # refused before the form is read: nothing about it can matter
        return _view(world, link, errors=["This payment request has expired: nothing was paid."])
    form: Mapping[str, str] = {}
    try:
        form = await form_of(request)
        action, choice, amount = _payment(form, world, link)
        # A declined test card is a payment that fails at the bank.
        act = "fail" if choice.declined else action
        world.paylinks.act(link.id, act, amount=amount, method=choice.method.id)
    except MockError as error:
        problems = error.problems
        errors = [problem.message for problem in problems]
        invalid = {problem.field for problem in problems}
        return _view(world, link, error.http_status, form=form, errors=errors, invalid=invalid)
    await world.tenant.clock.settle()
    done = "declined" if choice.declined else action
    raise web.HTTPSeeOther(f"{request.path}?{urlencode({'done': done, **choice.query()})}")


def _paylink(request: web.Request) -> tuple[World, PayLink]:
    return page_object(request, lambda world: world.paylinks.store, "PayLink")


def _is_a_visit(request: web.Request) -> bool:
    """A person opening the page. aiohttp answers HEAD with the GET handler; a HEAD (`curl -I`, a
    chat app's link preview) only asks for the headers, and coming back after a button is no new visit."""
    return request.method == "GET" and "done" not in request.query


def _may_visit(world: World, link: PayLink) -> bool:
    """A page view starts a transaction unless one is open, or the status or date forbids it."""
    if link.status == PayLinkStatus.started or link.expired:
        return False
    try:
        link.check("visit", world.tenant.clock.now())
    except InvalidTransition:
        return False
    return True


def _expired(world: World, link: PayLink) -> bool:
    """Past visibleUntil and not paid: the clock's expiry may not have run yet at that very moment."""
    past = link.expired or world.tenant.clock.now() >= link.visible_until
    return past and link.status != PayLinkStatus.paid


def _payment(form: Mapping[str, str], world: World, link: PayLink) -> tuple[str, Choice, Amount]:
    """The button, the method and the amount, or every problem of the form at once."""
    action = form.get("action", "")
    if action not in ACTS:
        raise BadInput(f"Action: expected one of {', '.join(ACTS)}, got {action!r}.", field="action")
    problems: list[BadInput] = []
    choice, amount = None, "full"
    try:
        choice = chosen(form, link.invoice_currency, world.tenant.today(), details=action == "pay")
    except BadInput as problem:
        problems.append(problem)
    if action == "pay":
        try:
            amount = _amount(form.get("amount", "").strip(), link)
        except BadInput as problem:
            problems.append(problem)
    if problems or choice is None:
        raise BadInput.together(problems)
    return action, choice, amount


def _amount(text: str, link: PayLink) -> Amount:
    """The amount field, in the PayLink's currency ('12,50' or '12.50'); empty means everything
    that is open."""
    if not text:
        return "full"
    if not AMOUNT.fullmatch(text):
        expected = f"expected an amount in {link.invoice_currency} such as 12,50"
        raise BadInput(f"Amount: {expected}, got {text!r}.", field="amount")
    cents = int(Decimal(text.replace(",", ".")) * 100)
    if link.outstanding > 0 and not 0 < cents <= link.outstanding:
        currency = link.invoice_currency
        raise BadInput(
            f"Amount: expected at least {format_money(1, currency)} and at most the open "
            f"{format_money(link.outstanding, currency)}, got {format_money(cents, currency)}.",
            field="amount",
        )
    return cents


def _notice(query: Mapping[str, str]) -> str | None:
    """What the redirect after a button says happened, naming the method, bank or card."""
    done, choice = query.get("done", ""), shown(query)
    if done not in DONE:
        return None
    if choice is None:
        return f"{DONE[done]}."
    if done == "declined" and choice.card and choice.declined:
        return f"{choice.declined} {DONE[done]}: {choice.card.brand} ending in {choice.card.last4}."
    return f"{DONE[done]}: {choice}."


def _units(cents: int) -> str:
    """Cents as the amount field takes them: 10004 → '100,04'."""
    return f"{cents // 100},{cents % 100:02d}"


def _view(
    world: World,
    link: PayLink,
    status: int | None = None,
    *,
    form: Mapping[str, str] | None = None,
    picked: Choice | None = None,
    **messages: object,
) -> web.Response:
    now = world.tenant.clock.now()
    expired = _expired(world, link)
    method = method_named(link.payment_method or "ideal")  # what the webhooks say of a fixture
    return page(
        "paylink.html",
        status or (410 if expired else 200),
        link=link,
        customer=world.tenant.customer,
        payable=link.status == PayLinkStatus.started and not expired,
        expired=expired,
        visible_until=moment(link.visible_until, world),
        updated_on=moment(link.updated_on, world),
        now=moment(now, world),
        methods=offered(link.invoice_currency),
        issuers=ISSUERS,
        test_cards=TEST_CARDS,
        form=form or {"amount": _units(link.outstanding)},
        # The receipt names the bank or card when the redirect after paying says which.
        paid_with=picked if picked and picked.method == method else method.name,
        **messages,
    )
