"""The state file as `serve` writes it: orjson's JSON reads back as pydantic's would, every
write is whole (written beside, flushed, moved), and a running server saves every few seconds
while it goes on answering."""

import asyncio
from pathlib import Path

import pytest

from reminders_mock import snapshot, state_file
from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.loader import load_scenario
from tests.conftest import PUBLIC_URL, Control, GraphQL
from tests.sandbox import create_mandate, create_paylink
from tests.served import ADD_ROWS, row

SAVED_WAIT_SECONDS = 20  # a bound for a loaded machine, not a timing assertion


async def busy_tenant(client) -> None:
    """PayLinks visited (webhooks to an inbox), a mandate, an imported record with its SMS."""
    status, tenant = await Control(client).post("/_mock/tenants", {"seed": 4, "webhooks": ["inbox:hooks"]})
    assert status == 201, tenant
    control, gql = Control(client, tenant["apiKey"]), GraphQL(client, tenant["apiKey"])
    for _ in range(3):
        link = await create_paylink(gql)
        await control.post(f"/_mock/paylinks/{link['id']}/visit")
    await create_mandate(gql, "AC-HUUR")
    await gql.ok(ADD_ROWS, {"rows": [row("r1", "1003", "+31612345678")]})
    await control.post("/_mock/clock/advance", {"by": "P1D"})


async def test_orjsons_snapshot_reads_back_as_pydantics_own(client):
    await busy_tenant(client)

    for world in client.app[REGISTRY].worlds:
        view = snapshot.view(world)
        by_orjson = snapshot.Snapshot.model_validate_json(snapshot.dumps(view))
        assert by_orjson == snapshot.Snapshot.model_validate_json(view.model_dump_json())
    assert by_orjson.customer != "6500"  # the busy one, last made
    assert by_orjson.clock.pending and by_orjson.webhooks.deliveries and by_orjson.messaging.messages


async def test_a_state_file_restores_every_tenant_as_saved(client, tmp_path):
    await busy_tenant(client)
    path = tmp_path / "state.json"
    state_file.save(client.app[REGISTRY], path)

    restored = create_app(load_scenario("default"), public_url=PUBLIC_URL, state_file=path)[REGISTRY]

    saved = {w.tenant.customer: snapshot.take(w) for w in client.app[REGISTRY].worlds}
    assert {w.tenant.customer: snapshot.take(w) for w in restored.worlds} == saved
    assert list(tmp_path.iterdir()) == [path]  # nothing left beside it
    assert path.stat().st_mode & 0o077 == 0  # keys and passwords inside: the owner's only


def test_a_failed_write_leaves_the_old_state_file_whole(tmp_path):
    path = tmp_path / "state.json"
    state_file.write(b'{"format": 2, "tenants": []}', path)
    (tmp_path / "state.json.partial").mkdir()  # the next write cannot open its partial file

    with pytest.raises(state_file.StateFileError, match=r"state\.json: cannot be written"):
        state_file.write(b"{}", path)

    assert path.read_bytes() == b'{"format": 2, "tenants": []}'


@pytest.mark.parametrize("where", ["no such directory/state.json", "."])
def test_a_path_that_cannot_be_written_is_refused_before_anything_starts(tmp_path, where):
    with pytest.raises(state_file.StateFileError, match="cannot be written"):
        create_app(load_scenario("default"), public_url=PUBLIC_URL, state_file=tmp_path / where)


async def test_a_running_server_saves_every_few_seconds_and_answers_meanwhile(aiohttp_client, tmp_path):
    path = tmp_path / "state.json"
    app = create_app(load_scenario("default"), public_url=PUBLIC_URL, state_file=path, save_every=0.05)
    client = await aiohttp_client(app)
    link = await create_paylink(GraphQL(client))

    await _until_saved(path, link["id"])
    for _ in range(5):  # the server answers between (and during) saves
        assert (await client.get("/_mock/health")).status == 200
    await client.close()
    assert link["id"] in path.read_text()


async def test_a_save_that_fails_is_a_warning_and_the_next_one_tries_again(aiohttp_client, tmp_path, caplog):
    directory = tmp_path / "state"
    directory.mkdir()
    path = directory / "state.json"
    app = create_app(load_scenario("default"), public_url=PUBLIC_URL, state_file=path, save_every=0.05)
    client = await aiohttp_client(app)
    directory.rmdir()  # the disk goes away under the running server

    async with asyncio.timeout(SAVED_WAIT_SECONDS):
        while "the tenants are not saved" not in caplog.text:
            await asyncio.sleep(0.02)
    assert (await client.get("/_mock/health")).status == 200
    directory.mkdir()
    link = await create_paylink(GraphQL(client))

    await _until_saved(path, link["id"])


async def _until_saved(path: Path, text: str) -> None:
    async with asyncio.timeout(SAVED_WAIT_SECONDS):
        while not (path.exists() and text in path.read_text()):
            await asyncio.sleep(0.02)
