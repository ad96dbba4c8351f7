"""The documented examples (reminders_mock.documented: the page's requests and answers, made valid
JSON), and the answers the tests compare with."""

import copy
import functools
import operator

from reminders_mock.documented import EXAMPLES

__all__ = ["EXAMPLES", "documented_answer"]

# The page's File Input answer shows `records: []`, which its query never selects; a GraphQL
# server cannot answer a field it was not asked for, so the comparison leaves it out.
NOT_SELECTED = {"file_input": ("data", "import", "addRecords", "records")}


def documented_answer(example: dict) -> dict:
    answer = copy.deepcopy(example["response"])
    if example["name"] in NOT_SELECTED:
        *parents, leaf = NOT_SELECTED[example["name"]]
        del functools.reduce(operator.getitem, parents, answer)[leaf]
    return answer
