"""clock, trigger, state, import and scenarios through `python -m reminders_mock`, against a real
server; their output is read as a script reads it (stdout is not a terminal: plain lines)."""

import json
import subprocess

from reminders_mock import resources
from tests.cli.conftest import command, environment
from tests.imports.test_pipeline import row
from tests.test_import_end_to_end import csv_bytes


def test_clock_shows_advances_steps_and_runs_until_idle(cli, tenant):
    shown = cli("clock")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"customer {tenant.clock()['customer']}: 2024-06-12T08:00:00")
    assert "(manual)" in shown.stdout

    assert cli("clock", "advance", "PT1H").returncode == 0
    assert tenant.clock()["now"].startswith("2024-06-12T09:00:00")

    stepped = cli("clock", "step")
    assert tenant.clock()["now"].startswith("2024-06-12T22:00:00")  # the day's result files
    assert "results.day" in stepped.stdout

    link = tenant.create_paylink("15497")  # the default rule: visited, then paid within the hour
    idle = cli("clock", "idle", "--within", "PT2H")
    assert idle.returncode == 0, idle.stderr
    assert tenant.paylink(link["id"])["status"] == "paid"


def test_clock_advance_without_a_duration_says_what_it_expected(cli):
    refused = cli("clock", "advance")
    assert refused.returncode == 2
    assert "expected a DURATION (such as PT1H) or --to MOMENT" in refused.stderr


def test_a_refused_call_and_an_unreachable_server_are_one_line_each(cli, tenant):
    refused = cli("--key", "not-a-key", "clock")
    assert (refused.returncode, refused.stderr.strip()) == (
        1,
        "reminders-mock: HTTP 401: X-AUTH-TOKEN: expected the API key of a tenant",
    )
    bad = cli("clock", "advance", "an hour")
    assert bad.returncode == 1 and "by:" in bad.stderr and "Traceback" not in bad.stderr
    unreachable = cli("--url", "http://127.0.0.1:9", "clock")
    assert unreachable.returncode == 1
    assert "cannot reach http://127.0.0.1:9" in unreachable.stderr and "Traceback" not in unreachable.stderr


def test_trigger_drives_each_event_and_the_tenant_shows_it(cli, tenant):
    tenant.add_webhook("inbox:triggered", events="all")
    for event in ("paylink.paid", "paylink.failed", "mandate.success", "voice.completed"):
        done = cli("trigger", event)
        assert done.returncode == 0, done.stderr
        assert f"trigger {event}: done" in done.stderr
    sent = [d["event"] for d in tenant.deliveries()]
    assert sent == [
        "PayLinkVisited",
        "PayLinkPaid",
        "PayLinkVisited",
        "PayLinkFailed",
        "MandateStatusChanged",
        "MandateStatusChanged",
        "VoiceCallCompleted",
    ]


def test_trigger_lists_its_events_in_its_help_and_refuses_others(cli):
    shown = cli("trigger", "--help")
    for event in ("paylink.visited", "paylink.paid", "paylink.failed", "mandate.success", "voice.completed"):
        assert event in shown.stdout
    refused = cli("trigger", "paylink.lost")
    assert refused.returncode == 2 and "invalid choice: 'paylink.lost'" in refused.stderr


def test_state_export_then_import_brings_the_tenant_back(cli, tenant, tmp_path):
    link = tenant.create_paylink("10004")
    saved = tmp_path / "state.json"
    assert cli("state", "export", str(saved)).returncode == 0
    assert json.loads(saved.read_text())["customer"] == tenant.clock()["customer"]
    tenant.pay(link["id"])
    imported = cli("state", "import", str(saved))
    assert imported.returncode == 0, imported.stderr
    assert tenant.paylink(link["id"])["status"] == "ready"

    missing = cli("state", "import", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_import_of_5000_rows_follows_the_batch_and_ends_with_a_table_of_statuses(cli, tenant, tmp_path):
    rows = [row(f"CLI-{n}", phone=f"+3161234{n:04d}") for n in range(4990)]
    rows += [row(f"CLI-BAD-{n}", phone="12") for n in range(10)]  # refused: not an international number
    records = tmp_path / "records.csv"
    records.write_bytes(csv_bytes(*rows))

    imported = cli("import", str(records))

    assert imported.returncode == 0, imported.stderr
    assert "uploading records.csv" in imported.stderr
    assert "stepping it until the batch is done" in imported.stderr
    title, *counts = imported.stdout.splitlines()[:4]
    name = title.split()[1].rstrip(":")
    assert title == f"batch {name}: done, 5000 record(s)"
    assert counts == ["status\trecords", "created\t4990", "rejected\t10"]
    assert tenant.batch(name)["status"] == "done"
    assert "CLI-BAD-0\trejected\terror\t" in imported.stdout


def test_scenarios_lists_every_shipped_one_with_its_summary(cli):
    listed = cli("scenarios")
    names = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert names == resources.scenario_names()
    assert "default\tThe default scenario" in listed.stdout


def test_the_environment_names_the_server_and_the_options_win_over_it(server, tenant):
    """--url and --key before or after the command, over REMINDERS_MOCK_URL / REMINDERS_MOCK_KEY."""
    wrong = environment("http://127.0.0.1:9", "not-a-key")
    for args in (
        ("--url", server.url, "--key", tenant.key, "clock"),
        ("clock", "--url", server.url, "--key", tenant.key),
    ):
        shown = subprocess.run(command(*args), env=wrong, capture_output=True, text=True, timeout=120)
        assert shown.returncode == 0, shown.stderr


def test_import_no_advance_leaves_a_manual_clock_and_prints_the_batch_as_it_stands(cli, tenant, tmp_path):
    records = tmp_path / "records.csv"
    records.write_bytes(csv_bytes(row("CLI-WAIT-1"), row("CLI-WAIT-2")))
    before = tenant.clock()["now"]

    imported = cli("import", str(records), "--no-advance")

    assert imported.returncode == 0, imported.stderr
    name = imported.stdout.split()[1].rstrip(":")
    assert imported.stdout.startswith(f"batch {name}: queued, 0 record(s)")
    assert tenant.clock()["now"] == before
