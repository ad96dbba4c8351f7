"""GET /v1 in a browser: the explorer (Altair, from the package), with every documented example
open and the key filled in; any other GET keeps its 405. Altair's files are served from the
package, and GET /_mock/altair-collection.json exports the same examples as an Altair collection."""

import json
import re

import pytest
from graphql import parse, print_ast

from reminders_mock.app import create_app
from reminders_mock.documented import EXAMPLES
from reminders_mock.web.explorer.routes import asks_for_html
from tests.conftest import PUBLIC_URL

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
INIT = re.compile(r"AltairGraphQL\.init\((\{.*?\})\);</script>", re.S)


async def explorer_options(client, path: str = "/v1") -> dict:
    """The options the page starts Altair with."""
    response = await client.get(path, headers={"Accept": BROWSER})
    assert response.status == 200
    assert response.content_type == "text/html"
    assert response.headers["Vary"] == "Accept"  # other clients get a 405 at the same URL
    [options] = INIT.findall(await response.text())
    return json.loads(options)


async def test_a_browser_gets_the_explorer_with_every_documented_example(client):
    options = await explorer_options(client)

    windows = options["initialWindows"]
    assert [w["initialName"] for w in windows] == [example["title"] for example in EXAMPLES]
    for window, example in zip(windows, EXAMPLES, strict=True):
        assert window["initialQuery"] == print_ast(parse(example["query"]))  # the same document
        assert json.loads(window["initialVariables"]) == example["variables"]
        assert window["endpointURL"] == options["endpointURL"]
        assert window["endpointURL"].endswith("/v1")


async def test_the_explorer_sends_the_first_tenants_key_or_the_one_in_the_url(client):
    default = await explorer_options(client)
    given = await explorer_options(client, "/v1?key=someone-elses-key")

    assert {w["initialHeaders"]["X-AUTH-TOKEN"] for w in default["initialWindows"]} == {"demo-key"}
    assert {w["initialHeaders"]["X-AUTH-TOKEN"] for w in given["initialWindows"]} == {"someone-elses-key"}


async def test_with_an_admin_token_the_explorer_hands_out_no_key(aiohttp_client, scenario):
    guarded = await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, admin_token="admin-t0ken"))

    options = await explorer_options(guarded)

    assert {w["initialHeaders"]["X-AUTH-TOKEN"] for w in options["initialWindows"]} == {""}
    given = await explorer_options(guarded, "/v1?key=demo-key")
    assert given["initialHeaders"] == {"X-AUTH-TOKEN": "demo-key"}


async def test_a_value_cannot_close_the_pages_script(client):
    hostile = "</script><script>alert(1)</script>"
    response = await client.get("/v1", params={"key": hostile}, headers={"Accept": BROWSER})
    page = await response.text()

    assert "<script>alert(1)" not in page
    [options] = INIT.findall(page)
    assert json.loads(options)["initialHeaders"]["X-AUTH-TOKEN"] == hostile


async def test_the_page_loads_altairs_files_from_the_mock_itself(client):
    page = await (await client.get("/v1", headers={"Accept": BROWSER})).text()
    [base] = re.findall(r'<base href="([^"]+)">', page)
    scripts = re.findall(r'<script type="module" src="([^"]+)"', page)

    assert base == "/explorer/"
    assert "main.js" in scripts
    assert not re.search(r"""(?:src|href)=["']https?://""", page)  # nothing from a CDN
    for name in [*scripts, "styles.css", "assets/i18n/en-US.json"]:
        response = await client.get(f"/explorer/{name}")
        assert response.status == 200, name


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/graphql-response+json", "text/html;q=0"]
)
async def test_any_other_get_keeps_its_405(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = await client.get("/v1", headers=headers, skip_auto_headers=["Accept"])

    assert response.status == 405
    assert response.headers["Allow"] == "POST"


async def test_posting_to_v1_is_unchanged(gql):
    assert await gql.ok("{ payLink { payLinks { pagination { total } } } }")


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER, True),
        ("TEXT/HTML", True),
        ("application/json, text/html; q=0.5", True),
        ("text/html; q=0.0", False),
        ("text/html;q=nonsense", False),
        ("text/htmlx", False),
        ("", False),
    ],
)
def test_only_an_accept_header_naming_html_asks_for_the_page(accept, html):
    assert asks_for_html(accept) is html


# ---------------------------------------------------------------- the Altair collection


async def test_the_collection_holds_every_documented_example_as_an_altair_window(client):
    response = await client.get("/_mock/altair-collection.json")
    collection = await response.json()

    assert response.status == 200
    assert "attachment" in response.headers["Content-Disposition"]
    # What Altair's import checks (version and type), and a title to list it under.
    assert (collection["version"], collection["type"]) == (1, "collection")
    assert collection["title"]
    assert [q["windowName"] for q in collection["queries"]] == [e["title"] for e in EXAMPLES]
    for window, example in zip(collection["queries"], EXAMPLES, strict=True):
        assert (window["version"], window["type"]) == (1, "window")
        assert print_ast(parse(window["query"])) == print_ast(parse(example["query"]))
        assert json.loads(window["variables"]) == example["variables"]
        assert window["apiUrl"] == str(client.make_url("/v1"))
        assert window["headers"] == [{"key": "X-AUTH-TOKEN", "value": "demo-key", "enabled": True}]


async def test_the_collection_sends_the_callers_key(client, control):
    status, tenant = await control.post("/_mock/tenants", {})
    by_header = await client.get("/_mock/altair-collection.json", headers={"X-AUTH-TOKEN": tenant["apiKey"]})
    by_query = await client.get("/_mock/altair-collection.json", params={"key": tenant["apiKey"]})

    assert status == 201
    for response in (by_header, by_query):
        headers = {h["value"] for q in (await response.json())["queries"] for h in q["headers"]}
        assert headers == {tenant["apiKey"]}


async def test_the_collection_refuses_an_unknown_key(client):
    response = await client.get("/_mock/altair-collection.json", params={"key": "nobody"})

    assert response.status == 401
    assert "X-AUTH-TOKEN" in (await response.json())["error"]["message"]


async def test_the_collection_refuses_a_parameter_it_does_not_read(client):
    response = await client.get(
        "/_mock/altair-collection.json", params={"kye": "demo-key"}, headers={"X-AUTH-TOKEN": "demo-key"}
    )

    assert response.status == 400
    assert "kye" in json.dumps(await response.json())


async def test_the_collections_create_paylink_runs_as_exported(client, gql):
    """Every example is run as documented by tests/documented; here, the laid-out copy runs too."""
    collection = await (await client.get("/_mock/altair-collection.json")).json()
    [window] = [w for w in collection["queries"] if w["windowName"] == "Create PayLink"]

    answer = await gql.ok(window["query"], json.loads(window["variables"]))

    assert answer["payLink"]["create"]["shortUrl"]
