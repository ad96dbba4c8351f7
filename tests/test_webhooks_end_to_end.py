"""The whole engine over real sockets: a PayLink made through GraphQL, the simulated payer on
the clock, and the webhooks arriving at a receiver that checks basic auth."""

import base64
import hashlib
import json

import pytest
from aiohttp import web

from reminders_mock.app import create_app
from tests.sandbox import (
    CREATE_PAYLINK,
    FIND_PAYLINK,
    advance,
    at,
    create_mandate,
    create_paylink,
    find_paylink,
    pay_link_input,
)
from tests.served import receiving

DOCUMENTED_PAID = {  # the page's "Example Paid", keys in the order of its field table
    "datetime": "2022-11-11T11:11:11.11Z",
    "id": "f3e445ce-75ee-4c94-9d6d-370949664fd7",
    "serviceId": "adbc180b-a494-477f-958d-9f0b050a09c3",
    "service": "paylink",
    "reference": "",
    "event": "PayLinkPaid",
    "data": {"payment-method": "ideal", "transaction-amount": 114},
}


def create_request(amount: str) -> dict:
    """The body of a createPayLink request, for a client without the gql fixture."""
    return {"query": CREATE_PAYLINK, "variables": {"payLink": pay_link_input(invoiceAmount=amount)}}


class Receiver:
    """An HTTP endpoint that wants basic auth shop / s3cret and keeps every body it accepts."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.refused = 0

    async def handle(self, request: web.Request) -> web.Response:
        expected = "Basic " + base64.b64encode(b"shop:s3cret").decode()
        if request.headers.get("Authorization") != expected:
            self.refused += 1
            return web.Response(status=401)
        self.bodies.append(await request.read())
        return web.Response(text="ok")

    @property
    def events(self) -> list[dict]:
        return [json.loads(body) for body in self.bodies]


@pytest.fixture
async def receiver(aiohttp_server):
    async def start():
        endpoint = Receiver()
        endpoint.url = await receiving(aiohttp_server, endpoint.handle, "/hooks") + "/hooks"
        return endpoint

    return start


async def tenant_for(control, endpoint: Receiver, *, events: list[str] | str | None = None, **extra) -> str:
    webhook = {"url": endpoint.url, "username": "shop", "password": "s3cret"}
    if events is not None:
        webhook["events"] = events
    status, body = await control.post("/_mock/tenants", {"webhooks": [webhook], **extra})
    assert status == 201, body
    return body["apiKey"]


async def test_a_paylink_is_visited_then_paid_and_the_receiver_gets_both_documented_events(
    control, gql, receiver
):
    endpoint = await receiver()
    control.key = gql.key = await tenant_for(control, endpoint)
    link = await create_paylink(gql, "15497")  # no magic ending: visited at +5 min, paid at +30

    await advance(control, "PT1H")

    assert endpoint.refused == 0
    visited, paid = endpoint.events
    for event in (visited, paid):
        assert list(event) == list(DOCUMENTED_PAID)
        assert {k: type(v) for k, v in event.items()} == {k: type(v) for k, v in DOCUMENTED_PAID.items()}
        assert event["service"] == "paylink" and event["serviceId"] == link["id"]
        assert event["reference"] == ""  # made through the API
        assert event["data"] == {"payment-method": "ideal", "transaction-amount": 15497}
    assert (visited["event"], visited["datetime"]) == ("PayLinkVisited", "2024-06-12T08:05:00+00:00")
    assert (paid["event"], paid["datetime"]) == ("PayLinkPaid", "2024-06-12T08:30:00+00:00")
    assert visited["id"] != paid["id"]
    found = await find_paylink(gql, link["id"])
    assert found == {"id": link["id"], "status": "paid", "amountPaid": 15497, "updatedOn": at(30)}


async def test_a_control_api_act_answers_after_its_webhook_arrived(control, gql, receiver):
    endpoint = await receiver()
    control.key = gql.key = await tenant_for(control, endpoint)
    link = await create_paylink(gql, "2004")  # 04: never visits by itself

    status, body = await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": 1000})

    assert status == 200 and body["status"] == "partially_paid"
    assert [e["event"] for e in endpoint.events] == ["PayLinkVisited", "PayLinkPaid"]
    assert endpoint.events[1]["data"]["transaction-amount"] == 1000


async def test_mandate_status_changes_arrive_in_the_same_envelope(control, gql, receiver):
    endpoint = await receiver()
    control.key = gql.key = await tenant_for(control, endpoint, events=["MandateStatusChanged"])
    created = await create_mandate(gql, "AC-HUUR")

    await advance(control, "PT2H")

    assert [(e["event"], e["data"]["status"]) for e in endpoint.events] == [
        ("MandateStatusChanged", "pending"),
        ("MandateStatusChanged", "success"),
    ]
    assert {e["service"] for e in endpoint.events} == {"mandate"}
    assert {e["serviceId"] for e in endpoint.events} == {created["id"]}
    assert {e["reference"] for e in endpoint.events} == {"AC-HUUR"}


async def session_bodies(aiohttp_client, scenario, receiver) -> list[bytes]:
    endpoint = await receiver()
    client = await aiohttp_client(create_app(scenario, public_url="http://mock.test"))
    webhook = {"url": endpoint.url, "username": "shop", "password": "s3cret"}
    made = await client.post("/_mock/tenants", json={"seed": 3, "webhooks": [webhook]})
    key = (await made.json())["apiKey"]
    headers = {"X-AUTH-TOKEN": key}
    for amount in ("15497", "15401", "15402", "15403"):
        await client.post("/v1", json=create_request(amount), headers=headers)
    await client.post("/_mock/clock/advance", json={"by": "PT1H"}, headers=headers)
    return endpoint.bodies


async def test_the_same_session_sends_byte_identical_webhook_bodies(aiohttp_client, scenario, receiver):
    first = await session_bodies(aiohttp_client, scenario, receiver)
    second = await session_bodies(aiohttp_client, scenario, receiver)

    assert len(first) == 6  # four visits, a payment in full and one of half: the documented events
    assert hashlib.sha256(b"\n".join(first)).hexdigest() == hashlib.sha256(b"\n".join(second)).hexdigest()


async def test_a_snapshot_restored_into_a_fresh_tenant_carries_on_like_the_original(control, gql, receiver):
    original, copy = await receiver(), await receiver()
    original_key = await tenant_for(control, original)
    copy_key = await tenant_for(control, copy)
    control.key = gql.key = original_key
    for amount in ("15497", "15401", "15403"):
        await create_paylink(gql, amount)
    await advance(control, "PT7M")  # visited, nothing paid yet
    _, snapshot = await control.get("/_mock/snapshot")
    seen_before = len(original.events)

    control.key = copy_key
    status, _ = await control.put("/_mock/snapshot", snapshot)
    assert status == 200
    for key in (original_key, copy_key):
        control.key = gql.key = key
        await advance(control, "PT1H")
        await create_paylink(gql, "9900")
        await advance(control, "PT1H")

    assert copy.bodies == original.bodies[seen_before:]
    assert len(copy.bodies) == 4  # paid, half paid, then the new link visited and paid
    searches = []
    for key in (original_key, copy_key):
        gql.key = key
        searches.append(
            await gql.ok("{ payLink { payLinks(limit: 100) { items { id status amountPaid updatedOn } } } }")
        )
    assert searches[0] == searches[1]


async def test_a_state_file_keeps_the_tenants_across_a_restart(aiohttp_client, scenario, tmp_path):
    state = tmp_path / "state.json"
    headers = {"X-AUTH-TOKEN": "demo-key"}
    first = await aiohttp_client(create_app(scenario, public_url="http://mock.test", state_file=state))
    made = await (await first.post("/v1", json=create_request("15497"), headers=headers)).json()
    link_id = made["data"]["payLink"]["create"]["id"]
    await first.post("/_mock/clock/advance", json={"by": "PT10M"}, headers=headers)
    await first.close()  # the app's cleanup writes the state file

    second = await aiohttp_client(create_app(scenario, public_url="http://mock.test", state_file=state))
    clock = await (await second.get("/_mock/clock", headers=headers)).json()
    await second.post("/_mock/clock/advance", json={"by": "PT30M"}, headers=headers)
    found = await (
        await second.post("/v1", json={"query": FIND_PAYLINK, "variables": {"id": link_id}}, headers=headers)
    ).json()

    assert clock["now"] == "2024-06-12T08:10:00+00:00"
    assert found["data"]["payLink"]["payLinks"]["items"][0]["status"] == "paid"  # the schedule survived
