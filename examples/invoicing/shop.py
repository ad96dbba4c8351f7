"""The shop: its invoices, the platform calls it makes, and what it does with the webhooks."""

from dataclasses import dataclass, field
from typing import Any

import httpx

CREATE_PAYLINK = """mutation createPayLink($payLink: PayLinkInput!) {
  payLink { create(payLink: $payLink) { id shortUrl } } }"""
CREATE_MANDATE = """mutation createMandate($mandate: MandateInput!) {
  mandate { create(mandate: $mandate) { id shortUrl } } }"""


@dataclass
class Invoice:
    number: str
    customer: str
    cents: int
    paylink_id: str | None = None
    paid_cents: int = 0

    @property
    def paid(self) -> bool:
        return self.paid_cents >= self.cents


@dataclass
class Shop:
    """`api_url` is the platform's GraphQL endpoint (https://reminders.alphacommapi.com/v1 in
    production), `api_key` the shop's X-AUTH-TOKEN."""

    api_url: str
    api_key: str
    invoices: dict[str, Invoice] = field(default_factory=dict)
    mandates: dict[str, str] = field(default_factory=dict)  # mandate id -> customer
    signed: set[str] = field(default_factory=set)  # customers with a signed mandate
    calls: list[dict[str, Any]] = field(default_factory=list)
    _http: httpx.Client = field(default_factory=httpx.Client, init=False, repr=False)

    def add_invoice(self, invoice: Invoice) -> None:
        self.invoices[invoice.number] = invoice

    def send_paylinks(self) -> int:
        """The nightly job: a PayLink for every open invoice that has none yet; how many were sent."""
        waiting = [i for i in self.invoices.values() if i.paylink_id is None and not i.paid]
        for invoice in waiting:
            made = self._graphql(CREATE_PAYLINK, {"payLink": _paylink_input(invoice)})
            invoice.paylink_id = made["payLink"]["create"]["id"]
        return len(waiting)

    def request_mandate(self, customer: str, reference: str) -> str:
        mandate = {
            "personName": customer,
            "reference": reference,
            "type": "RCUR",
            "reason": "subscription",
            "debtorReference": customer,
        }
        made = self._graphql(CREATE_MANDATE, {"mandate": mandate})["mandate"]["create"]
        self.mandates[made["id"]] = customer
        return made["id"]

    def handle_webhook(self, body: dict[str, Any]) -> None:
        """What the shop's webhook URL does with a delivery (the documented envelope)."""
        if body.get("event") == "PayLinkPaid":
            for invoice in self.invoices.values():
                if invoice.paylink_id == body["serviceId"]:
                    invoice.paid_cents += body["data"]["transaction-amount"]
        elif body.get("event") == "MandateStatusChanged" and body["data"].get("status") == "success":
            self.signed.add(self.mandates[body["serviceId"]])
        elif body.get("event") == "VoiceCallCompleted":
            self.calls.append(body["data"])

    def _graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = self._http.post(
            self.api_url,
            json={"query": query, "variables": variables},
            headers={"X-AUTH-TOKEN": self.api_key},
        ).json()
        if answer.get("errors"):
            raise RuntimeError(f"the platform refused: {answer['errors']}")
        return answer["data"]


def _paylink_input(invoice: Invoice) -> dict[str, Any]:
    return {
        "personName": invoice.customer,
        "invoiceAmount": str(invoice.cents),
        "invoiceCurrency": "EUR",
        "invoiceDescription": f"Invoice {invoice.number}",
        "invoiceReference": invoice.number,
        "invoiceDate": "2024-06-01T00:00:00+00:00",
        "attributes": [{"id": "invoice", "value": invoice.number}],
    }
