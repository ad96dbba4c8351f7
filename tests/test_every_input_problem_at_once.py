"""Every problem of one input is answered at once, each naming its field: a client fixes a form
in one round trip, not one field per request. GraphQL answers one error per problem (all with
`extensions.code` BAD_USER_INPUT and `extensions.field`); the control API lists them under
`error.problems`, beside the single-error fields it always had."""

from tests.sandbox import CREATE_MANDATE, CREATE_PAYLINK, mandate_input, pay_link_input

COUNT = "{ payLink { payLinks { pagination { total } } } mandate { mandates { pagination { total } } } }"
LOCAL_NUMBER = "31513703800"  # script 6512 of the default scenario


async def errors_of(gql, query: str, variables: dict) -> list[dict]:
    status, body = await gql(query, variables)
    assert status == 200, body
    assert body.get("errors"), body
    return body["errors"]


def fields_and_codes(errors: list[dict]) -> list[tuple[str, str]]:
    return [(e["extensions"]["field"], e["extensions"]["code"]) for e in errors]


async def test_paylink_create_with_three_bad_fields_answers_three_errors_each_naming_its_field(gql):
    before = await gql.ok(COUNT)
    bad = pay_link_input(invoiceAmount="12.50", invoiceCurrency="EURO", personName="  ")

    errors = await errors_of(gql, CREATE_PAYLINK, {"payLink": bad})

    assert fields_and_codes(errors) == [
        ("payLink.personName", "BAD_USER_INPUT"),
        ("payLink.invoiceAmount", "BAD_USER_INPUT"),
        ("payLink.invoiceCurrency", "BAD_USER_INPUT"),
    ]
    assert ["not blank" in errors[0]["message"], "'12.50'" in errors[1]["message"]] == [True, True]
    assert "ISO 4217" in errors[2]["message"]
    assert {tuple(e["path"]) for e in errors} == {("payLink", "create")}
    assert await gql.ok(COUNT) == before


async def test_paylink_create_answers_its_own_checks_with_the_fields_problems(gql):
    bad = pay_link_input(
        invoiceAmount="0",
        visibleUntil="2024-06-01T00:00:00+00:00",  # before the default scenario's clock start
        attributes=[{"id": "a", "value": "1"}, {"id": "b", "value": "2"}, {"id": "a", "value": "3"}],
    )

    errors = await errors_of(gql, CREATE_PAYLINK, {"payLink": bad})

    assert fields_and_codes(errors) == [
        ("payLink.attributes[2].id", "BAD_USER_INPUT"),
        ("payLink.invoiceAmount", "BAD_USER_INPUT"),
        ("payLink.visibleUntil", "BAD_USER_INPUT"),
    ]
    assert errors[0]["message"].endswith("got 'a'")
    assert "after the PayLink's creation" in errors[2]["message"]
    assert errors[2]["message"].endswith("got '2024-06-01T00:00:00+00:00'")


async def test_fields_the_schema_refuses_are_named_in_extensions_too(gql):
    bad = pay_link_input(invoiceAmount=None, invoiceDate="12-02-2019", visibleUntil="tomorrow", colour="red")
    bad["attributes"] = [{"id": "a"}]

    errors = await errors_of(gql, CREATE_PAYLINK, {"payLink": bad})

    assert sorted(fields_and_codes(errors)) == [
        ("payLink.attributes[0].value", "BAD_USER_INPUT"),
        ("payLink.colour", "BAD_USER_INPUT"),
        ("payLink.invoiceAmount", "BAD_USER_INPUT"),
        ("payLink.invoiceDate", "BAD_USER_INPUT"),
        ("payLink.visibleUntil", "BAD_USER_INPUT"),
    ]


async def test_mandate_create_with_three_bad_fields_answers_three_errors_each_naming_its_field(gql):
    before = await gql.ok(COUNT)
    bad = mandate_input(personName=" ", reason="", debtorReference="\t")

    errors = await errors_of(gql, CREATE_MANDATE, {"mandate": bad})

    assert fields_and_codes(errors) == [
        ("mandate.personName", "BAD_USER_INPUT"),
        ("mandate.reason", "BAD_USER_INPUT"),
        ("mandate.debtorReference", "BAD_USER_INPUT"),
    ]
    assert all("not blank" in e["message"] for e in errors)
    assert await gql.ok(COUNT) == before


def problem_fields(body: dict) -> list[str]:
    return [problem["field"] for problem in body["error"]["problems"]]


async def test_a_tenant_request_with_three_bad_fields_lists_every_problem(control):
    body = {"seed": "seven", "scenario": "nope", "webhooks": [{"url": "inbox:a", "timeout": 0}]}

    status, answer = await control.post("/_mock/tenants", body)

    assert status == 400, answer
    error = answer["error"]
    assert problem_fields(answer) == ["scenario", "seed", "webhooks[0].timeout"]
    # The single-error fields stay, for clients written against them: the first problem's field,
    # and a message that holds every problem.
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == "scenario"
    assert all(problem["message"] in error["message"] for problem in error["problems"])
    assert "shipped scenario" in error["problems"][0]["message"]


async def test_an_inbound_call_with_three_bad_fields_lists_every_problem(control):
    body = {"from": "12", "to": LOCAL_NUMBER, "keys": ["1", "x"], "answer": "robot"}

    status, answer = await control.post("/_mock/voice/inbound", body)

    assert status == 400, answer
    assert problem_fields(answer) == ["from", "keys[1]", "answer"]
    assert "anonymous" in answer["error"]["problems"][0]["message"]
    status, calls = await control.get("/_mock/voice/calls")
    assert calls["calls"] == []


async def test_an_act_with_two_bad_fields_lists_both(control):
    status, answer = await control.post("/_mock/paylinks/whatever/pay", {"amount": "lots", "method": 5})

    assert status == 400, answer
    assert problem_fields(answer) == ["amount", "method"]


async def test_a_single_problem_is_listed_too(control):
    status, answer = await control.post("/_mock/clock/mode", {})

    assert status == 400, answer
    assert answer["error"]["field"] == "mode"
    assert answer["error"]["problems"] == [{"field": "mode", "message": answer["error"]["message"]}]
