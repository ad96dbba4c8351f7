"""A receiver written only from the documentation's webhook table, over a real socket: it takes
PayLinkVisited and PayLinkPaid (service paylink) and VoiceCallCompleted (service voice) in the
documented envelope and answers 400 to anything else. Over a simulated week of the default
scenario, with imports for every script, PayLinks and mandates made through the API, failures
of every kind and calls in and out, it refuses nothing and still hears of every documented event."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from aiohttp import web

from tests.imports.test_pipeline import ADD_FILE, csv_file, row
from tests.sandbox import START, advance, create_mandate, create_paylink
from tests.served import receiving

ENVELOPE = ["datetime", "id", "serviceId", "service", "reference", "event", "data"]
DOCUMENTED = {"PayLinkVisited": "paylink", "PayLinkPaid": "paylink", "VoiceCallCompleted": "voice"}
PAYLINK_DATA = {"payment-method", "transaction-amount"}
CALL_DATA = {"direction", "status", "localNumber", "remoteNumber", "events"}  # and answeredOn if answered
EXTENSIONS = {"PayLinkCancelled", "PayLinkFailed", "PayLinkExpired", "MandateStatusChanged"}

# Amount endings of the built-in payer (paid, fails, cancels, half, never visits) and number
# endings of the built-in callee (answers, busy, no answer, voicemail, presses 3, hangs up).
AMOUNTS = ["56400", "56401", "56402", "56403", "56404", "15497"]
PHONES = ["+31612345678", "+31612340001", "+31612340002", "+31612340006", "+31612340007", "+31612340008"]


class DocumentedReceiver:
    """Checks each body against the documented table only; keeps what it took and what it refused."""

    def __init__(self) -> None:
        self.taken: Counter[str] = Counter()
        self.refused: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        problem = self.problem(body)
        if problem:
            self.refused.append(f"{problem}: {json.dumps(body)[:200]}")
            return web.Response(status=400, text=problem)
        self.taken[body["event"]] += 1
        return web.Response(text="ok")

    @staticmethod
    def problem(body: dict) -> str | None:
        if not isinstance(body, dict) or sorted(body) != sorted(ENVELOPE):
            return "not the documented envelope"
        if body["event"] not in DOCUMENTED:
            return f"unknown event {body['event']!r}"
        if body["service"] != DOCUMENTED[body["event"]]:
            return f"{body['event']} of service {body['service']!r}"
        data = set(body["data"])
        if body["service"] == "paylink" and data != PAYLINK_DATA:
            return f"PayLink data {sorted(data)}"
        if body["service"] == "voice" and data - {"answeredOn"} != CALL_DATA:
            return f"call data {sorted(data)}"
        return None


@pytest.fixture
async def documented_receiver(aiohttp_server) -> DocumentedReceiver:
    receiver = DocumentedReceiver()
    receiver.url = await receiving(aiohttp_server, receiver.handle, "/hooks") + "/hooks"
    return receiver


def week_of_records(day: int) -> list[list[str]]:
    """Records for every script of the default scenario: SMS and mail with a PayLink, mail with an
    e-mandate, both voice scripts, across every amount and number ending."""
    rows = []
    for n, (amount, phone) in enumerate(zip(AMOUNTS, PHONES, strict=True)):
        for script in ("1003", "1001", "2001", "6512", "18301"):
            rows.append(row(f"D{day}-{script}-{n}", script=script, phone=phone, invoice_amount=amount))
    return rows


async def test_a_receiver_written_from_the_documented_table_refuses_nothing_over_a_simulated_week(
    control, gql, documented_receiver
):
    webhooks = [{"url": documented_receiver.url}, {"url": "inbox:everything", "events": "all"}]
    status, tenant = await control.post("/_mock/tenants", {"scenario": "default", "webhooks": webhooks})
    assert status == 201, tenant
    control.key = gql.key = tenant["apiKey"]

    for day in range(7):
        await gql.ok(ADD_FILE, {"file": csv_file(*week_of_records(day))})
        for amount in AMOUNTS:
            await create_paylink(gql, amount)
        never_visited = await create_paylink(gql, "10004")
        status, _ = await control.post(f"/_mock/paylinks/{never_visited['id']}/expire")
        assert status == 200
        await create_mandate(gql, f"HUUR-{day}")
        for caller in ("anonymous", "+31612345678"):
            status, _ = await control.post("/_mock/voice/inbound", {"from": caller, "to": "3225882397"})
            assert status == 200
        await advance(control, to=(START + timedelta(days=day + 1)).isoformat())

    assert documented_receiver.refused == []
    taken = documented_receiver.taken
    assert taken["PayLinkVisited"] >= 100, taken
    assert taken["PayLinkPaid"] >= 50, taken
    assert taken["VoiceCallCompleted"] >= 50, taken
    # The extensions did happen, all to the endpoint that asked for them: the receiver's
    # endpoint left them out because it never listed them.
    for name in EXTENSIONS:
        _, log = await control.get(f"/_mock/webhooks/deliveries?event={name}")
        assert log["deliveries"], name
        assert {d["endpoint"] for d in log["deliveries"]} == {1}, name
    _, log = await control.get("/_mock/webhooks/deliveries?status=failed")
    assert log["deliveries"] == []
