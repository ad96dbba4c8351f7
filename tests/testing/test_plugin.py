"""The plugin as a user's suite meets it: loaded from the installed `pytest11` entry point (no
conftest), its options, sync and async tests, and 200 tests each on its own tenant giving the same
results under `pytest -n 4` (pytest-xdist, a server per worker) as one by one."""

import json
import os
import subprocess
import sys
from pathlib import Path

from reminders_mock.testing import Server

RUN_WAIT_SECONDS = 300  # a bound for a loaded machine, not a timing assertion

USER_SUITE = """
import pytest

@pytest.mark.asyncio  # pytest-asyncio's strict mode, its default, asks for it
async def test_an_async_test_gets_its_tenant(reminders_mock_async):
    link = await reminders_mock_async.create_paylink("15497")
    await reminders_mock_async.advance("PT1H")
    assert (await reminders_mock_async.paylink(link["id"]))["status"] == "paid"

def test_a_sync_test_gets_a_fresh_tenant_and_a_receiver(reminders_mock, webhook_receiver):
    tenant = reminders_mock.new_tenant(webhooks=[webhook_receiver.endpoint()])
    tenant.create_paylink("15497")
    tenant.advance("PT1H")
    assert webhook_receiver.wait_for(event="PayLinkPaid").event == "PayLinkPaid"

def test_the_server_is_the_one_asked_for(reminders_mock_server, pytestconfig):
    given = pytestconfig.getoption("--reminders-mock-url")
    assert given in (None, reminders_mock_server.url)
    assert reminders_mock_server.key == EXPECTED_KEY
"""

# One test per tenant seed; each writes what it saw, to compare the serial and parallel runs.
TWO_HUNDRED = """
import json, os
import pytest

@pytest.mark.parametrize("n", range(200))
def test_a_paylink_on_a_tenant_of_its_own(reminders_mock, n):
    link = reminders_mock.create_paylink(str(10000 + n))  # endings 00-99: the magic amounts too
    clock = reminders_mock.advance("PT2H")
    found = reminders_mock.paylink(link["id"])
    seen = {"id": link["id"], "status": found["status"], "paid": found["amountPaid"],
            "url": link["shortUrl"].rsplit("/", 1)[1], "ran": clock["ran"]}
    worker = os.environ.get("PYTEST_XDIST_WORKER", "serial")
    with open(os.path.join(os.environ["SEEN_DIR"], worker + ".jsonl"), "a") as out:
        out.write(json.dumps({"test": n, **seen}) + "\\n")
    assert found["id"] == link["id"]
"""


def run_pytest(
    directory: Path, *options: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """pytest in a directory of its own, as a user runs it: no conftest, the plugin only from the
    installed entry point."""
    (directory / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *options],
        cwd=directory,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=RUN_WAIT_SECONDS,
    )


def test_a_suite_without_conftest_gets_the_fixtures_from_the_entry_point(tmp_path):
    (tmp_path / "test_user.py").write_text(USER_SUITE.replace("EXPECTED_KEY", '"demo-key"'))

    ran = run_pytest(tmp_path, "--asyncio-mode=strict")

    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "3 passed" in ran.stdout


def test_the_scenario_option_and_a_conftest_that_names_the_plugin_again(tmp_path):
    (tmp_path / "test_user.py").write_text(USER_SUITE.replace("EXPECTED_KEY", '"failures-key"'))
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["reminders_mock.testing"]\n')

    ran = run_pytest(tmp_path, "--reminders-mock-scenario", "failures", "--asyncio-mode=auto")

    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "3 passed" in ran.stdout


def test_a_running_server_named_by_url_is_used_instead_of_starting_one(
    tmp_path, reminders_mock_server: Server
):
    (tmp_path / "test_user.py").write_text(USER_SUITE.replace("EXPECTED_KEY", "None"))
    tenants_before = reminders_mock_server.client().health()["tenants"]

    ran = run_pytest(tmp_path, "--reminders-mock-url", reminders_mock_server.url)

    assert ran.returncode == 0, ran.stdout + ran.stderr
    # The async and the sync test each made a tenant there, the sync test one more for its receiver.
    assert reminders_mock_server.client().health()["tenants"] == tenants_before + 3


def test_two_hundred_tests_give_the_same_results_with_four_workers_as_one_by_one(tmp_path):
    (tmp_path / "test_many.py").write_text(TWO_HUNDRED)
    seen = {}
    for name, options in {"serial": (), "parallel": ("-n", "4")}.items():
        (tmp_path / name).mkdir()
        ran = run_pytest(tmp_path, *options, env={"SEEN_DIR": str(tmp_path / name)})
        assert ran.returncode == 0 and "200 passed" in ran.stdout, ran.stdout + ran.stderr
        lines = [
            line for f in sorted((tmp_path / name).glob("*.jsonl")) for line in f.read_text().splitlines()
        ]
        seen[name] = sorted((json.loads(line) for line in lines), key=lambda s: s["test"])
        seen[name + " files"] = len(list((tmp_path / name).glob("*.jsonl")))

    assert seen["parallel files"] == 4  # four workers, each with its own server, all used
    assert len(seen["serial"]) == 200
    assert seen["parallel"] == seen["serial"]
    assert len({s["id"] for s in seen["serial"]}) == 200  # a seed per test: no two tests share ids
    assert len({s["status"] for s in seen["serial"]}) > 1  # and the magic endings took their paths
