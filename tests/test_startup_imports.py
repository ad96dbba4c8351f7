"""A command loads what it uses, when it uses it: the console script's parser (every command's
start, `--help` included) loads no SSH, no population generators, no terminal drawing and no
HTTP client, and `serve`'s app loads SSH only for an SFTP drop, Faker and schwifty only for a
population, GraphQL only for the first request to /v1, and the e-mail and phone checks
(email_validator, phonenumbers: 27 ms together) only for the first value they check. `python -X
importtime` showed each a tenth to a fifth of the server's start-up.

Each case runs in a fresh interpreter: this one has loaded everything long ago."""

import json
import subprocess
import sys

from reminders_mock.app import create_app
from reminders_mock.documented import EXAMPLES
from reminders_mock.scenario.loader import load_scenario

SERVE_NEVER_NEEDS = {"asyncssh", "faker", "schwifty"}
PARSER_NEVER_NEEDS = SERVE_NEVER_NEEDS | {"rich", "httpx"}
GRAPHQL = {"graphql", "ariadne"}
CHECKS = {"email_validator", "phonenumbers"}
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

    assert loaded & (SERVE_NEVER_NEEDS | GRAPHQL) == set()
    assert "aiohttp" in loaded


def test_serves_app_loads_the_email_and_phone_checks_only_for_a_value_to_check():
    # The default scenario's contact centre names phone numbers, checked as the scenario is read;
    # a scenario without one starts with neither check loaded, and a first row loads both.
    default = packages_loaded_by(APP + "create_app(load_scenario('default'), public_url='http://mock.test')")
    demo = APP + "create_app(load_scenario('webhook-demo'), public_url='http://mock.test')\n"
    row = "from reminders_mock.core.values import check_email, normalise_phone\n"
    checked = "check_email('jan@example.com'), normalise_phone('0612345678')\n"

    assert default & CHECKS == {"phonenumbers"}
    assert packages_loaded_by(demo) & CHECKS == set()
    assert packages_loaded_by(demo + row + checked) >= CHECKS


FIND = next(example for example in EXAMPLES if example["title"] == "Find Single PayLink")
FIRST_REQUESTS = (
    APP + "import asyncio, json, sys\n"
    "from aiohttp.test_utils import TestClient, TestServer\n"
    "from reminders_mock.documented import EXAMPLES\n"
    "FIND = next(example for example in EXAMPLES if example['title'] == 'Find Single PayLink')\n"
    "async def first_requests():\n"
    "    app = create_app(load_scenario('default'), public_url='http://mock.test')\n"
    "    async with TestClient(TestServer(app)) as client:\n"
    "        loaded_before = sorted({'graphql', 'ariadne'} & set(sys.modules))\n"
    "        page = await client.get('/v1', headers={'Accept': 'text/html'})\n"
    "        body = {'query': FIND['query'], 'variables': FIND['variables']}\n"
    "        found = await client.post('/v1', json=body, headers={'X-AUTH-TOKEN': 'demo-key'})\n"
    "        print(json.dumps([loaded_before, page.status, 'AltairGraphQL.init(' in await page.text(),\n"
    "                          found.status, await found.json()]))\n"
    "asyncio.run(first_requests())\n"
)


async def test_the_first_graphql_request_and_explorer_page_in_a_fresh_process_answer_as_ever(aiohttp_client):
    done = subprocess.run([sys.executable, "-c", FIRST_REQUESTS], capture_output=True, text=True, check=True)
    loaded_before, page_status, page_is_altair, found_status, found = json.loads(done.stdout.splitlines()[-1])
    client = await aiohttp_client(create_app(load_scenario("default"), public_url="http://mock.test"))
    again = await client.post(
        "/v1",
        json={"query": FIND["query"], "variables": FIND["variables"]},
        headers={"X-AUTH-TOKEN": "demo-key"},
    )

    assert loaded_before == []
    assert (page_status, page_is_altair) == (200, True)
    assert found_status == 200
    assert found == await again.json()
    assert (
        found["data"]["payLink"]["payLinks"]["items"][0]["id"]
        == FIND["variables"]["filters"]["id"]["equalTo"]
    )


def test_a_drop_loads_ssh_and_a_population_its_generators_when_served():
    with_both = (
        APP + "from tests.population.populated import populated\n"
        "create_app(populated({'size': 3}), public_url='http://mock.test', sftp_port=0)"
    )

    assert packages_loaded_by(with_both) >= SERVE_NEVER_NEEDS
