"""Hypothesis state machines over the served mock: GraphQL creates and searches, the control
API's payer acts, clock moves and snapshots, in any order, on three tenants at once.

Tenant A and its twin are made from the same seed and get the same requests; the twin is saved
and restored at random steps and must answer exactly as A does ever after. Tenant B (another
seed) must never see A's PayLinks. Invariants, checked after every step: a PayLink's status
moves only along the documented transitions, amountPaid never exceeds the amount, every webhook
event reaches each subscribed endpoint once, and a page's total matches its filter."""

import asyncio
import json
import re
from collections import Counter

from aiohttp.test_utils import TestClient, TestServer
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.core.events import DomainEvent
from reminders_mock.core.vocabulary import PayLinkStatus
from reminders_mock.paylinks.model import ACTS_FROM
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.webhooks import formats
from tests.sandbox import CREATE_PAYLINK, pay_link_input

S = PayLinkStatus
# What the documents allow: a visit opens a transaction from where ACTS_FROM says, and an open
# transaction ends paid, partly paid, cancelled or failed.
TRANSITIONS = {(start, S.started) for start in ACTS_FROM["visit"]} | {
    (S.started, end) for end in (S.paid, S.partially_paid, S.cancelled, S.failed)
}
INBOX = "inbox:machine"
SHORT_URL = re.compile(r'"short(Url|Code)": "[^"]*"')
# Amounts with and without the magic endings the built-in rules act on.
AMOUNTS = ["15497", "10004", "12301", "5002", "20000", "999"]
SEARCH = """query($status: PayLinkStatus, $limit: Int) { payLink {
  payLinks(filters: {status: {equalTo: $status}}, limit: $limit) {
  pagination { total } items { id status } } } }"""
EVERY = """query($id: String) { payLink { payLinks(filters: {id: {equalTo: $id}}) {
  pagination { total } items { id status amountPaid invoiceAmount updatedOn } } } }"""
ALL = """query { payLink { payLinks(limit: 100) {
  pagination { total } items { id status amountPaid invoiceAmount } } } }"""


class Tenants(RuleBasedStateMachine):
    paylinks = Bundle("paylinks")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.app = create_app(load_scenario("default"), public_url="http://mock.test")
        self.client = self.run(self.started())
        endpoint = {"url": INBOX, "events": "all"}
        self.a = self.run(self.new_tenant(7, endpoint))
        self.twin = self.run(self.new_tenant(7, endpoint))
        self.b = self.run(self.new_tenant(8, endpoint))
        self.statuses: dict[str, PayLinkStatus] = {}
        self.wrong_moves: list[tuple] = []
        self.caused: list[DomainEvent] = []
        self.world_a().tenant.events.subscribe(self.follow)

    # -- plumbing ------------------------------------------------------------------------

    async def started(self) -> TestClient:
        client = TestClient(TestServer(self.app))  # made inside the loop it belongs to
        await client.start_server()
        return client

    def run(self, awaitable):
        return self.loop.run_until_complete(awaitable)

    async def new_tenant(self, seed: int, endpoint: dict) -> dict:
        response = await self.client.post("/_mock/tenants", json={"seed": seed, "webhooks": [endpoint]})
        assert response.status == 201
        return await response.json()

    def world_a(self):
        return self.app[REGISTRY].find(self.a["apiKey"])

    async def call(self, tenant: dict, method: str, path: str, body=None) -> tuple[int, object]:
        headers = {"X-AUTH-TOKEN": tenant["apiKey"]}
        response = await self.client.request(method, path, json=body, headers=headers)
        return response.status, await response.json()

    async def gql(self, tenant: dict, query: str, variables: dict | None = None) -> dict:
        status, body = await self.call(tenant, "POST", "/v1", {"query": query, "variables": variables})
        assert status == 200 and "errors" not in body, body
        return body["data"]

    def both(self, method: str, path: str, body=None) -> tuple[int, object]:
        """The same request to A and to its twin: the answers must be the same, but for whose."""
        answer = self.run(self.call(self.a, method, path, body))
        twin = self.run(self.call(self.twin, method, path, body))
        assert self.as_a(twin) == self.as_a(answer)
        return answer

    def as_a(self, answer) -> object:
        """An answer with the twin's customer number read as A's, and short codes left out:
        they are unique across all tenants, so the twin's differ from A's by design."""
        text = json.dumps(answer).replace(self.twin["customer"], self.a["customer"])
        return json.loads(SHORT_URL.sub(r'"short\1": "..."', text))

    def follow(self, event: DomainEvent) -> None:
        """Each event of A, as it happens; of a PayLink: where its status came from and went to."""
        self.caused.append(event)
        if event.service != "paylink":
            return
        now = self.world_a().paylinks.get(event.service_id).status
        before = self.statuses.get(event.service_id, S.ready)
        if now != before and (before, now) not in TRANSITIONS:
            self.wrong_moves.append((event.name, before, now))
        self.statuses[event.service_id] = now

    # -- rules ---------------------------------------------------------------------------

    @rule(target=paylinks, amount=st.sampled_from(AMOUNTS))
    def create(self, amount: str) -> str:
        variables = {"payLink": pay_link_input(invoiceAmount=amount)}
        made = self.run(self.gql(self.a, CREATE_PAYLINK, variables))["payLink"]["create"]
        twin = self.run(self.gql(self.twin, CREATE_PAYLINK, variables))["payLink"]["create"]
        assert self.as_a(twin) == self.as_a(made)
        self.run(self.gql(self.b, CREATE_PAYLINK, variables))
        return made["id"]

    @rule(
        link=paylinks,
        act=st.sampled_from(["visit", "pay", "cancel", "fail", "expire"]),
        amount=st.sampled_from(["full", "half"]),
    )
    def act(self, link: str, act: str, amount: str) -> None:
        status, _ = self.both("POST", f"/_mock/paylinks/{link}/{act}", {"amount": amount})
        assert status in (200, 409), status  # done, or refused from where the PayLink is

    @rule(by=st.sampled_from(["PT1M", "PT10M", "PT1H", "P1D"]))
    def advance(self, by: str) -> None:
        status, _ = self.both("POST", "/_mock/clock/advance", {"by": by})
        assert status == 200

    @rule(link=paylinks)
    def find(self, link: str) -> None:
        found = self.run(self.gql(self.a, EVERY, {"id": link}))
        twin = self.run(self.gql(self.twin, EVERY, {"id": link}))
        assert found["payLink"]["payLinks"]["pagination"]["total"] == 1
        assert self.as_a(twin) == self.as_a(found)

    @rule(link=paylinks)
    def another_tenant_never_sees_it(self, link: str) -> None:
        status, _ = self.run(self.call(self.b, "POST", f"/_mock/paylinks/{link}/visit", {}))
        assert status == 404
        found = self.run(self.gql(self.b, EVERY, {"id": link}))["payLink"]["payLinks"]
        assert found["pagination"]["total"] == 0 and found["items"] == []

    @rule(status=st.sampled_from(list(S)), limit=st.integers(min_value=1, max_value=3))
    def search(self, status: PayLinkStatus, limit: int) -> None:
        page = self.run(self.gql(self.a, SEARCH, {"status": status, "limit": limit}))["payLink"]["payLinks"]
        every = self.run(self.gql(self.a, ALL))["payLink"]["payLinks"]["items"]
        total = page["pagination"]["total"]
        assert total == sum(1 for link in every if link["status"] == status)
        assert len(page["items"]) == min(limit, total)
        assert {link["status"] for link in page["items"]} <= {status}

    @rule()
    def save_and_restore_the_twin(self) -> None:
        status, taken = self.run(self.call(self.twin, "GET", "/_mock/snapshot"))
        assert status == 200
        assert self.run(self.call(self.twin, "POST", "/_mock/reset"))[0] == 200
        assert self.run(self.call(self.twin, "PUT", "/_mock/snapshot", taken))[0] == 200

    # -- invariants ----------------------------------------------------------------------

    @invariant()
    def statuses_move_only_along_documented_transitions(self) -> None:
        assert self.wrong_moves == []

    @invariant()
    def amount_paid_never_exceeds_the_amount(self) -> None:
        for link in self.world_a().paylinks.store:
            assert 0 <= link.amount_paid <= int(link.invoice_amount)

    @invariant()
    def every_webhook_event_reaches_the_subscribed_endpoint_once(self) -> None:
        world = self.world_a()
        sent = Counter(d.event_id for d in world.webhooks.deliveries() if d.url == INBOX)
        assert set(sent.values()) <= {1}
        caused = [e for e in self.caused if e.name in formats.WEBHOOK_EVENTS]
        assert len(sent) == len(caused)

    def teardown(self) -> None:
        self.run(self.client.close())
        self.loop.close()


TestTenants = Tenants.TestCase
# Bounded for CI, on top of the profile loaded in conftest (a fixed seed there): some seconds.
TestTenants.settings = settings(settings(), max_examples=10, stateful_step_count=20, deadline=None)
