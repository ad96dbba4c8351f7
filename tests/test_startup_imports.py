"""A command loads what it uses, when it uses it: the console script's parser (every command's
start, `--help` included) loads no SSH, no population generators, no terminal drawing and no
HTTP client, and `serve`'s app loads SSH only for an SFTP drop and Faker and schwifty only for a
population. `python -X importtime` showed each a tenth to a fifth of the server's start-up.

Each case runs in a fresh interpreter: this one has loaded everything long ago."""

import json
import subprocess
import sys

SERVE_NEVER_NEEDS = {"asyncssh", "faker", "schwifty"}
PARSER_NEVER_NEEDS = SERVE_NEVER_NEEDS | {"rich", "httpx"}
APP = (
    "from reminders_mock.cli import server\n"
    "from reminders_mock.app import create_app\n"
    "from reminders_mock.scenario.loader import load_scenario\n"
)


def packages_loaded_by(code: str) -> set[str]:
    """The top-level packages in sys.modules once `code` has run in a fresh interpreter."""
    report = "\nimport json, sys\nprint(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
    done = subprocess.run([sys.executable, "-c", code + report], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_console_scripts_parser_loads_no_ssh_generators_terminal_drawing_or_http_client():
    loaded = packages_loaded_by("from reminders_mock.cli import _parser\n_parser()")

    assert loaded & PARSER_NEVER_NEEDS == set()
    assert "reminders_mock" in loaded


def test_serves_app_without_a_drop_or_population_loads_no_ssh_and_no_generators():
    loaded = packages_loaded_by(APP + "create_app(load_scenario('default'), public_url='http://mock.test')")

    assert loaded & SERVE_NEVER_NEEDS == set()
    assert "aiohttp" in loaded


def test_a_drop_loads_ssh_and_a_population_its_generators_when_served():
    with_both = (
        APP + "from tests.population.populated import populated\n"
        "create_app(populated({'size': 3}), public_url='http://mock.test', sftp_port=0)"
    )

    assert packages_loaded_by(with_both) >= SERVE_NEVER_NEEDS
