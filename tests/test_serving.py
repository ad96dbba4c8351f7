"""The served process around its requests (mock/serving.py, mock/heap.py): request lines written
together yet promptly and in order, logging configured otherwise still given its records, and
the start-up objects of `serve` (GraphQL's too, once loaded) kept out of the collector's sight."""

import asyncio
import gc
import io
import logging

import pytest

from reminders_mock import heap, serving
from reminders_mock.app import create_app
from reminders_mock.cli import DOCUMENTED_CREATE
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.web.on_first_use import EXECUTOR

KEY = {"X-AUTH-TOKEN": "demo-key", "Content-Type": "application/json"}


@pytest.fixture
def package_logger():
    """The package's logger, put back as the test run had it after a test configured it."""
    logger = logging.getLogger(serving.LOGGER)
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield logger
    logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]


async def served_client(aiohttp_client, aiohttp_server):
    """The default scenario's app with serve's access log, called in-process."""
    app = create_app(load_scenario("default"), public_url="http://mock.example")
    server = await aiohttp_server(app, access_log_class=serving.RequestLog, access_log=serving.REQUESTS)
    return await aiohttp_client(server)


async def test_request_lines_are_written_within_the_gathering_time_without_a_stop(
    aiohttp_client, aiohttp_server, package_logger
):
    printed = io.StringIO()
    serving.configure_logging("info", printed)
    client = await served_client(aiohttp_client, aiohttp_server)

    for _ in range(3):
        assert (await client.post("/v1", data=DOCUMENTED_CREATE, headers=KEY)).status == 200
    await asyncio.sleep(serving.GATHER_SECONDS * 2)  # the loop runs the earlier write first

    lines = printed.getvalue().splitlines()
    assert len(lines) == 3
    assert all(" POST /v1 200 customer 6500 " in line and line.endswith(" ms") for line in lines)


async def test_a_warning_comes_after_the_request_lines_gathered_before_it(
    aiohttp_client, aiohttp_server, package_logger
):
    printed = io.StringIO()
    serving.configure_logging("info", printed)
    client = await served_client(aiohttp_client, aiohttp_server)

    await client.get("/_mock/health")
    logging.getLogger("reminders_mock.webhooks.dispatcher").warning("webhook to %s refused", "inbox:demo")

    health, warning = printed.getvalue().splitlines()
    assert " GET /_mock/health 200 - " in health
    assert warning.endswith(" warning: webhook to inbox:demo refused")


async def test_logging_configured_by_an_embedding_application_gets_a_record_per_request(
    aiohttp_client, aiohttp_server, package_logger
):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    package_logger.handlers[:] = [handler]
    package_logger.setLevel(logging.INFO)
    client = await served_client(aiohttp_client, aiohttp_server)

    await client.post("/v1", data=DOCUMENTED_CREATE, headers=KEY)

    (record,) = [r for r in records if r.name == serving.REQUESTS.name]
    assert record.getMessage().startswith("POST /v1 200 customer 6500 ")


@pytest.fixture
def unfrozen():
    """What a test froze, back under the collector's sight after it (and the switch off)."""
    yield
    gc.unfreeze()
    heap._frozen = False


def walked_by_the_collector(thing: object) -> bool:
    return any(tracked is thing for tracked in gc.get_objects())


async def test_serve_keeps_its_worlds_and_then_graphql_out_of_the_collectors_sight(unfrozen):
    app = create_app(load_scenario("default"), public_url="http://mock.example")
    sock = serving.bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    ready = asyncio.Event()
    serving_task = asyncio.create_task(serving.run(app, sock, ready.set))
    try:
        await ready.wait()
        world = app[REGISTRY].worlds[0]
        assert gc.is_tracked(world) and not walked_by_the_collector(world)

        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        body = DOCUMENTED_CREATE.encode()
        head = f"POST /v1 HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: demo-key\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"Connection: close\r\n\r\n" + body)
        assert (await reader.read()).startswith(b"HTTP/1.1 200")
        writer.close()

        schema = app[EXECUTOR].schema
        assert gc.is_tracked(schema) and not walked_by_the_collector(schema)
    finally:
        serving_task.cancel()
        await asyncio.gather(serving_task, return_exceptions=True)


async def test_an_app_served_in_a_test_process_freezes_nothing(aiohttp_client, aiohttp_server):
    client = await served_client(aiohttp_client, aiohttp_server)

    assert (await client.post("/v1", data=DOCUMENTED_CREATE, headers=KEY)).status == 200

    assert gc.get_freeze_count() == 0
    assert walked_by_the_collector(client.app[EXECUTOR].schema)


# What lives as long as the process is built with the collector paused and frozen after: the
# command line's modules, serve's scenarios and app (heap.built_to_last).


def test_what_a_block_builds_is_built_with_the_collector_paused_and_frozen_after(unfrozen):
    frozen_before = gc.get_freeze_count()
    with heap.built_to_last():
        running_inside = gc.isenabled()
        built = [[index] for index in range(1000)]  # containers the collector would track

    assert running_inside is False
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(built)


def test_a_block_that_fails_freezes_nothing_and_leaves_the_collector_running(unfrozen):
    frozen_before = gc.get_freeze_count()
    with pytest.raises(ValueError), heap.built_to_last():
        [[index] for index in range(1000)]
        raise ValueError("a scenario that does not load")

    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_a_collector_paused_by_the_program_stays_paused(unfrozen):
    gc.disable()
    try:
        with heap.built_to_last():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
