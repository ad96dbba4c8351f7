"""The simulated people: the built-in magic values (one test per row of the table), a tenant's
own rules before them, and GET /_mock/magic serving the table."""

from dataclasses import replace

import pytest
from pydantic import ValidationError

from reminders_mock.scenario.rules import builtin_rules
from tests.sandbox import advance, at, create_mandate, create_paylink, find_mandate, find_paylink


async def paylink_after(gql, control, paylink_id: str, by: str) -> dict:
    await advance(control, by)
    return await find_paylink(gql, paylink_id)


# ---------------------------------------------------------------- PayLink magic amounts


@pytest.mark.parametrize("amount", ["15497", "15400"])
async def test_a_paylink_by_default_is_started_after_5_minutes_and_paid_in_full_after_30(
    gql, control, amount
):
    link = await create_paylink(gql, amount)

    started = await paylink_after(gql, control, link["id"], "PT5M")
    before_payment = await paylink_after(gql, control, link["id"], "PT24M59S")
    paid = await paylink_after(gql, control, link["id"], "PT1S")

    assert started == {"id": link["id"], "status": "started", "amountPaid": 0, "updatedOn": at(5)}
    assert before_payment["status"] == "started"
    assert paid == {"id": link["id"], "status": "paid", "amountPaid": int(amount), "updatedOn": at(30)}


async def test_a_paylink_amount_ending_in_01_is_started_then_fails_after_10_minutes(gql, control):
    link = await create_paylink(gql, "15401")

    started = await paylink_after(gql, control, link["id"], "PT5M")
    failed = await paylink_after(gql, control, link["id"], "PT5M")
    a_day_later = await paylink_after(gql, control, link["id"], "P1D")

    assert (started["status"], started["updatedOn"]) == ("started", at(5))
    assert failed == {"id": link["id"], "status": "failed", "amountPaid": 0, "updatedOn": at(10)}
    assert a_day_later == failed


async def test_a_paylink_amount_ending_in_02_is_started_then_cancelled_after_10_minutes(gql, control):
    link = await create_paylink(gql, "15402")

    started = await paylink_after(gql, control, link["id"], "PT5M")
    cancelled = await paylink_after(gql, control, link["id"], "PT5M")
    a_day_later = await paylink_after(gql, control, link["id"], "P1D")

    assert (started["status"], started["updatedOn"]) == ("started", at(5))
    assert cancelled == {"id": link["id"], "status": "cancelled", "amountPaid": 0, "updatedOn": at(10)}
    assert a_day_later == cancelled


async def test_a_paylink_amount_ending_in_03_is_paid_half_after_30_minutes_and_never_the_rest(gql, control):
    link = await create_paylink(gql, "15403")

    partial = await paylink_after(gql, control, link["id"], "PT30M")
    a_day_later = await paylink_after(gql, control, link["id"], "P1D")

    assert partial == {"id": link["id"], "status": "partially_paid", "amountPaid": 7701, "updatedOn": at(30)}
    assert a_day_later == partial


async def test_a_paylink_amount_ending_in_04_is_never_visited(gql, control):
    link = await create_paylink(gql, "15404")

    a_day_later = await paylink_after(gql, control, link["id"], "P1D")

    assert a_day_later == {"id": link["id"], "status": "ready", "amountPaid": 0, "updatedOn": at(0)}


async def test_a_paylink_amount_ending_in_04_cannot_be_paid_after_visible_until(gql, control):
    link = await create_paylink(gql, "15404", visibleUntil=at(120))
    await advance(control, "PT3H")

    status, body = await control.post(f"/_mock/paylinks/{link['id']}/pay", {"amount": "full"})

    assert status == 409, body
    assert body["error"]["code"] == "INVALID_STATE"
    assert "visible until" in body["error"]["message"]
    assert await find_paylink(gql, link["id"]) == {
        "id": link["id"],
        "status": "ready",
        "amountPaid": 0,
        "updatedOn": at(0),
    }


async def test_a_paylink_amount_ending_in_05_is_started_and_stays_started(gql, control):
    link = await create_paylink(gql, "15405")

    started = await paylink_after(gql, control, link["id"], "PT5M")
    a_day_later = await paylink_after(gql, control, link["id"], "P1D")

    assert started == {"id": link["id"], "status": "started", "amountPaid": 0, "updatedOn": at(5)}
    assert a_day_later == started


# ---------------------------------------------------------------- mandate magic references


async def test_a_mandate_by_default_is_pending_after_10_minutes_and_given_after_an_hour(gql, control):
    mandate = await create_mandate(gql, "AC-HUUR")

    await advance(control, "PT9M59S")
    still_new = await find_mandate(gql, mandate["id"])
    await advance(control, "PT1S")
    pending = await find_mandate(gql, mandate["id"])
    await advance(control, "PT50M")
    given = await find_mandate(gql, mandate["id"])

    assert still_new["status"] == "new"
    assert pending == {"id": mandate["id"], "status": "pending", "updatedOn": at(10)}
    assert given == {"id": mandate["id"], "status": "success", "updatedOn": at(60)}


async def test_a_mandate_reference_ending_in_new_stays_new(gql, control):
    mandate = await create_mandate(gql, "AC-NEW")

    await advance(control, "P1D")

    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "new",
        "updatedOn": at(0),
    }


async def test_a_mandate_reference_ending_in_pending_stops_at_pending(gql, control):
    mandate = await create_mandate(gql, "AC-PENDING")

    await advance(control, "P1D")

    assert await find_mandate(gql, mandate["id"]) == {
        "id": mandate["id"],
        "status": "pending",
        "updatedOn": at(10),
    }


# ---------------------------------------------------------------- a tenant's own rules

OWN_RULES = [
    {
        "name": "slow payer",
        "match": {"payLink": {"personName": "Slow Payer"}},
        "timeline": [{"at": "PT2H", "do": "visit"}, {"at": "PT3H", "do": "pay", "amount": 500}],
    },
    {
        "name": "references A-1 and A-2 cancel",
        "match": {"payLink": {"invoiceReference": {"oneOf": ["A-1", "A-2"]}}},
        "timeline": [{"at": "PT1M", "do": "visit"}, {"after": "PT1M", "do": "cancel"}],
    },
    {
        "name": "large amounts fail",
        "match": {"payLink": {"invoiceAmount": {"min": 100000, "max": 200000}}},
        "timeline": [{"at": "PT1M", "do": "fail"}],
    },
    {
        "name": "customers marked vip pay half at once",
        "match": {"payLink": {"attributes.customer_vip": {"present": True}}},
        "timeline": [{"at": "PT1M", "do": "pay", "amount": "half"}],
    },
    {
        "name": "VIP mandates sign within minutes",
        "match": {"mandate": {"reference": {"regex": "^VIP-[0-9]+$"}}},
        "timeline": [{"at": "PT1M", "do": "authorize"}, {"at": "PT2M", "do": "confirm"}],
    },
]

OWN_SCENARIO = {
    "seed": 11,
    "clock": {"start": at(0), "mode": "manual"},
    "tenants": [{"customer": "4200", "apiKeys": [{"key": "rules-key"}], "rules": OWN_RULES}],
}


@pytest.fixture
async def own(gql, control):
    """A tenant with OWN_RULES: its (gql, control) pair."""
    status, tenant = await control.post("/_mock/tenants", {"scenario": OWN_SCENARIO})
    assert status == 201, tenant
    return replace(gql, key=tenant["apiKey"]), replace(control, key=tenant["apiKey"])


async def test_a_tenants_own_rule_comes_before_the_builtin_default(own):
    gql, control = own
    link = await create_paylink(gql, "15497", personName="Slow Payer")

    after_an_hour = await paylink_after(gql, control, link["id"], "PT1H")
    after_two = await paylink_after(gql, control, link["id"], "PT1H")
    after_three = await paylink_after(gql, control, link["id"], "PT1H")

    assert after_an_hour["status"] == "ready"
    assert (after_two["status"], after_two["updatedOn"]) == ("started", at(120))
    assert after_three == {
        "id": link["id"],
        "status": "partially_paid",
        "amountPaid": 500,
        "updatedOn": at(180),
    }


async def test_a_paylink_no_own_rule_matches_follows_the_builtin_rules(own):
    gql, control = own
    link = await create_paylink(gql, "15497", personName="Quick Payer")

    paid = await paylink_after(gql, control, link["id"], "PT30M")

    assert (paid["status"], paid["amountPaid"]) == ("paid", 15497)


async def test_the_first_matching_own_rule_wins(own):
    gql, control = own
    # Matches both "slow payer" and "large amounts fail"; the slow payer comes first.
    link = await create_paylink(gql, "150000", personName="Slow Payer")

    assert (await paylink_after(gql, control, link["id"], "PT1H"))["status"] == "ready"


@pytest.mark.parametrize(
    ("reference", "expected"), [("A-1", "cancelled"), ("A-2", "cancelled"), ("A-3", "paid")]
)
async def test_a_one_of_condition_matches_any_listed_value(own, reference, expected):
    gql, control = own
    link = await create_paylink(gql, "15497", invoiceReference=reference)

    assert (await paylink_after(gql, control, link["id"], "PT30M"))["status"] == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("99999", "ready"),
        ("100000", "failed"),
        ("150000", "failed"),
        ("200000", "failed"),
        ("200100", "ready"),
    ],
)
async def test_min_and_max_conditions_bound_the_amount_inclusively(own, amount, expected):
    gql, control = own
    link = await create_paylink(gql, amount)

    # After a minute only the "large amounts fail" rule has acted; the built-in ones wait 5.
    assert (await paylink_after(gql, control, link["id"], "PT1M"))["status"] == expected


async def test_an_attribute_presence_condition_reads_the_paylinks_attributes(own):
    gql, control = own
    vip = await create_paylink(gql, "15497", attributes=[{"id": "vip", "value": "yes"}])
    other = await create_paylink(gql, "15497", attributes=[{"id": "source", "value": "web"}])

    await advance(control, "PT1M")

    assert await find_paylink(gql, vip["id"]) == {
        "id": vip["id"],
        "status": "partially_paid",
        "amountPaid": 7748,
        "updatedOn": at(1),
    }
    assert (await find_paylink(gql, other["id"]))["status"] == "ready"


@pytest.mark.parametrize(
    ("reference", "expected"), [("VIP-42", "success"), ("XVIP-42", "new"), ("VIP-4a", "new")]
)
async def test_a_regex_condition_matches_the_mandate_reference(own, reference, expected):
    gql, control = own
    mandate = await create_mandate(gql, reference)

    await advance(control, "PT2M")

    assert (await find_mandate(gql, mandate["id"]))["status"] == expected


async def test_a_tenants_own_rules_do_not_reach_other_tenants(gql, control, own):
    link = await create_paylink(gql, "15497", personName="Slow Payer")

    assert (await paylink_after(gql, control, link["id"], "PT30M"))["status"] == "paid"


# ---------------------------------------------------------------- GET /_mock/magic


def ends_with(name: str, suffix: str) -> dict:
    return {name: {"endsWith": suffix}}


def visit(after: str) -> dict:
    return {"after": after, "do": "visit"}


# The tables above, row by row: (match, timeline), in the order they are tried.
MAGIC_TABLE = [
    ({"payLink": ends_with("invoiceAmount", "01")}, [visit("PT5M"), {"after": "PT5M", "do": "fail"}]),
    ({"payLink": ends_with("invoiceAmount", "02")}, [visit("PT5M"), {"after": "PT5M", "do": "cancel"}]),
    (
        {"payLink": ends_with("invoiceAmount", "03")},
        [visit("PT5M"), {"after": "PT25M", "do": "pay", "amount": "half"}],
    ),
    ({"payLink": ends_with("invoiceAmount", "04")}, []),
    ({"payLink": ends_with("invoiceAmount", "05")}, [visit("PT5M")]),
    ({"payLink": {}}, [{"at": "PT5M", "do": "visit"}, {"at": "PT30M", "do": "pay"}]),
    ({"mandate": ends_with("reference", "-NEW")}, []),
    ({"mandate": ends_with("reference", "-PENDING")}, [{"at": "PT10M", "do": "authorize"}]),
    ({"mandate": {}}, [{"at": "PT10M", "do": "authorize"}, {"at": "PT1H", "do": "confirm"}]),
]


async def test_magic_lists_every_builtin_rule_in_the_order_they_are_tried(control):
    status, body = await control.get("/_mock/magic")

    assert status == 200, body
    assert [(rule["match"], rule.get("timeline", [])) for rule in body["rules"]] == MAGIC_TABLE


async def test_magic_names_every_rule(control):
    _, body = await control.get("/_mock/magic")

    names = [rule["name"] for rule in body["rules"]]
    assert all(names)
    assert len(set(names)) == len(names)


def test_the_builtin_rules_are_read_once_and_shared_frozen():
    """Every tenant shares one reading of builtin_rules.yaml, so none may change it for the others."""
    rules = builtin_rules()

    assert builtin_rules() is rules
    with pytest.raises(ValidationError):
        rules[0].name = "changed"
