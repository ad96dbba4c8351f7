"""A command loads what it uses, when it uses it: the console script's parser (every command's
start, `--help` included) loads no SSH, no population generators, no terminal drawing and no
HTTP client, and `serve`'s app loads SSH only for an SFTP drop, Faker and schwifty only for a
population, GraphQL only for the first request to /v1, the e-mail and phone checks
(email_validator, phonenumbers: 27 ms together) only for the first value they check, and the
dashboard's and landing pages' handlers with their first request. `python -X importtime` showed
each a tenth to a fifth of the server's start-up.

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
    return {name.split(".")[0] for name in modules_loaded_by(code)}


def modules_loaded_by(code: str) -> set[str]:
    """The modules in sys.modules once `code` has run in a fresh interpreter."""
    report = "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
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


PAGES = {
    "reminders_mock.web.dashboard.pages",
    "reminders_mock.web.dashboard.actions",
    "reminders_mock.web.landing.common",
    "reminders_mock.web.landing.paylinks",
    "reminders_mock.web.landing.mandates",
}


def test_serves_app_loads_the_pages_and_jinja2_with_their_first_request():
    loaded = modules_loaded_by(APP + "create_app(load_scenario('default'), public_url='http://mock.test')")

    assert loaded & PAGES == set()
    assert "jinja2" not in {name.split(".")[0] for name in loaded}  # loaded by a page or a message
    assert "reminders_mock.web.dashboard.urls" in loaded


FIRST_PAGES = (
    APP + "import asyncio, json, sys\n"
    "from aiohttp.test_utils import TestClient, TestServer\n"
    "async def first_pages():\n"
    "    app = create_app(load_scenario('default'), public_url='http://mock.test')\n"
    "    async with TestClient(TestServer(app)) as client:\n"
    "        answers = []\n"
    "        for path in ('/pay/6500/' + sys.argv[1], '/_mock/ui'):\n"
    "            page = await client.get(path)\n"
    "            answers.append([page.status, page.content_type, await page.text()])\n"
    "        posted = await client.post('/_mock/ui/open', data={'key': 'demo-key'}, allow_redirects=False)\n"
    "        print(json.dumps([answers, posted.status]))\n"
    "asyncio.run(first_pages())\n"
)
PAID = "96f3cf79-98ab-43d1-80ca-fa5c9fccab23"  # the default scenario's paid PayLink


async def test_the_first_landing_and_dashboard_pages_in_a_fresh_process_answer_as_ever(aiohttp_client):
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAGES, PAID], capture_output=True, text=True, check=True
    )
    (landing, dashboard), posted = json.loads(done.stdout.splitlines()[-1])
    client = await aiohttp_client(create_app(load_scenario("default"), public_url="http://mock.test"))
    again = await client.get(f"/pay/6500/{PAID}")

    assert landing == [again.status, again.content_type, await again.text()]
    assert landing[0] == 200 and "Test invoice" in landing[2]
    assert dashboard[:2] == [200, "text/html"] and "<form" in dashboard[2]
    assert posted == 403  # the dashboard's actions check their form's CSRF token, as ever


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


CONSOLE = """
import gc, json, sys

# What the console script itself needs to pause the collector.
OWN = (
    "reminders_mock.console",
    "reminders_mock.heap",
    "reminders_mock.core",
    "reminders_mock.core.collector",
)

class Recorder:
    '''Notes, for each module of the command line as it is found, whether the collector runs.'''
    seen = {}

    def find_spec(self, name, path=None, target=None):
        if name.startswith("reminders_mock.") and name not in OWN:
            self.seen[name] = gc.isenabled()
        return None

sys.meta_path.insert(0, Recorder())
from reminders_mock.console import main
try:
    main(["--version"])
except SystemExit:
    pass
print(json.dumps({"seen": Recorder.seen, "after": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


def test_the_console_script_loads_the_command_line_paused_and_frozen_and_runs_it_with_the_collector_on():
    done = subprocess.run([sys.executable, "-c", CONSOLE], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.splitlines()[-1])

    assert "reminders_mock.scenario.models" in report["seen"]  # what --version loads, serve's models with it
    assert not any(report["seen"].values()), [name for name, running in report["seen"].items() if running]
    assert report["after"] is True
    assert report["frozen"] > 10_000  # what loading made, out of the collector's sight
