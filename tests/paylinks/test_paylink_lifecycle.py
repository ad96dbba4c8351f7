"""A PayLink's life through the control API: visit, pay (in full, in parts), cancel, fail, expire,
and the acts its status refuses. PayLinks here end in 04, so no built-in rule acts on them."""

from dataclasses import replace

import pytest

from tests.sandbox import advance, at, create_paylink, find_paylink


async def act(control, link: dict, action: str, body: dict | None = None) -> dict:
    """An act that must succeed: the PayLink as the control API answers it."""
    status, answer = await control.post(f"/_mock/paylinks/{link['id']}/{action}", body or {})
    assert status == 200, answer
    return answer


async def refused(control, link: dict, action: str, body: dict | None = None) -> dict:
    """An act the PayLink's status must refuse: the error of the 409."""
    status, answer = await control.post(f"/_mock/paylinks/{link['id']}/{action}", body or {})
    assert status == 409, answer
    assert answer["error"]["code"] == "INVALID_STATE"
    return answer["error"]


async def test_a_visit_starts_a_transaction(gql, control):
    link = await create_paylink(gql)

    visited = await act(control, link, "visit")

    assert (visited["status"], visited["amountPaid"]) == ("started", 0)
    assert (await find_paylink(gql, link["id"]))["status"] == "started"


async def test_paying_in_full_after_a_visit_makes_it_paid(gql, control):
    link = await create_paylink(gql)
    await act(control, link, "visit")

    paid = await act(control, link, "pay", {"amount": "full"})

    assert (paid["status"], paid["amountPaid"]) == ("paid", 10004)
    assert await find_paylink(gql, link["id"]) == {
        "id": link["id"],
        "status": "paid",
        "amountPaid": 10004,
        "updatedOn": at(0),
    }


async def test_paying_without_a_visit_visits_first(gql, control):
    link = await create_paylink(gql)

    paid = await act(control, link, "pay", {"method": "creditcard"})

    assert (paid["status"], paid["amountPaid"]) == ("paid", 10004)
    assert paid["paymentMethod"] == "creditcard"


async def test_paying_with_another_method_than_the_visits_records_the_method_paid_with(gql, control):
    """The page opens (a visit) before the payer picks a method: PayLinkPaid names the one paid with."""
    _, tenant = await control.post("/_mock/tenants", {"webhooks": ["inbox:paid"]})
    gql, control = replace(gql, key=tenant["apiKey"]), replace(control, key=tenant["apiKey"])
    link = await create_paylink(gql)
    await act(control, link, "visit")

    answer = await act(control, link, "pay", {"method": "bancontact"})

    assert answer["paymentMethod"] == "bancontact"
    _, log = await control.get("/_mock/webhooks/deliveries?event=PayLinkPaid")
    assert [d["body"]["data"]["payment-method"] for d in log["deliveries"]] == ["bancontact"]


async def test_paying_part_leaves_it_partially_paid_and_the_rest_makes_it_paid(gql, control):
    link = await create_paylink(gql)

    partial = await act(control, link, "pay", {"amount": 4000})
    await advance(control, "PT10M")
    rest = await act(control, link, "pay", {"amount": "full"})

    assert (partial["status"], partial["amountPaid"]) == ("partially_paid", 4000)
    assert (rest["status"], rest["amountPaid"]) == ("paid", 10004)
    assert await find_paylink(gql, link["id"]) == {
        "id": link["id"],
        "status": "paid",
        "amountPaid": 10004,
        "updatedOn": at(10),
    }


async def test_paying_half_pays_half_of_what_is_open(gql, control):
    link = await create_paylink(gql)

    first = await act(control, link, "pay", {"amount": "half"})
    second = await act(control, link, "pay", {"amount": "half"})

    assert (first["status"], first["amountPaid"]) == ("partially_paid", 5002)
    assert (second["status"], second["amountPaid"]) == ("partially_paid", 5002 + 2501)


async def test_paying_exactly_what_is_open_makes_it_paid(gql, control):
    link = await create_paylink(gql)
    await act(control, link, "pay", {"amount": 4})

    paid = await act(control, link, "pay", {"amount": 10000})

    assert (paid["status"], paid["amountPaid"]) == ("paid", 10004)


@pytest.mark.parametrize(("action", "status"), [("cancel", "cancelled"), ("fail", "failed")])
async def test_a_transaction_that_ends_unpaid_can_be_tried_again(gql, control, action, status):
    link = await create_paylink(gql)
    await act(control, link, "visit")

    ended = await act(control, link, action)
    await advance(control, "PT1M")
    again = await act(control, link, "visit")
    paid = await act(control, link, "pay")

    assert (ended["status"], ended["amountPaid"]) == (status, 0)
    assert again["status"] == "started"
    assert (paid["status"], paid["amountPaid"]) == ("paid", 10004)


@pytest.mark.parametrize(("action", "status"), [("cancel", "cancelled"), ("fail", "failed")])
async def test_cancel_or_fail_without_a_visit_visits_first(gql, control, action, status):
    link = await create_paylink(gql)

    ended = await act(control, link, action)

    assert ended["status"] == status


async def test_paying_a_paid_paylink_is_refused_and_changes_nothing(gql, control):
    link = await create_paylink(gql)
    await act(control, link, "pay")
    await advance(control, "PT5M")

    error = await refused(control, link, "pay", {"amount": "full"})

    assert link["id"] in error["message"]
    assert "is paid" in error["message"]
    assert await find_paylink(gql, link["id"]) == {
        "id": link["id"],
        "status": "paid",
        "amountPaid": 10004,
        "updatedOn": at(0),
    }


@pytest.mark.parametrize("action", ["visit", "cancel", "fail"])
async def test_a_paid_paylink_refuses_every_other_act(gql, control, action):
    link = await create_paylink(gql)
    await act(control, link, "pay")

    error = await refused(control, link, action)

    assert "is paid" in error["message"]
    assert (await find_paylink(gql, link["id"]))["status"] == "paid"


async def test_an_expired_paylink_refuses_a_visit(gql, control):
    link = await create_paylink(gql)

    expired = await act(control, link, "expire")
    error = await refused(control, link, "visit")

    assert expired["status"] == "ready"
    assert "visible until" in error["message"]
    assert (await find_paylink(gql, link["id"]))["status"] == "ready"


async def test_an_expired_paylink_refuses_a_visit_later_on(gql, control):
    link = await create_paylink(gql)
    await act(control, link, "visit")
    await act(control, link, "expire")
    await advance(control, "PT1H")

    error = await refused(control, link, "visit")
    pay_error = await refused(control, link, "pay")

    assert "visible until" in error["message"]
    assert "visible until" in pay_error["message"]
    assert (await find_paylink(gql, link["id"]))["status"] == "started"


async def test_expiring_brings_visible_until_forward_to_now(gql, control):
    link = await create_paylink(gql)
    await advance(control, "PT15M")

    expired = await act(control, link, "expire")

    assert expired["visibleUntil"] == at(15)


@pytest.mark.parametrize(("by", "status"), [("PT59M59S", 200), ("PT1H", 409)])
async def test_a_paylink_stops_being_payable_at_visible_until(gql, control, by, status):
    # The schema: visibleUntil is "when payment is no longer possible".
    link = await create_paylink(gql, visibleUntil=at(60))
    await advance(control, by)

    answer_status, answer = await control.post(f"/_mock/paylinks/{link['id']}/pay", {})

    assert answer_status == status, answer
    expected = "paid" if status == 200 else "ready"
    assert (await find_paylink(gql, link["id"]))["status"] == expected


async def test_updated_on_moves_with_each_transition_to_the_clocks_now(gql, control):
    link = await create_paylink(gql)
    seen = []
    for minutes, action, body in [
        (3, "visit", None),
        (4, "cancel", None),
        (10, "visit", None),
        (12, "pay", {"amount": 1000}),
        (30, "pay", {"amount": "full"}),
    ]:
        await advance(control, to=at(minutes))
        answered = await act(control, link, action, body)
        searched = await find_paylink(gql, link["id"])
        assert answered["updatedOn"] == searched["updatedOn"] == at(minutes), action
        seen.append(searched["status"])

    assert seen == ["started", "cancelled", "started", "partially_paid", "paid"]
    assert link["updatedOn"] == link["createdOn"] == at(0)


async def test_a_rule_step_after_the_test_acted_first_is_skipped(gql, control):
    link = await create_paylink(gql, "15497")  # the default rule: visit at +5 min, pay at +30
    await act(control, link, "pay")

    await advance(control, "PT1H")

    assert await find_paylink(gql, link["id"]) == {
        "id": link["id"],
        "status": "paid",
        "amountPaid": 15497,
        "updatedOn": at(0),
    }


async def test_a_rule_continues_after_a_test_visits_first(gql, control):
    link = await create_paylink(gql, "15497")
    await act(control, link, "visit")

    await advance(control, "PT30M")

    assert await find_paylink(gql, link["id"]) == {
        "id": link["id"],
        "status": "paid",
        "amountPaid": 15497,
        "updatedOn": at(30),
    }


async def test_a_rule_pays_only_what_is_still_open(gql, control):
    link = await create_paylink(gql, "15497")
    await act(control, link, "pay", {"amount": 497})

    await advance(control, "PT30M")

    found = await find_paylink(gql, link["id"])
    assert (found["status"], found["amountPaid"]) == ("paid", 15497)
