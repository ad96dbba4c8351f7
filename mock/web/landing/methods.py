"""The payment methods a payer picks on a PayLink's page, as a payment provider's test mode offers
them (Mollie's, Stripe's): iDEAL with its test banks, Bancontact, and credit cards whose test
numbers decide the outcome. No bank or card network is reached; no real card number is taken."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ...core.errors import BadInput

__all__ = ["ISSUERS", "TEST_CARDS", "Choice", "Method", "chosen", "method_named", "offered", "shown"]


@dataclass(frozen=True)
class Method:
    """`id` is what the webhook's `payment-method` carries: the documented `ideal`, and Mollie's
    names for the others."""

    id: str
    name: str
    currency: str | None  # the one currency it takes (iDEAL and Bancontact: euros); None: any


METHODS = (
    Method("ideal", "iDEAL", "EUR"),
    Method("bancontact", "Bancontact", "EUR"),
    Method("creditcard", "Credit card", None),
)


@dataclass(frozen=True)
class Issuer:
    bic: str
    name: str


# The usual iDEAL banks, by their BIC as iDEAL names them; in the sandbox every one is a test bank.
ISSUERS = (
    Issuer("ABNANL2A", "ABN AMRO"),
    Issuer("ASNBNL21", "ASN Bank"),
    Issuer("BUNQNL2A", "bunq"),
    Issuer("INGBNL2A", "ING"),
    Issuer("KNABNL2H", "Knab"),
    Issuer("RABONL2U", "Rabobank"),
    Issuer("RBRBNL21", "RegioBank"),
    Issuer("SNSBNL2A", "SNS"),
    Issuer("TRIONL2U", "Triodos Bank"),
    Issuer("FVLBNL22", "Van Lanschot"),
)


@dataclass(frozen=True)
class TestCard:
    """A card number the sandbox knows, Stripe's test numbers: `declined` says why the bank refuses
    it, as the payer reads it; None means the payment goes through."""

    __test__ = False  # a card, not a pytest test class

    number: str
    brand: str
    declined: str | None = None

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def spaced(self) -> str:
        """As printed on the card: 4-6-5 digits for American Express, groups of four otherwise."""
        groups = (4, 6, 5) if len(self.number) == 15 else (4, 4, 4, 4)
        starts = [sum(groups[:i]) for i in range(len(groups))]
        return " ".join(self.number[start : start + size] for start, size in zip(starts, groups, strict=True))

    @property
    def cvc_length(self) -> int:
        return 4 if self.brand == "American Express" else 3


TEST_CARDS = (
    TestCard("4242424242424242", "Visa"),
    TestCard("5555555555554444", "Mastercard"),
    TestCard("378282246310005", "American Express"),
    TestCard("4000000000000002", "Visa", declined="The card was declined."),
    TestCard("4000000000009995", "Visa", declined="The card was declined: insufficient funds."),
    TestCard("4000000000000069", "Visa", declined="The card has expired."),
)


@dataclass(frozen=True)
class Choice:
    """What the payer picked: a method, with its bank or its test card."""

    method: Method
    issuer: Issuer | None = None
    card: TestCard | None = None

    @property
    def declined(self) -> str | None:
        return self.card.declined if self.card else None

    def __str__(self) -> str:
        """'iDEAL (ING)', 'Credit card (Visa ending in 4242)', 'Bancontact'."""
        if self.issuer:
            return f"{self.method.name} ({self.issuer.name})"
        if self.card:
            return f"{self.method.name} ({self.card.brand} ending in {self.card.last4})"
        return self.method.name

    def query(self) -> dict[str, str]:
        """The choice in the page's address after the payment (POST, redirect, GET), so the page
        can name the bank or card the PayLink itself does not keep."""
        query = {"method": self.method.id}
        if self.issuer:
            query["issuer"] = self.issuer.bic
        if self.card:
            query["card"] = self.card.last4
        return query


def offered(currency: str) -> list[Method]:
    """The methods a PayLink in `currency` can be paid with."""
    return [method for method in METHODS if method.currency in (None, currency)]


def method_named(method_id: str) -> Method:
    """A method by its webhook name; one the control API or a rule made up is shown as it is named."""
    return next((m for m in METHODS if m.id == method_id), Method(method_id, method_id, None))


def chosen(form: Mapping[str, str], currency: str, today: date, *, details: bool) -> Choice:
    """The payer's choice from the page's form; with `details` (a payment) the bank or the test card
    too. A form without `method` (an older page, a script) takes the first method offered."""
    methods = offered(currency)
    method_id = form.get("method") or methods[0].id
    method = next((m for m in methods if m.id == method_id), None)
    if method is None:
        names = ", ".join(m.id for m in methods)
        raise _problem("method", f"expected one of {names} for a PayLink in {currency}", method_id)
    if not details or "method" not in form:
        return Choice(method)
    if method.id == "ideal":
        return Choice(method, issuer=_issuer(form.get("issuer", "")))
    if method.id == "creditcard":
        return Choice(method, card=_card(form, today))
    return Choice(method)


def shown(query: Mapping[str, str]) -> Choice | None:
    """The choice a redirect's address names (Choice.query), or None when it names none we know."""
    method = next((m for m in METHODS if m.id == query.get("method")), None)
    if method is None:
        return None
    issuer = next((i for i in ISSUERS if i.bic == query.get("issuer")), None)
    card = next((c for c in TEST_CARDS if c.last4 == query.get("card")), None)
    return Choice(method, issuer=issuer, card=card)


def _issuer(bic: str) -> Issuer:
    found = next((issuer for issuer in ISSUERS if issuer.bic == bic), None)
    if found is None:
        raise _problem("issuer", "expected one of the test banks of the list", bic)
    return found


EXPIRY = re.compile(r"(\d{1,2})\s*/\s*(\d{2}|\d{4})")


def _card(form: Mapping[str, str], today: date) -> TestCard:
    """The test card, its expiry and CVC checked as a card form checks them, every problem at once."""
    number = re.sub(r"[\s-]", "", form.get("card-number", ""))
    card = next((c for c in TEST_CARDS if c.number == number), None)
    problems = []
    if card is None:
        # The number is not repeated: a payer may have typed a real one, which no page should show.
        expected = f"expected one of the test cards, such as {TEST_CARDS[0].spaced}; no real card is taken"
        problems.append(_problem("card-number", expected))
    problems.extend(_expiry(form.get("card-expiry", "").strip(), today))
    digits = card.cvc_length if card else 3
    cvc = form.get("card-cvc", "").strip()
    if not (cvc.isascii() and cvc.isdigit() and len(cvc) == digits):
        problems.append(_problem("card-cvc", f"expected the {digits} digits of the card's CVC", cvc))
    if problems:
        raise BadInput.together(problems)
    return card


def _expiry(text: str, today: date) -> list[BadInput]:
    match = EXPIRY.fullmatch(text)
    if match:
        month, year = int(match[1]), int(match[2]) % 100 + 2000
        if 1 <= month <= 12 and (year, month) >= (today.year, today.month):
            return []
    expected = f"expected a month and year as MM/YY not before {today:%m/%y}, on the sandbox's clock"
    return [_problem("card-expiry", expected, text)]


# The form's fields as the page labels them: a payer reads "Card number", not "card-number".
LABELS = {
    "method": "Payment method",
    "issuer": "Bank",
    "card-number": "Card number",
    "card-expiry": "Expiry",
    "card-cvc": "CVC",
}


def _problem(field: str, expected: str, got: str | None = None) -> BadInput:
    shown = "" if got is None else f", got {got!r}" if got else ", got nothing"
    return BadInput(f"{LABELS[field]}: {expected}{shown}.", field=field)
