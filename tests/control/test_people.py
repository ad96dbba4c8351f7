"""The control API that plays the payer: POST /_mock/paylinks/{id}/{act}. Its answer, its input
checks (which change nothing), unknown PayLinks and other tenants' PayLinks."""

import re
from dataclasses import replace

import pytest

from tests.sandbox import advance, at, create_paylink, find_paylink

RFC_3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
READY_FIXTURE = "389f0187-6b5d-4896-8d78-e56a6bb1a156"  # 4400, ready, visible until 2030


def assert_bad_amount(status: int, body: dict) -> None:
    assert status == 400, body
    assert body["error"]["code"] == "BAD_USER_INPUT"
    assert body["error"]["field"] == "amount"
    assert body["error"]["message"].startswith("amount: ")
    assert "cents" in body["error"]["message"]


async def test_the_answer_is_the_paylink_in_camel_case_with_rfc_3339_dates(gql, control):
    link = await create_paylink(gql, attributes=[{"id": "source", "value": "web"}])

    status, answer = await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": 1000})

    assert status == 200, answer
    assert answer["id"] == link["id"]
    assert answer["status"] == "partially_paid"
    assert answer["amountPaid"] == 1000
    assert answer["invoiceAmount"] == "10004"
    assert answer["personName"] == "Alphacomm"
    assert answer["attributes"] == [
        {"id": "customer_source", "value": "web"},
        {"id": "origin", "value": "api"},
    ]
    assert answer["createdOn"] == answer["updatedOn"] == at(0)
    assert answer["visibleUntil"] == link["visibleUntil"]
    for name in ("invoiceDate", "visibleUntil", "createdOn", "updatedOn"):
        assert RFC_3339.fullmatch(answer[name]), (name, answer[name])
    assert not [name for name in answer if "_" in name]


async def test_an_act_needs_no_body(gql, control):
    link = await create_paylink(gql)

    status, answer = await control.post(f"/_mock/paylinks/{link['id']}/pay")

    assert status == 200, answer
    assert (answer["status"], answer["amountPaid"]) == ("paid", 10004)


async def test_a_fixture_paylink_can_be_paid(gql, control):
    status, answer = await control.post(f"/_mock/paylinks/{READY_FIXTURE}/pay", {"amount": "full"})

    assert status == 200, answer
    assert (answer["status"], answer["amountPaid"]) == ("paid", 4400)
    assert (await find_paylink(gql, READY_FIXTURE))["status"] == "paid"


@pytest.mark.parametrize("amount", [10005, 0, -1, "lots", 12.5, "", None])
async def test_a_bad_amount_answers_400_naming_amount_and_changes_nothing(gql, control, amount):
    link = await create_paylink(gql)
    before = await find_paylink(gql, link["id"])

    status, body = await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": amount})

    assert_bad_amount(status, body)
    assert await find_paylink(gql, link["id"]) == before


async def test_an_amount_over_what_is_still_open_answers_400_and_changes_nothing(gql, control):
    link = await create_paylink(gql)
    await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": 4000})
    await advance(control, "PT5M")
    before = await find_paylink(gql, link["id"])

    status, body = await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": 6005})

    assert_bad_amount(status, body)
    assert "6004" in body["error"]["message"]  # the open amount
    assert before == {"id": link["id"], "status": "partially_paid", "amountPaid": 4000, "updatedOn": at(0)}
    assert await find_paylink(gql, link["id"]) == before


async def test_an_unknown_field_answers_400_naming_it(gql, control):
    link = await create_paylink(gql)

    status, body = await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": "full", "cents": 5})

    assert status == 400, body
    assert body["error"]["field"] == "cents"
    assert (await find_paylink(gql, link["id"]))["status"] == "ready"


async def test_a_body_that_is_not_json_answers_400(gql, client):
    link = await create_paylink(gql)

    response = await client.post(
        f"/_mock/paylinks/{link['id']}/pay", data=b"{amount", headers={"X-AUTH-TOKEN": "demo-key"}
    )

    assert response.status == 400
    assert (await response.json())["error"]["code"] == "BAD_USER_INPUT"
    assert (await find_paylink(gql, link["id"]))["status"] == "ready"


@pytest.mark.parametrize("action", ["visit", "pay", "cancel", "fail", "expire"])
async def test_an_unknown_paylink_answers_404(control, action):
    status, body = await control.post(f"/_mock/paylinks/no-such-paylink/{action}", {})

    assert status == 404, body
    assert body["error"]["code"] == "NOT_FOUND"
    assert "no-such-paylink" in body["error"]["message"]


async def test_another_tenants_paylink_is_unknown(gql, control):
    status, tenant = await control.post("/_mock/tenants", {"seed": 99})
    assert status == 201, tenant
    theirs = await create_paylink(replace(gql, key=tenant["apiKey"]))

    status, body = await control.post(f"/_mock/paylinks/{theirs['id']}/pay", {})

    assert status == 404, body
    assert (await find_paylink(replace(gql, key=tenant["apiKey"]), theirs["id"]))["status"] == "ready"


async def test_paying_a_paid_paylink_says_why_it_is_refused(gql, control):
    link = await create_paylink(gql)
    await control.post(f"/_mock/paylinks/{link['id']}/pay", {})

    status, body = await control.post(f"/_mock/paylinks/{link['id']}/pay", {})

    assert status == 409, body
    assert body["error"] == {
        "code": "INVALID_STATE",
        "message": f"PayLink {link['id']} is paid: it cannot be paid",
    }


@pytest.mark.parametrize("headers", [{}, {"X-AUTH-TOKEN": "no-such-key"}], ids=["none", "unknown"])
async def test_acting_needs_a_known_key(gql, client, headers):
    link = await create_paylink(gql)

    response = await client.post(f"/_mock/paylinks/{link['id']}/pay", json={}, headers=headers)

    assert response.status == 401
    assert (await response.json())["error"]["code"] == "UNAUTHENTICATED"
    assert (await find_paylink(gql, link["id"]))["status"] == "ready"


async def test_the_restricted_key_may_act_from_localhost(gql, control):
    link = await create_paylink(gql)

    status, answer = await replace(control, key="demo-key-restricted").post(
        f"/_mock/paylinks/{link['id']}/visit"
    )

    assert status == 200, answer
    assert answer["status"] == "started"
