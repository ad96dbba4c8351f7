"""The documentation's example requests (shared/seeds/000_...txt: the Reminders API page), with the
answers it shows, made valid JSON and nothing else changed: one list that the explorer offers
ready to run, the Altair collection exports, and the tests send as printed."""

import json
from pathlib import Path
from typing import TypedDict

__all__ = ["EXAMPLES", "Example"]


class Example(TypedDict):
    name: str  # a stable identifier: snake_case of the title
    title: str  # the heading the page gives the example
    query: str
    variables: dict
    response: dict  # the answer the page shows


EXAMPLES: list[Example] = json.loads((Path(__file__).parent / "examples.json").read_text(encoding="utf-8"))
