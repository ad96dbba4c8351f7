"""The documented examples in Altair's two shapes: the windows its page opens (the options of
`AltairGraphQL.init`, as the vendor's altair-static renders them into the app's index.html) and a
collection file its "Import collection" reads (version 1, type "collection", one window each)."""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from ...documented import EXAMPLES, Example

ASSETS = Path(__file__).parent / "assets"  # tools/build-explorer-assets.sh fills it
KEY_HEADER = "X-AUTH-TOKEN"
TITLE = "reminders-mock · GraphQL explorer"


def page(assets_url: str, api_url: str, key: str) -> str:
    """Altair's own index.html, its relative links based at `assets_url`, started with every
    documented example open in a window of its own, each sending `key`."""
    options = {
        "endpointURL": api_url,
        "initialHeaders": {KEY_HEADER: key},
        "initialWindows": [_window_options(example, api_url, key) for example in EXAMPLES],
        # Opened afresh each time: windows kept from an earlier visit would carry an earlier
        # server's port and key.
        "preserveState": False,
        "disableAccount": True,  # Altair's cloud sign-in: nothing to reach offline
        # The schema read at once, for the docs panel and completion; nothing offered that needs
        # the internet; every example's tab reachable by scrolling.
        "initialSettings": {
            "schema.reloadOnStart": True,
            "alert.disableUpdateNotification": True,
            "banners.disable": True,
            "enableTablistScrollbar": True,
        },
    }
    # JSON is a JavaScript literal; with `<` escaped, no value can close the <script> early.
    init = json.dumps(options, ensure_ascii=False).replace("<", "\\u003c")
    html = re.sub(r"<base [^>]*>", f'<base href="{assets_url}/">', _index(), count=1)
    html = re.sub(r"<title>[^<]*</title>", f"<title>{TITLE}</title>", html, count=1)
    return html.replace("</body>", f'<script type="module">AltairGraphQL.init({init});</script></body>', 1)


def collection(api_url: str, key: str) -> dict[str, Any]:
    """The examples as an Altair collection file, each window sending `key`."""
    return {
        "version": 1,
        "type": "collection",
        "title": "Reminders API (reminders-mock)",
        "description": "The documented example requests, ready to run against reminders-mock",
        "queries": [_window(example, api_url, key) for example in EXAMPLES],
    }


def _window_options(example: Example, api_url: str, key: str) -> dict[str, Any]:
    return {
        "initialName": example["title"],
        "endpointURL": api_url,
        "initialQuery": _laid_out(example["query"]),
        "initialVariables": _variables(example),
        "initialHeaders": {KEY_HEADER: key},
    }


def _window(example: Example, api_url: str, key: str) -> dict[str, Any]:
    return {
        "version": 1,
        "type": "window",
        "windowName": example["title"],
        "apiUrl": api_url,
        "query": _laid_out(example["query"]),
        "variables": _variables(example),
        "headers": [{"key": KEY_HEADER, "value": key, "enabled": True}],
        "subscriptionUrl": "",
    }


def _laid_out(query: str) -> str:
    """The documentation prints each query on one line; the same document, one field a line."""
    from graphql import parse, print_ast  # graphql-core: loaded by the explorer's first page only

    return print_ast(parse(query))


def _variables(example: Example) -> str:
    """Altair edits variables as text: the example's, laid out to read."""
    return json.dumps(example["variables"], indent=2, ensure_ascii=False)


@cache
def _index() -> str:
    return (ASSETS / "index.html").read_text(encoding="utf-8")
