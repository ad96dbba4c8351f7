"""An import at scale: at most MAX_ROWS_PER_FILE records a file, read off the event loop (other
requests keep being answered), stopped when its reader gives up, and no file kept once read."""

import asyncio
import base64
import itertools
import threading
import time

import pytest

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.imports import files
from reminders_mock.imports.files import FileError, read_file
from reminders_mock.scenario.loader import load_scenario
from tests.conftest import GraphQL
from tests.imports.test_files import RECORDS, b64, write_csv, write_xlsx, write_xml
from tests.imports.test_pipeline import ADD_FILE, BATCH, WINDOW
from tests.sandbox import advance

WRITERS = {
    "csv": lambda: write_csv(";", "utf-8"),
    "xml": write_xml,
    "xlsx": write_xlsx,
}
# Health answers while the import runs: a loop held for the whole import answered one or two.
# A count, not a time bound: on a loaded machine the import takes longer and more answers come.
HEALTH_ANSWERS = 5
BIG_IMPORT = 40_000  # records: checking them all at once held the loop some 4 to 10 seconds
STATUS = (
    """query($name: String) { import { batches(filters: {name: {equalTo: $name}}) { items { status } } } }"""
)


@pytest.mark.parametrize("extension", WRITERS)
def test_a_file_over_the_row_limit_is_refused_naming_the_limit(extension, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS_PER_FILE", len(RECORDS) - 1)

    with pytest.raises(FileError, match=rf"more than {len(RECORDS) - 1} records, the most one file may hold"):
        read_file(extension, b64(WRITERS[extension]()))


@pytest.mark.parametrize("extension", WRITERS)
def test_a_file_of_exactly_the_row_limit_reads(extension, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS_PER_FILE", len(RECORDS))

    assert len(read_file(extension, b64(WRITERS[extension]()))) == len(RECORDS)


@pytest.mark.parametrize("extension", WRITERS)
def test_a_reading_told_to_stop_ends_without_its_records(extension):
    stop = threading.Event()
    stop.set()

    with pytest.raises(FileError, match="stopped before its end"):
        read_file(extension, b64(WRITERS[extension]()), stop=stop)


def big_csv(records: int) -> str:
    """Records of script 1001 lacking what it requires: cheap to make, each still checked and reported."""
    lines = "".join(f"ref-{n};1001;Person {n}\n" for n in range(records))
    return base64.b64encode(
        f"identification_identifier;control_script;person_family_name\n{lines}".encode()
    ).decode()


async def test_the_server_answers_health_checks_while_a_big_import_is_read_checked_and_finished(
    aiohttp_client,
):
    client = await aiohttp_client(create_app(load_scenario("default"), public_url="http://mock.test"))
    gql = GraphQL(client)
    batch = await gql.ok(ADD_FILE, {"file": {"extension": "csv", "contents": big_csv(BIG_IMPORT)}})
    name = batch["import"]["addRecords"]["name"]
    importing = asyncio.create_task(
        client.post("/_mock/clock/advance", json={"by": "PT6H"}, headers={"X-AUTH-TOKEN": "demo-key"})
    )

    # The longest wait between two answers, the end of the import included: a request arriving
    # while the loop is held waits that long.
    answered = [time.perf_counter()]
    while not importing.done():
        assert (await client.get("/_mock/health")).status == 200
        answered.append(time.perf_counter())
        await asyncio.sleep(0.02)
    answered.append(time.perf_counter())
    slowest = max(later - earlier for earlier, later in itertools.pairwise(answered))
    print(f"import of {BIG_IMPORT} records: {answered[-1] - answered[0]:.1f} s, longest wait {slowest:.2f} s")

    assert (await importing).status == 200
    [found] = (await gql.ok(STATUS, {"name": name}))["import"]["batches"]["items"]
    assert found["status"] == "done"
    assert len(client.server.app[REGISTRY].find("demo-key").imports.batches.get(name).records) == BIG_IMPORT
    assert len(answered) - 2 >= HEALTH_ANSWERS  # the first and last marks are not answers


async def test_a_file_past_the_row_limit_ends_its_batch_in_error_and_its_contents_are_dropped(
    client, gql, control, monkeypatch
):
    monkeypatch.setattr(files, "MAX_ROWS_PER_FILE", 3)
    name = (await gql.ok(ADD_FILE, {"file": {"extension": "csv", "contents": big_csv(4)}}))["import"][
        "addRecords"
    ]["name"]

    await advance(control, to=WINDOW)

    [found] = (await gql.ok(BATCH, {"name": name}))["import"]["batches"]["items"]
    assert found["status"] == "error"
    assert "more than 3 records" in found["message"]
    assert client.server.app[REGISTRY].find("demo-key").imports.batches.get(name).file is None


async def test_a_file_read_into_its_records_is_no_longer_kept(client, gql, control):
    name = (await gql.ok(ADD_FILE, {"file": {"extension": "csv", "contents": big_csv(3)}}))["import"][
        "addRecords"
    ]["name"]
    batch = client.server.app[REGISTRY].find("demo-key").imports.batches.get(name)
    assert batch.file is not None  # queued: kept until its window opens

    await advance(control, to=WINDOW)

    assert batch.file is None
    assert len(batch.records) == 3
