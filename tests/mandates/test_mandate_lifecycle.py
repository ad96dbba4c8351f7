"""A mandate's life through the control API: authorize (new → pending), confirm (pending →
success), and the acts its status refuses. References end in -NEW, so no built-in rule acts."""

import pytest

from tests.sandbox import advance, at, create_mandate, find_mandate


async def act(control, mandate: dict, action: str) -> dict:
    status, answer = await control.post(f"/_mock/mandates/{mandate['id']}/{action}")
    assert status == 200, answer
    return answer


async def refused(control, mandate: dict, action: str) -> dict:
    status, answer = await control.post(f"/_mock/mandates/{mandate['id']}/{action}")
    assert status == 409, answer
    assert answer["error"]["code"] == "INVALID_STATE"
    return answer["error"]


async def test_authorizing_a_new_mandate_makes_it_pending(gql, control):
    mandate = await create_mandate(gql)
    await advance(control, "PT3M")

    pending = await act(control, mandate, "authorize")

    assert (pending["id"], pending["status"], pending["updatedOn"]) == (mandate["id"], "pending", at(3))
    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "pending",
        "updatedOn": at(3),
    }


async def test_confirming_a_pending_mandate_gives_it(gql, control):
    mandate = await create_mandate(gql)
    await act(control, mandate, "authorize")
    await advance(control, "PT7M")

    given = await act(control, mandate, "confirm")

    assert (given["status"], given["updatedOn"]) == ("success", at(7))
    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "success",
        "updatedOn": at(7),
    }


async def test_confirming_a_new_mandate_is_refused_and_changes_nothing(gql, control):
    mandate = await create_mandate(gql)
    await advance(control, "PT1M")

    error = await refused(control, mandate, "confirm")

    assert mandate["id"] in error["message"]
    assert "is new" in error["message"]
    assert "pending" in error["message"]
    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "new",
        "updatedOn": at(0),
    }


async def test_authorizing_twice_is_refused(gql, control):
    mandate = await create_mandate(gql)
    await act(control, mandate, "authorize")
    await advance(control, "PT1M")

    error = await refused(control, mandate, "authorize")

    assert "is pending" in error["message"]
    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "pending",
        "updatedOn": at(0),
    }


@pytest.mark.parametrize("action", ["authorize", "confirm"])
async def test_a_given_mandate_refuses_both_acts(gql, control, action):
    mandate = await create_mandate(gql)
    await act(control, mandate, "authorize")
    await act(control, mandate, "confirm")

    error = await refused(control, mandate, action)

    assert "is success" in error["message"]
    assert (await find_mandate(gql, mandate["id"]))["status"] == "success"


@pytest.mark.parametrize("action", ["authorize", "confirm"])
async def test_an_unknown_mandate_answers_404(control, action):
    status, body = await control.post(f"/_mock/mandates/00000000-0000-0000-0000-000000000000/{action}")

    assert status == 404, body
    assert body["error"]["code"] == "NOT_FOUND"
    assert "00000000-0000-0000-0000-000000000000" in body["error"]["message"]


async def test_a_fixture_mandate_can_be_moved_on(gql, control):
    fixture = {"id": "348bd90d-da76-4211-93c3-601cbb15f33a"}  # AC-PENDING in the default scenario

    given = await act(control, fixture, "confirm")

    assert (given["status"], given["updatedOn"]) == ("success", at(0))


async def test_the_control_answer_is_the_mandate_in_the_apis_shape(gql, control):
    mandate = await create_mandate(gql, debtorReference="D-1")

    answer = await act(control, mandate, "authorize")

    assert answer["reference"] == "AC-LIFE-NEW"
    assert answer["debtorReference"] == "D-1"
    assert answer["type"] == "RCUR"
    assert answer["createdOn"] == at(0)
    assert not [name for name in answer if "_" in name]


async def test_a_rule_step_after_the_test_acted_first_is_skipped(gql, control):
    mandate = await create_mandate(gql, "AC-HUUR")  # the default rule: authorize at +10 min, confirm at +1 h
    await act(control, mandate, "authorize")
    await act(control, mandate, "confirm")

    await advance(control, "PT2H")

    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "success",
        "updatedOn": at(0),
    }


async def test_a_rule_confirms_a_mandate_the_test_authorized(gql, control):
    mandate = await create_mandate(gql, "AC-HUUR")
    await act(control, mandate, "authorize")

    await advance(control, "PT1H")

    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "success",
        "updatedOn": at(60),
    }
