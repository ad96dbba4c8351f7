"""Stepping the clock through the control API: `nextDue` to the fraction of a second the scheduler
keeps, `advance {"next": true}` (the next instant something is due at) and `advance {"idle": true}`
(on until nothing is due within a bound), each answering what ran."""

import pytest

from tests.sandbox import START, advance, at, create_paylink

QUARTER_PAST = "2024-06-12T08:00:00.250000+00:00"  # a quarter of a second after the scenario's start
FIRST_MIDNIGHT = "2024-06-12T22:00:00+00:00"  # the result files' first day ends (Amsterdam midnight)


async def clock_of(control) -> dict:
    status, clock = await control.get("/_mock/clock")
    assert status == 200, clock
    return clock


async def step(control, move: dict) -> dict:
    status, clock = await control.post("/_mock/clock/advance", move)
    assert status == 200, clock
    return clock


async def tenant_with_inbox(control, gql) -> None:
    """Moves `control` and `gql` onto a new tenant whose webhooks go to inbox:steps."""
    status, tenant = await control.post("/_mock/tenants", {"seed": 7, "webhooks": [{"url": "inbox:steps"}]})
    assert status == 201, tenant
    control.key = gql.key = tenant["apiKey"]


# ---------------------------------------------------------------- nextDue as the scheduler keeps it


async def test_next_due_and_now_show_the_fraction_of_a_second_the_scheduler_keeps(gql, control):
    assert (await clock_of(control))["nextDue"] == FIRST_MIDNIGHT  # whole seconds print as before
    await advance(control, to=QUARTER_PAST)
    await create_paylink(gql, amount="15497")  # visited 5 minutes on, paid 30 minutes on

    clock = await clock_of(control)

    assert clock["now"] == QUARTER_PAST
    assert clock["nextDue"] == "2024-06-12T08:05:00.250000+00:00"


async def test_advancing_to_next_due_runs_what_is_due_until_only_the_bound_is_left(gql, control):
    await advance(control, to=QUARTER_PAST)
    await create_paylink(gql, amount="15497")

    moves = []
    while (clock := await clock_of(control))["nextDue"] < FIRST_MIDNIGHT and len(moves) < 10:
        moves.append(await advance(control, to=clock["nextDue"]))

    assert [(move["now"], move["ran"]) for move in moves] == [
        ("2024-06-12T08:05:00.250000+00:00", 1),  # the visit
        ("2024-06-12T08:30:00.250000+00:00", 1),  # the payment
    ]


# ---------------------------------------------------------------- {"next": true}


async def test_advance_next_runs_every_action_due_at_the_next_instant_and_answers_what_ran(gql, control):
    await tenant_with_inbox(control, gql)
    await advance(control, to=QUARTER_PAST)
    await create_paylink(gql, amount="15497")

    clock = await step(control, {"next": True})

    # The visit, and the first attempt of the PayLinkVisited webhook it caused at that instant.
    visited = "2024-06-12T08:05:00.250000+00:00"
    assert clock["now"] == visited
    assert clock["ran"] == 2
    assert clock["actions"] == [
        {"due": visited, "action": "person.act"},
        {"due": visited, "action": "webhook.attempt"},
    ]
    assert clock["nextDue"] == "2024-06-12T08:30:00.250000+00:00"
    assert clock["pending"] == 3  # the payment, the PayLink's expiry at visibleUntil, the first midnight
    _, inbox = await control.get("/_mock/inbox/steps")
    assert [request["body"]["event"] for request in inbox["requests"]] == ["PayLinkVisited"]


async def test_advance_next_steps_instant_by_instant_as_the_schedule_says(gql, control):
    await create_paylink(gql, amount="15497")

    nows = [(await step(control, {"next": True}))["now"] for _ in range(3)]

    assert nows == [at(5), at(30), FIRST_MIDNIGHT]


# ---------------------------------------------------------------- {"idle": true}


async def test_advance_idle_runs_until_nothing_is_due_within_and_stops_at_the_last_instant(gql, control):
    await tenant_with_inbox(control, gql)
    await create_paylink(gql, amount="15497")

    clock = await step(control, {"idle": True, "within": "PT1H"})

    assert clock["now"] == at(30)  # where the world went quiet, not the bound
    assert [(action["due"], action["action"]) for action in clock["actions"]] == [
        (at(5), "person.act"),
        (at(5), "webhook.attempt"),
        (at(30), "person.act"),
        (at(30), "webhook.attempt"),
    ]
    assert clock["ran"] == 4
    assert clock["nextDue"] == FIRST_MIDNIGHT


async def test_advance_idle_without_within_looks_30_days_ahead(control):
    clock = await step(control, {"idle": True})

    # Only the result files' midnights: 12 June to 11 July, the last one before 12 July 08:00.
    assert clock["ran"] == 30
    assert clock["now"] == "2024-07-11T22:00:00+00:00"
    assert clock["nextDue"] == "2024-07-12T22:00:00+00:00"


# ---------------------------------------------------------------- the answer and its bounds


async def test_an_advance_answers_at_most_100_of_the_actions_it_ran_and_counts_them_all(control):
    clock = await step(control, {"by": "P200D"})

    assert clock["ran"] == 200  # a midnight a day
    assert len(clock["actions"]) == 100
    assert clock["actions"][0] == {"due": FIRST_MIDNIGHT, "action": "results.day"}


@pytest.mark.parametrize(
    ("move", "field", "named"),
    [
        ({"next": True, "by": "PT1H"}, "next", ["by", "next"]),
        ({"idle": True, "to": "2024-06-13T00:00:00+00:00"}, "idle", ["to", "idle"]),
        ({"next": True, "idle": True}, "idle", ["next", "idle"]),
        ({"next": False}, "next", ["true"]),
        ({"idle": "yes"}, "idle", ["true"]),
        ({"within": "P1D"}, "within", ["idle"]),
        ({"by": "PT1H", "within": "P1D"}, "within", ["idle"]),
        ({"idle": True, "within": "P367D"}, "within", ["P366D"]),
        ({"idle": True, "within": "-PT1H"}, "within", ["PT0S"]),
    ],
    ids=[
        "next-and-by",
        "idle-and-to",
        "next-and-idle",
        "next-false",
        "idle-not-true",
        "within-alone",
        "within-with-by",
        "within-too-long",
        "within-negative",
    ],
)
async def test_a_bad_step_answers_400_naming_the_field_and_moves_nothing(gql, control, move, field, named):
    await create_paylink(gql, amount="15497")
    before = await clock_of(control)

    status, body = await control.post("/_mock/clock/advance", move)

    assert status == 400, body
    assert body["error"]["code"] == "BAD_USER_INPUT"
    assert body["error"]["field"] == field
    for name in named:
        assert name in body["error"]["message"]
    assert await clock_of(control) == before


async def test_neither_by_to_next_nor_idle_lists_all_four(control):
    status, body = await control.post("/_mock/clock/advance", {})

    assert status == 400
    for name in ("by", "to", "next", "idle"):
        assert f"'{name}'" in body["error"]["message"]
    assert (await clock_of(control))["now"] == START.isoformat()
