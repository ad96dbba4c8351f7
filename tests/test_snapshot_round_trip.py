"""A snapshot over real sockets: the JSON of GET /_mock/snapshot, taken after a busy day of the
default scenario (PayLinks paid, a batch imported, SMS sent, calls made, webhooks retrying),
restores into a fresh server that then carries on exactly as the original: the same webhooks
with the same bodies after the same clock moves."""

import hashlib
import json

import aiohttp
import pytest
from aiohttp import web

from reminders_mock.app import create_app
from reminders_mock.scenario.models import WebhookSpec
from reminders_mock.state_file import StateFileError
from tests.served import Mock, a_working_day, default_with_endpoints, receiving

PUBLIC_URL = "http://mock.test"  # the same for both servers: landing-page URLs are in the state
SECRET = "whsec_c2VjcmV0LXNlY3JldA=="  # signed, so each request carries its event's webhook-id
MOVES = ["PT1H", "PT6H", "P1D"]  # after the snapshot, the same on both servers
REAL_TIME = ("sentAt", "latencyMs")  # of an attempt: real time, which no snapshot can replay


class Receiver:
    """A webhook endpoint whose answer depends on the body alone: while `busy`, 503 to every
    request (no Retry-After, so the default retries pend); then 500 to events whose id hashes
    odd and 200 to the others, so retries go on after the snapshot."""

    def __init__(self) -> None:
        self.busy = True
        self.received: list[tuple[str | None, bytes]] = []  # (webhook-id, body), in order
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append((request.headers.get("webhook-id"), body))
        if self.busy:
            return web.Response(status=503, text="busy")
        if hashlib.sha256(json.loads(body)["id"].encode()).digest()[-1] % 2:
            return web.Response(status=500, text="odd")
        return web.Response(text="ok")


@pytest.fixture
async def receiver(aiohttp_server) -> Receiver:
    endpoint = Receiver()
    endpoint.url = await receiving(aiohttp_server, endpoint.handle, "/hooks") + "/hooks"
    return endpoint


@pytest.fixture
async def start_mock(aiohttp_server, receiver):
    """Starts a fresh server on the default scenario, its tenant 6500 sending to the receiver."""
    session = aiohttp.ClientSession()

    async def start() -> Mock:
        server = await aiohttp_server(
            create_app(
                default_with_endpoints(WebhookSpec(url=receiver.url, secret=SECRET)), public_url=PUBLIC_URL
            )
        )
        return Mock(session, str(server.make_url("")).rstrip("/"))

    yield start
    await session.close()


async def busy_day(mock: Mock) -> None:
    """From 08:00 UTC, a working day's PayLinks, mandate and batch; every webhook meets a 503
    until 13:00."""
    await a_working_day(mock)
    await mock.advance("PT5H")


def simulated(deliveries: dict) -> list[dict]:
    """The delivery log without the real-time figures of its attempts."""
    return [
        {**d, "attempts": [{k: v for k, v in a.items() if k not in REAL_TIME} for a in d["attempts"]]}
        for d in deliveries["deliveries"]
    ]


async def carry_on(mock: Mock, receiver: Receiver) -> list[tuple[list, list]]:
    """The same clock moves; after each, what the receiver got and the delivery log."""
    run = []
    for move in MOVES:
        seen = len(receiver.received)
        await mock.advance(move)
        run.append((receiver.received[seen:], simulated(await mock.get("/_mock/webhooks/deliveries"))))
    return run


def assert_busy(taken: dict, pending: list[dict]) -> None:
    """The snapshot holds every kind of state, not an empty day."""
    statuses = {link["status"] for link in taken["paylinks"]["pay_links"]}
    assert {"paid", "failed", "cancelled", "partially_paid", "started"} <= statuses
    mandates = {(m["reference"], m["status"]) for m in taken["mandates"]["mandates"]}
    assert ("AC-HUUR", "success") in mandates
    assert any(b["status"] == "done" and len(b["records"]) == 4 for b in taken["imports"]["batches"])
    assert len(taken["imports"]["jobs"]["jobs"]) == 4
    assert {(m["reference"], m["status"]) for m in taken["messaging"]["messages"]} == {
        ("SMS-1", "delivered"),
        ("SMS-2", "failed"),
    }
    calls = [(c["reference"], c["attempt"], c["status"]) for c in taken["voice"]["calls"]]
    assert ("CALL-1", 1, "finished") in calls and ("CALL-2", 2, "busy") in calls
    waiting = {p["action"] for p in taken["clock"]["pending"]}
    assert {"voice.call", "webhook.attempt", "results.day"} <= waiting  # CALL-2's third try among them
    assert pending and all(len(d["attempts"]) >= 2 for d in pending)  # retrying, not yet given up


async def test_a_busy_days_snapshot_restores_into_a_fresh_server_and_carries_on_identically(
    start_mock, receiver
):
    original = await start_mock()
    await busy_day(original)
    taken = await original.get("/_mock/snapshot")
    assert_busy(taken, (await original.get("/_mock/webhooks/deliveries?status=pending"))["deliveries"])
    assert taken["format"] == 2 and receiver.received

    receiver.busy = False
    original_run = await carry_on(original, receiver)

    fresh = await start_mock()
    status, restored = await fresh.call("PUT", "/_mock/snapshot", taken)
    assert status == 200, restored
    assert await fresh.get("/_mock/snapshot") == taken
    fresh_run = await carry_on(fresh, receiver)

    assert fresh_run == original_run
    # The run after the snapshot did something: answers of both kinds, retries, a new call.
    received = [body for move in original_run for _, body in move[0]]
    final_log = original_run[-1][1]
    assert all(move[0] for move in original_run)
    assert {"delivered", "failed"} <= {d["status"] for d in final_log}
    assert any(d["status"] == "delivered" and len(d["attempts"]) > 1 for d in final_log)
    taken_ids = {d["id"] for d in taken["webhooks"]["deliveries"]}
    made_after = [d for d in final_log if d["id"] not in taken_ids]
    assert any(d["event"] == "VoiceCallCompleted" for d in made_after)
    assert len(received) > len(MOVES)


# -- what a snapshot that cannot be restored gets ------------------------------------------


async def test_a_snapshot_of_format_1_is_refused_naming_the_format_expected(control):
    _, taken = await control.get("/_mock/snapshot")

    status, body = await control.put("/_mock/snapshot", {**taken, "format": 1})

    assert status == 400
    assert body["error"]["field"] == "snapshot.format"
    message = body["error"]["message"]
    assert message.startswith("snapshot.format: expected 2, the format of GET /_mock/snapshot")
    assert message.endswith("got 1")


async def test_a_snapshot_with_a_bad_field_is_refused_naming_it_and_the_tenant_is_unchanged(control):
    _, taken = await control.get("/_mock/snapshot")
    taken["paylinks"]["pay_links"][1]["created_on"] = "yesterday"

    status, body = await control.put("/_mock/snapshot", taken)

    assert status == 400
    assert body["error"]["code"] == "BAD_USER_INPUT"
    assert body["error"]["field"] == "snapshot.paylinks.pay_links[1].created_on"
    assert "'yesterday'" in body["error"]["message"]
    _, after = await control.get("/_mock/snapshot")
    taken["paylinks"]["pay_links"][1]["created_on"] = after["paylinks"]["pay_links"][1]["created_on"]
    assert after == taken


def test_a_state_file_of_format_1_is_refused_naming_the_format_read(scenario, tmp_path):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"format": 1, "tenants": []}), encoding="utf-8")

    with pytest.raises(StateFileError, match="a state file of format 1; this server reads format 2"):
        create_app(scenario, public_url=PUBLIC_URL, state_file=state)
