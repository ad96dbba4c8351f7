"""The SFTP drop over a real socket: customer number + API key logs in to its own tenant only,
an upload to /upload becomes a batch, /results serves the result files and refuses writes."""

import asyncio
import base64
import contextlib
import resource
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import asyncssh
import pytest

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.imports.files import MAX_FILE_BYTES
from reminders_mock.registry import Registry
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.sftp import HostKeyError, SftpDrop, load_host_key, start_sftp
from reminders_mock.world import World

CSV = b"reference;script;personFamilyName;toMailAddress\nf0e7a0c3;1001;Alphacomm;reminders@alphacomm.nl\n"
RESULT = b"reference;status\nf0e7a0c3;created\n"
SECONDS = 10  # every test is bounded; a hung socket fails instead of stalling the run


@pytest.fixture
def registry() -> Registry:
    app = create_app(load_scenario("default"), public_url="http://mock.test")
    return app[REGISTRY]


@pytest.fixture
def tenant(registry: Registry) -> World:
    world = registry.find("demo-key")
    assert world is not None
    world.results = SimpleNamespace(
        files=[
            SimpleNamespace(name="results-1001-20190404.csv", content=RESULT),
            SimpleNamespace(name="results-6512-20190404.csv", content=b"reference;status\n"),
        ]
    )
    return world


@pytest.fixture
def other(registry: Registry) -> World:
    world = registry.create_tenant()
    world.results = SimpleNamespace(files=[SimpleNamespace(name="secret.csv", content=b"not yours")])
    return world


@pytest.fixture
async def drop(registry: Registry) -> AsyncIterator[SftpDrop]:
    async with asyncio.timeout(SECONDS):
        running = await start_sftp(registry, "127.0.0.1", 0, None)
    yield running
    async with asyncio.timeout(SECONDS):
        await running.close()


@contextlib.asynccontextmanager
async def sftp(drop: SftpDrop, username: str, password: str) -> AsyncIterator[asyncssh.SFTPClient]:
    trusted = ([drop.host_key.convert_to_public()], [], [])
    async with (
        asyncio.timeout(SECONDS),
        asyncssh.connect(
            "127.0.0.1", drop.port, username=username, password=password, known_hosts=trusted
        ) as connection,
        connection.start_sftp_client() as client,
    ):
        yield client


async def test_customer_number_and_api_key_log_in_to_the_tenant_folders(drop, tenant):
    async with sftp(drop, "6500", "demo-key") as client:
        assert sorted(await client.listdir("/")) == ["results", "upload"]
        assert await client.realpath(".") == "/"
        assert await client.isdir("/upload")
        assert await client.listdir("/upload") == []


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("6500", "wrong-key"),
        ("6501", "demo-key"),  # a key only opens its own tenant
        ("6500", "demo-key-restricted"),  # its IP restriction does not allow 127.0.0.1
    ],
)
async def test_a_login_that_is_not_a_tenant_and_its_key_is_refused(drop, tenant, username, password):
    with pytest.raises(asyncssh.PermissionDenied):
        async with sftp(drop, username, password):
            pass


async def test_put_of_a_csv_in_upload_becomes_a_queued_batch_of_that_tenant(drop, tenant, other, tmp_path):
    local = tmp_path / "records.csv"
    local.write_bytes(CSV)
    before, others_before = len(tenant.imports.batches), len(other.imports.batches)
    async with sftp(drop, "6500", "demo-key") as client:
        await client.put(str(local), "/upload/records.csv")
        assert await client.listdir("/upload") == []  # nothing is kept: the file is a batch now
    batches = list(tenant.imports.batches)
    assert len(batches) == before + 1
    batch = batches[-1]
    assert batch.status == "queued"
    assert batch.file is not None and batch.file.extension == "csv"
    assert len(other.imports.batches) == others_before


async def test_an_upload_that_is_no_import_file_is_refused_with_the_expected_extensions(drop, tenant):
    before = len(tenant.imports.batches)
    async with sftp(drop, "6500", "demo-key") as client:
        with pytest.raises(asyncssh.SFTPPermissionDenied, match=r"expected a file ending in \.csv"):
            async with client.open("/upload/records.txt", "wb") as file:
                await file.write(b"hello")
        with pytest.raises(asyncssh.SFTPPermissionDenied, match="read-only"):
            async with client.open("/records.csv", "wb") as file:
                await file.write(CSV)
    assert len(tenant.imports.batches) == before


async def test_results_lists_the_result_files_with_sizes_and_get_returns_their_bytes(drop, tenant, tmp_path):
    async with sftp(drop, "6500", "demo-key") as client:
        names = await client.readdir("/results")
        assert {n.filename: n.attrs.size for n in names} == {
            "results-1001-20190404.csv": len(RESULT),
            "results-6512-20190404.csv": 17,
        }
        await client.get("/results/results-1001-20190404.csv", str(tmp_path / "got.csv"))
        with pytest.raises(asyncssh.SFTPNoSuchFile):
            await client.stat("/results/missing.csv")
    assert (tmp_path / "got.csv").read_bytes() == RESULT


async def test_another_tenant_sees_only_its_own_results(drop, tenant, other):
    async with sftp(drop, other.tenant.customer, other.tenant.api_keys[0].key) as client:
        assert await client.listdir("/results") == ["secret.csv"]
        with pytest.raises(asyncssh.SFTPNoSuchFile):
            await client.stat("/results/results-1001-20190404.csv")


async def test_results_are_read_only(drop, tenant):
    async with sftp(drop, "6500", "demo-key") as client:
        with pytest.raises(asyncssh.SFTPPermissionDenied, match="read-only"):
            async with client.open("/results/new.csv", "wb") as file:
                await file.write(b"x")
        with pytest.raises(asyncssh.SFTPPermissionDenied):
            await client.remove("/results/results-1001-20190404.csv")
        with pytest.raises(asyncssh.SFTPPermissionDenied):
            await client.mkdir("/results/sub")
        assert len(await client.listdir("/results")) == 2


async def test_a_host_key_file_is_served_and_a_bad_one_is_a_clear_error(registry, tmp_path: Path):
    key = asyncssh.generate_private_key("ssh-ed25519")
    path = tmp_path / "host_key"
    key.write_private_key(path)
    async with asyncio.timeout(SECONDS):
        running = await start_sftp(registry, "127.0.0.1", 0, path)
        try:
            assert running.host_key_fingerprint == key.get_fingerprint()
            async with sftp(running, "6500", "demo-key") as client:
                assert await client.listdir("/upload") == []
        finally:
            await running.close()
    (tmp_path / "bad").write_text("not a key")
    with pytest.raises(HostKeyError, match="SFTP host key"):
        load_host_key(tmp_path / "bad")


async def test_the_drop_runs_with_an_app_as_its_cleanup_context(aiohttp_client):
    app = create_app(load_scenario("default"), public_url="http://mock.test")
    running = SftpDrop(app[REGISTRY], "127.0.0.1", 0)
    app.cleanup_ctx.append(running.serving)
    http = await aiohttp_client(app)
    async with sftp(running, "6500", "demo-key") as client:
        assert await client.listdir("/results") == []  # a world without result files yet
    await http.close()
    with pytest.raises(OSError):
        async with asyncio.timeout(SECONDS):
            await asyncssh.connect("127.0.0.1", running.port, known_hosts=None)


# --- the size limit of an import file, enforced while writing ------------------------------


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux counts KiB


async def test_a_write_far_past_the_file_limit_is_refused_without_allocating_and_makes_no_batch(drop, tenant):
    before, peak = len(tenant.imports.batches), peak_memory_mib()
    async with sftp(drop, "6500", "demo-key") as client:
        with pytest.raises(asyncssh.SFTPFailure, match=rf"at most {MAX_FILE_BYTES:,} bytes"):
            async with client.open("/upload/sparse.csv", "wb") as file:
                await file.write(b"x", 1024**3)  # at 1 GiB: a zero fill up to it would cost that much

    assert len(tenant.imports.batches) == before
    assert peak_memory_mib() - peak < 256


async def test_an_upload_growing_past_the_limit_is_refused_and_what_it_sent_is_not_kept(
    drop, tenant, tmp_path
):
    local = tmp_path / "big.csv"
    local.write_bytes(CSV + b"x" * MAX_FILE_BYTES)
    before = len(tenant.imports.batches)
    async with sftp(drop, "6500", "demo-key") as client:
        with pytest.raises(asyncssh.SFTPFailure, match="the limit of an import file"):
            await client.put(str(local), "/upload/big.csv")
        (tmp_path / "small.csv").write_bytes(CSV)
        await client.put(str(tmp_path / "small.csv"), "/upload/small.csv")

    batches = list(tenant.imports.batches)
    assert len(batches) == before + 1  # only the small file became a batch
    assert base64.b64decode(batches[-1].file.contents) == CSV
