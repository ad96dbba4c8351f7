"""The documented examples (examples.json: the page's requests and answers, made valid JSON)."""

import copy
import functools
import json
import operator
from pathlib import Path

EXAMPLES = json.loads((Path(__file__).parent / "examples.json").read_text(encoding="utf-8"))

# The page's File Input answer shows `records: []`, which its query never selects; a GraphQL
# server cannot answer a field it was not asked for, so the comparison leaves it out.
NOT_SELECTED = {"file_input": ("data", "import", "addRecords", "records")}


def documented_answer(example: dict) -> dict:
    answer = copy.deepcopy(example["response"])
    if example["name"] in NOT_SELECTED:
        *parents, leaf = NOT_SELECTED[example["name"]]
        del functools.reduce(operator.getitem, parents, answer)[leaf]
    return answer
