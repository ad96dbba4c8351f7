"""Every example request of the Reminders API page (shared/seeds/000_...txt), sent as printed
(made valid JSON, nothing else changed), answers in the documented shape.

reminders_mock.documented holds the page's examples; ECHOED names, per example, the values that
must come back exactly as documented: input echoed back, and what the default scenario's
fixtures hold for the documentation's own ids.
"""

import pytest

from tests.documented.examples import EXAMPLES, documented_answer
from tests.documented.shape import at, shape_differences

ECHOED = {
    "row_input": [
        "data.import.addRecords.action",
        "data.import.addRecords.status",
        "data.import.addRecords.records",
    ],
    "file_input": ["data.import.addRecords.action", "data.import.addRecords.status"],
    "search_batches": ["data.import.batches.items", "data.import.batches.pagination"],
    "create_paylink": ["data.payLink.create.attributes"],
    "simple_paylink_search": [
        "data.payLink.payLinks.pagination.offset",
        "data.payLink.payLinks.pagination.limit",
    ],
    "find_single_paylink": [
        f"data.payLink.payLinks.items[*].{field}"
        for field in ("id", "personName", "personGender", "status", "createdOn", "updatedOn")
    ],
    "search_paylink_with_record_identifier": ["data.payLink.payLinks.items"],
    "advanced_paylink_search": ["data.payLink.payLinks.items[*].status"],
    "create_mandate": ["data.mandate.create.reference", "data.mandate.create.type"],
    "simple_mandate_search": [],
    "find_single_mandate": [
        f"data.mandate.mandates.items[*].{field}"
        for field in ("id", "personName", "status", "createdOn", "updatedOn")
    ],
    "advanced_mandate_search": ["data.mandate.mandates.items[*].status"],
    "stop_calling": ["data.voice.stopCalling"],
}


def test_every_documented_example_is_covered():
    assert sorted(example["name"] for example in EXAMPLES) == sorted(ECHOED)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["name"] for example in EXAMPLES])
async def test_documented_example(example, gql):
    status, body = await gql(example["query"], example["variables"])

    assert status == 200
    documented = documented_answer(example)
    assert shape_differences(body, documented) == []
    for path in ECHOED[example["name"]]:
        if "[*]" in path:
            assert set(at(body, path)) <= set(at(documented, path)), path
        else:
            assert at(body, path) == at(documented, path), path
