"""The import from end to end over real sockets: a CSV dropped over SFTP becomes a batch, its
PayLink is found by the record's reference, and after the simulated day the result file that
holds the record's status is fetched over SFTP."""

import asyncio
import csv
import io

import asyncssh
import pytest

from reminders_mock.app import create_app
from reminders_mock.sftp import SFTP_DROP
from tests.imports.test_pipeline import BY_REFERENCE, HEADER, WINDOW, row
from tests.sandbox import advance

SECONDS = 20


@pytest.fixture
async def served(aiohttp_client, scenario):
    app = create_app(scenario, public_url="http://mock.test", sftp_port=0)
    client = await aiohttp_client(app)  # starting the app starts the drop on a free port
    return client, app[SFTP_DROP].port


def csv_bytes(*rows: list[str]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerows([HEADER, *rows])
    return text.getvalue().encode()


async def test_a_csv_dropped_over_sftp_is_imported_and_its_result_file_fetched_after_the_day(
    served, gql, control, tmp_path
):
    client, port = served
    gql.client = control.client = client
    upload = tmp_path / "records.csv"
    upload.write_bytes(csv_bytes(row("SFTP-1", script="1003")))

    async with (
        asyncio.timeout(SECONDS),
        asyncssh.connect(
            "127.0.0.1", port, username="6500", password="demo-key", known_hosts=None
        ) as connection,
        connection.start_sftp_client() as sftp,
    ):
        await sftp.put(str(upload), "/upload/records.csv")

        await advance(control, to=WINDOW)
        await advance(control, by="PT2M")
        [link] = (await gql.ok(BY_REFERENCE, {"ref": "SFTP-1"}))["payLink"]["payLinks"]["items"]
        await advance(control, by="P1D")  # the payer pays; midnight writes the day's files

        names = await sftp.listdir("/results")
        [name] = [n for n in names if "_1003_" in n]
        async with sftp.open(f"/results/{name}", "rb") as result:
            content = (await result.read()).decode()

    assert link["attributes"] == [
        {"id": "origin", "value": "sms"},
        {"id": "script", "value": "1003"},
        {"id": "reference", "value": "SFTP-1"},
    ]
    [header, line, *rest] = content.splitlines()
    record = dict(zip(header.split(";"), line.split(";"), strict=True))
    assert rest == []
    assert record["identification_identifier"] == "SFTP-1"
    assert record["enrichmentresults_phonenumber_1"] == "+31612345678"
    assert "created" in record.values()  # the import status of the record
    assert "paid" in record.values()  # its PayLink, paid by the simulated payer that day
