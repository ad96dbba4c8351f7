"""A bounded load over a real socket: 50 clients mixing creates, searches, clock moves and health
checks while the webhook receiver answers slowly and fails one request in five. No answer is an
error, no event is lost, and resident memory stays within its cap. A longer run: bench/load.py."""

from tests.load import run_load
from tests.served import receiving

CLIENTS = 50
REQUESTS_PER_CLIENT = 10
MEMORY_CAP_MIB = 150  # growth over the run; PayLinks, deliveries and journal are all it holds


async def test_fifty_clients_get_no_error_lose_no_event_and_stay_within_memory(aiohttp_server, tmp_path):
    async def receiver_url(handle) -> str:
        return await receiving(aiohttp_server, handle, "/hook") + "/hook"

    load = await run_load(tmp_path, receiver_url, CLIENTS, REQUESTS_PER_CLIENT)
    print(load.summary())

    assert load.errors == []
    assert len(load.latencies) == CLIENTS * REQUESTS_PER_CLIENT
    webhooks = [d for d in load.deliveries if d["url"].endswith("/hook")]
    assert webhooks  # the load caused events
    assert {d["status"] for d in webhooks} == {"delivered"}
    assert {d["body"]["id"] for d in webhooks} == load.receiver.accepted
    assert load.receiver.requests > len(webhooks)  # some attempts failed and were retried
    assert (load.rss_after_kib - load.rss_before_kib) / 1024 < MEMORY_CAP_MIB
