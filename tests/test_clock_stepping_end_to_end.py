"""Stepping a busy tenant over real sockets: `advance {"next": true}` instant by instant, and
`advance {"idle": true, "within": ...}`, end in the same state and send the same webhook bodies as
one `advance` over the same span.

The schedule of a tenant never empties: the result files are written at every midnight, and each
midnight schedules the next. So stepping "until nextDue is null" is stepping until nextDue lies past
a fixed end moment (or what `idle` does with its bound), and then moving on to that moment."""

import hashlib
import json
from collections import Counter
from datetime import datetime

import aiohttp
import pytest
from aiohttp import web

from reminders_mock.app import create_app
from reminders_mock.scenario.models import WebhookSpec
from tests.served import Mock, a_working_day, default_with_endpoints, receiving

PUBLIC_URL = "http://mock.test"
QUARTER_PAST = "2024-06-12T08:00:00.250000+00:00"  # so what the tenant does falls due at fractions
END = "2024-06-15T08:00:00+00:00"  # three days on: the batch's calls, retries and midnights within
EVENTS = [  # the documented events and every extension, named, so the receiver gets them all
    "PayLinkVisited",
    "PayLinkPaid",
    "VoiceCallCompleted",
    "PayLinkCancelled",
    "PayLinkFailed",
    "PayLinkExpired",
    "MandateStatusChanged",
]
REAL_TIME = ("sent_at", "latency_ms")  # of an attempt: real time, which no two runs share


class Receiver:
    """The webhook endpoints of every run, one run at a time: an event is refused with a 500 as
    many times as its id's hash says (0, 1 or 2), then accepted, so some retry and some do not."""

    def __init__(self) -> None:
        self.run = ""
        self.received: dict[str, list[tuple[str, bytes]]] = {}  # per run: (path, body), in order
        self.tries: Counter[tuple[str, str, str]] = Counter()  # (run, path, event id)
        self.base = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.setdefault(self.run, []).append((request.path, body))
        event = json.loads(body).get("id", "")
        self.tries[self.run, request.path, event] += 1
        refusals = hashlib.sha256(f"{request.path} {event}".encode()).digest()[-1] % 3
        if self.tries[self.run, request.path, event] <= refusals:
            return web.Response(status=500, text="not yet")
        return web.Response(text="ok")


@pytest.fixture
async def receiver(aiohttp_server) -> Receiver:
    endpoint = Receiver()
    endpoint.base = await receiving(aiohttp_server, endpoint.handle, "/hooks", "/legacy")
    return endpoint


@pytest.fixture
async def start_mock(aiohttp_server, receiver):
    """Starts a fresh server on the default scenario (same seed every time), tenant 6500 sending
    every event to the receiver's /hooks and its calls in the legacy body to /legacy."""
    session = aiohttp.ClientSession()

    async def start() -> Mock:
        app = create_app(
            default_with_endpoints(
                WebhookSpec(url=f"{receiver.base}/hooks", events=EVENTS),
                WebhookSpec(url=f"{receiver.base}/legacy", format="legacy", events=["VoiceCallCompleted"]),
            ),
            public_url=PUBLIC_URL,
        )
        server = await aiohttp_server(app)
        return Mock(session, str(server.make_url("")).rstrip("/"))

    yield start
    await session.close()


async def busy_tenant(mock: Mock) -> None:
    """A quarter of a second after 08:00: a working day's PayLinks, mandate and batch, and a
    caller on the voice line."""
    await mock.advance({"to": QUARTER_PAST})
    await a_working_day(mock)
    await mock.ok(
        "POST", "/_mock/voice/inbound", {"from": "+31612345678", "to": "31513703800", "keys": ["1"]}
    )


async def one_advance(mock: Mock) -> int:
    return (await mock.advance({"to": END}))["ran"]


async def step_next(mock: Mock) -> int:
    """`next` until what is due lies past END; then on to END, where nothing is left to run."""
    ran = 0
    while moment((clock := await mock.get("/_mock/clock"))["nextDue"]) <= moment(END):
        step = await mock.advance({"next": True})
        assert step["ran"] >= 1 and step["now"] == clock["nextDue"]
        ran += step["ran"]
    assert (await mock.advance({"to": END}))["ran"] == 0
    return ran


async def step_idle(mock: Mock) -> int:
    now = (await mock.get("/_mock/clock"))["now"]
    assert now == QUARTER_PAST
    idle = await mock.advance({"idle": True, "within": "PT71H59M59.75S"})  # up to END
    assert moment(idle["nextDue"]) > moment(END)
    assert (await mock.advance({"to": END}))["ran"] == 0
    return idle["ran"]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def simulated(snapshot: dict) -> dict:
    """The snapshot without the real-time figures of the webhook attempts."""
    for delivery in snapshot["webhooks"]["deliveries"]:
        for attempt in delivery["attempts"]:
            for name in REAL_TIME:
                attempt.pop(name)
    return snapshot


async def test_stepping_a_busy_tenant_ends_as_one_advance_over_the_same_span(start_mock, receiver):
    outcomes = {}
    for receiver.run, move in [("advance", one_advance), ("next", step_next), ("idle", step_idle)]:
        mock = await start_mock()
        await busy_tenant(mock)
        ran = await move(mock)
        outcomes[receiver.run] = (ran, simulated(await mock.get("/_mock/snapshot")))

    ran, taken = outcomes["advance"]
    assert outcomes["next"] == outcomes["idle"] == outcomes["advance"]
    assert receiver.received["next"] == receiver.received["idle"] == receiver.received["advance"]

    # The span was busy: everything the tenant set off ran, webhooks retried, calls tried again.
    assert moment(taken["taken_on"]) == moment(END)
    statuses = {link["status"] for link in taken["paylinks"]["pay_links"]}
    assert {"paid", "failed", "cancelled", "partially_paid", "started"} <= statuses
    calls = [(c["reference"], c["attempt"], c["status"]) for c in taken["voice"]["calls"]]
    assert ("CALL-1", 1, "finished") in calls and ("CALL-2", 2, "busy") in calls
    deliveries = taken["webhooks"]["deliveries"]
    assert any(len(d["attempts"]) > 1 and d["status"] == "delivered" for d in deliveries)
    assert {"/hooks", "/legacy"} == {path for path, _ in receiver.received["advance"]}
    assert ran > 50 and len(taken["results"]["files"]) > 0
