"""schemathesis fuzzes the served mock from its own descriptions: the control API from
GET /_mock/openapi.json, /v1 from its GraphQL schema (introspection). A fixed seed and a bounded
number of examples per operation keep CI reproducible and short; every answer must be no 5xx,
of a documented status and content type, and match its schema. Each run prints how many
requests it sent."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.served import serve

SEED = 15
EXAMPLES = 10  # per operation; a run of both sends several hundred requests
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
RUN_BOUND_SECONDS = 300  # a bound for a loaded machine, not a timing assertion


@pytest.mark.parametrize(
    ("location", "phases"),
    [("/_mock/openapi.json", "examples,fuzzing"), ("/v1", "fuzzing")],
    ids=["control-api", "graphql"],
)
def test_schemathesis_finds_no_5xx_and_no_answer_off_the_description(tmp_path, capsys, location, phases):
    served = serve(tmp_path)
    try:
        run = _schemathesis(served.url + location, phases, tmp_path / "report")
    finally:
        _, server_log = served.stop()
    sent = _requests_sent(tmp_path / "report")
    with capsys.disabled():
        print(f"\nschemathesis sent {sent} requests to {location} (seed {SEED}, {EXAMPLES} per operation)")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert sent > 0
    # aiohttp logs the requests it refuses itself (a NUL in a header) with their traceback; a
    # failure of ours while answering or logging one is "Unhandled exception".
    assert "Unhandled exception" not in server_log


def _schemathesis(url: str, phases: str, report: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            *(sys.executable, "-m", "schemathesis.cli", "run", url),
            *("--header", "X-AUTH-TOKEN: demo-key"),
            *("--seed", str(SEED), "--max-examples", str(EXAMPLES), "--workers", "1"),
            *("--phases", phases, "--checks", CHECKS),
            # A stream that stays open until the client leaves; tests/control/test_event_stream.py.
            *("--exclude-path", "/_mock/events"),
            # Generating a whole scenario or snapshot is slow by nature; CI's bound is what counts.
            *("--suppress-health-check", "all", "--generation-database", "none"),
            *("--report", "har", "--report-dir", str(report), "--no-color"),
        ],
        cwd=report.parent,  # where schemathesis keeps its cache: not the repository
        capture_output=True,
        text=True,
        timeout=RUN_BOUND_SECONDS,
        check=False,
    )


def _requests_sent(report: Path) -> int:
    return sum(len(json.loads(har.read_text())["log"]["entries"]) for har in report.glob("*.json"))
