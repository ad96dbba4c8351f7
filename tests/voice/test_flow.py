"""Call flows: the built-in flows walk the documented webhook examples, and any flow walks sanely."""

from datetime import UTC, date, datetime, timedelta
from typing import get_args
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reminders_mock.scenario.flows import Flow, NodeType, builtin_flow, flow_of
from reminders_mock.scenario.models import ScriptSpec
from reminders_mock.voice.flow import CallContext, Callee, walk
from tests.voice.examples import LEGACY_EXAMPLE, NEWER_EXAMPLE

HUMAN = Callee()
MAN = CallContext(gender="M")
START = datetime(2020, 5, 6, 8, 42, 48, tzinfo=UTC)  # the legacy example's createdOn
ANSWERS = get_args(Callee.__dataclass_fields__["answer"].type)
STATUSES = {"finished", "no answer", "busy", "rejected", "invalid number", "failed"}


def events_of(flow: str, callee: Callee = HUMAN, context: CallContext = MAN, started: datetime = START):
    return [event.as_json() for event in walk(builtin_flow(flow), callee, started, context).events]


def path(events: list[dict]) -> list[tuple[str, str, str]]:
    return [(event["nodeId"], event["nodeType"], event["type"]) for event in events]


def results(events: list[dict]) -> list[str]:
    return [event["data"]["result"] for event in events if event["nodeType"] == "AddResult" and event["data"]]


# The built-in flows against the documented examples


def test_outbound_v1_walks_the_legacy_example_event_for_event():
    started = datetime.fromisoformat(LEGACY_EXAMPLE["createdOn"])
    outcome = walk(builtin_flow("outbound-v1"), HUMAN, started, MAN)
    walked = {event["order"]: event for event in (e.as_json() for e in outcome.events)}
    # The example leaves out events it numbers (orders 4, 6, 28, 30, 39): every event it does
    # report is walked with the same order, node, type, data and time.
    assert [walked.get(event["order"]) for event in LEGACY_EXAMPLE["events"]] == LEGACY_EXAMPLE["events"]
    assert outcome.status == LEGACY_EXAMPLE["status"] == "finished"
    assert outcome.answered_on == datetime.fromisoformat(LEGACY_EXAMPLE["answeredOn"])
    assert outcome.ended_on == datetime.fromisoformat(LEGACY_EXAMPLE["updatedOn"])


def test_outbound_v1_reports_the_results_the_legacy_example_leaves_out():
    walked = {event["order"]: event for event in events_of("outbound-v1")}
    assert sorted(set(walked) - {event["order"] for event in LEGACY_EXAMPLE["events"]}) == [4, 6, 28, 30]
    assert walked[6]["data"] == {"detected": "HUMAN", "outcome": "no"}
    assert [walked[order]["type"] for order in (4, 6, 28, 30)] == ["NodeResult"] * 4


def test_outbound_v2_walks_the_newer_example_event_for_event():
    # The example's platform took 3 s from answering to the first node; the mock takes 1 s.
    started = datetime(2022, 9, 8, 14, 23, 6, tzinfo=UTC)
    callee = Callee(keys=("3",), hang_up_after=9)
    outcome = walk(builtin_flow("outbound-v2"), callee, started, MAN)
    assert [event.as_json() for event in outcome.events] == NEWER_EXAMPLE["data"]["events"]
    assert outcome.status == NEWER_EXAMPLE["data"]["status"]
    assert outcome.answered_on == started + timedelta(seconds=6)
    assert outcome.ended_on == datetime(2022, 9, 8, 14, 23, 33, tzinfo=UTC)


def test_outbound_v2_without_keys_times_out_and_hangs_up_after_success():
    events = events_of("outbound-v2")
    assert [node for node, _, kind in path(events) if kind == "NodeStart"] == [
        "vm_beep", "vm_wait_for_silence", "name", "invoice_reference", "vmresult", "text2", "success",
        "text3", "text4",
    ]  # fmt: skip
    assert events[-1] | {"time": None} == {
        "nodeId": "exit", "nodeType": "Hangup", "order": 20, "type": "NodeResult", "data": [], "time": None,
    }  # fmt: skip
    assert next(e["data"] for e in events if e["nodeId"] == "text3" and e["type"] == "NodeResult") == {
        "input": [],
        "outcome": "timeout",
    }
    assert results(events) == ["success-ok"]


def test_outbound_v2_is_the_default_flow():
    assert flow_of(None) == builtin_flow("outbound-v2")
    assert flow_of("outbound-v1") == builtin_flow("outbound-v1")
    assert flow_of(None, default="outbound-v1") == builtin_flow("outbound-v1")
    written = Flow(start="bye", nodes=[{"id": "bye", "type": "Hangup"}])
    assert flow_of(written) is written


def test_an_unknown_builtin_flow_names_the_ones_there_are():
    with pytest.raises(KeyError) as caught:
        builtin_flow("outbound-v9")
    assert str(caught.value) == (
        "no built-in call flow 'outbound-v9'; the built-in flows are: outbound-v1, outbound-v2"
    )


# Answering


@pytest.mark.parametrize("answer", ["busy", "no answer", "rejected", "invalid number", "failed"])
@pytest.mark.parametrize("flow", ["outbound-v1", "outbound-v2"])
def test_a_call_not_answered_has_its_status_and_no_events(flow, answer):
    outcome = walk(builtin_flow(flow), Callee(answer=answer), START, MAN)
    assert (outcome.status, outcome.answered_on, outcome.events) == (answer, None, ())
    ring = timedelta(seconds=30 if answer == "no answer" else 5)
    assert outcome.ended_on == START + ring


@pytest.mark.parametrize("flow", ["outbound-v1", "outbound-v2"])
def test_a_machine_gets_the_voicemail_message_and_no_success(flow):
    outcome = walk(builtin_flow(flow), Callee(answer="machine"), START, MAN)
    events = [event.as_json() for event in outcome.events]
    assert outcome.status == "finished" and outcome.answered_on == START + timedelta(seconds=6)
    detection = next(e for e in events if e["nodeType"] == "IsRemoteVoiceMail" and e["type"] == "NodeResult")
    assert detection["data"] == {"detected": "MACHINE", "outcome": "yes"}
    assert ("vm_message", "Sound", "NodeStart") in path(events)
    assert results(events) == ["voicemail"]
    assert path(events)[-1] == ("exit", "Hangup", "NodeResult")


# Menus


def test_tone_1_forwards_the_call_and_ends_it():
    events = events_of("outbound-v2", Callee(keys=("1",)))
    assert path(events)[-2:] == [("forward", "Forward", "NodeStart"), ("forward", "Forward", "NodeResult")]
    assert events[-3]["data"] == {"input": ["1"], "outcome": "tone:1"}


def test_tone_3_plays_the_text_message_path():
    events = events_of("outbound-v2", Callee(keys=("3",)))
    assert [node for node, _, kind in path(events) if kind == "NodeStart"][-2:] == [
        "pre_send_sms",
        "send_sms",
    ]
    assert results(events) == ["success-ok", "send-sms"]
    assert path(events)[-1] == ("exit", "Hangup", "NodeResult")


def test_keys_go_to_the_menus_in_turn_and_an_empty_key_is_a_timeout():
    events = events_of("outbound-v1", Callee(keys=("", "3")))
    menus = [e["data"] for e in events if e["nodeType"] == "DTMF" and e["type"] == "NodeResult"]
    assert menus == [{"input": [], "outcome": "timeout"}, {"input": ["3"], "outcome": "tone:3"}]
    assert results(events) == ["success-ok", "send-sms"]


def test_a_tone_the_menu_does_not_know_takes_its_default_way():
    events = events_of("outbound-v1", Callee(keys=("9", "9")))
    menus = [e["data"] for e in events if e["nodeType"] == "DTMF" and e["type"] == "NodeResult"]
    assert menus == [{"input": ["9"], "outcome": "tone:9"}] * 2
    assert path(events)[-1] == ("exit", "Hangup", "NodeResult")


def test_a_dtmf_string_reports_every_digit():
    flow = Flow(
        start="pin",
        nodes=[
            {"id": "pin", "type": "DTMFString", "length": "PT8S", "next": {"timeout": "pin"}},
        ],
    )
    events = walk(flow, Callee(keys=("", "12#")), START, MAN).events
    assert [event.data for event in events if event.type == "NodeResult"] == [
        {"input": [], "outcome": "timeout"},  # asked again
        {"input": ["1", "2", "#"], "outcome": "string:12#"},  # no way on: the call ends
    ]


# Hanging up


def test_the_person_hanging_up_ends_the_call_with_remote_hangup_last():
    outcome = walk(builtin_flow("outbound-v1"), Callee(hang_up_after=4), START, MAN)
    events = [event.as_json() for event in outcome.events]
    assert path(events)[-2:] == [
        ("text10", "Sound", "NodeStart"),
        ("remote_hangup", "RemoteHangup", "RemoteHangup"),
    ]
    assert events[-1]["data"] == [] and events[-1]["order"] == events[-2]["order"] + 1
    assert results(events) == [] and outcome.status == "finished"
    assert outcome.ended_on == datetime.fromisoformat(events[-1]["time"])


def test_hanging_up_at_once_leaves_only_remote_hangup():
    events = events_of("outbound-v2", Callee(hang_up_after=0))
    assert path(events) == [
        ("vm_beep", "Sound", "NodeStart"),
        ("remote_hangup", "RemoteHangup", "RemoteHangup"),
    ]


def test_hanging_up_after_the_flow_ended_changes_nothing():
    assert events_of("outbound-v2", Callee(hang_up_after=100)) == events_of("outbound-v2")


# What the flow asks about the call


def test_gender_and_birthday_choose_the_greeting():
    woman = events_of("outbound-v1", context=CallContext(gender="F", birthday=date(1980, 12, 31)))
    assert next(e["data"] for e in woman if e["nodeId"] == "filter" and e["type"] == "NodeResult") == {
        "gender": "F",
        "age": 40,  # years subtracted, as the platform does
        "outcome": "woman",
    }
    assert ("text11f", "Sound", "NodeStart") in path(woman)
    unknown = events_of("outbound-v1", context=CallContext())
    assert next(e["data"] for e in unknown if e["nodeId"] == "filter" and e["type"] == "NodeResult") == {
        "gender": "U",
        "age": 2020,
        "outcome": "unknown",
    }
    assert ("text11u", "Sound", "NodeStart") in path(unknown)


def questions_flow() -> Flow:
    """One node per question, each outcome going to a node named after it, so the path shows the answers."""
    asks = ["IsCallOutbound", "CheckCallAttempt", "IsRemoteMobile", "IsTimeInInterval", "CheckCounter"]
    nodes = []
    for number, ask in enumerate(asks):
        after = f"q{number + 1}" if number + 1 < len(asks) else "end"
        nodes.append({"id": f"q{number}", "type": ask, "length": "PT0S", "next": {"default": after}})
        nodes[-1]["next"] |= {outcome: f"q{number}-{outcome}" for outcome in ("yes", "no", "1", "2")}
        nodes += [
            {"id": f"q{number}-{outcome}", "type": "Sound", "length": "PT1S", "next": {"default": after}}
            for outcome in ("yes", "no", "1", "2")
        ]
    nodes[3 * 5]["interval"] = "09:00-17:00"
    return Flow(start="q0", nodes=[*nodes, {"id": "end", "type": "Hangup"}])


def answers(context: CallContext, started: datetime = START) -> list[str]:
    events = walk(questions_flow(), HUMAN, started, context).events
    return [e.node_id for e in events if e.type == "NodeStart" and "-" in e.node_id]


def test_the_flow_asks_about_direction_attempt_phone_and_hours():
    assert answers(CallContext()) == ["q0-yes", "q1-1", "q2-yes", "q3-yes"]  # 10:43 in Amsterdam
    assert answers(CallContext(outbound=False, attempt=2, remote_mobile=False)) == [
        "q0-no",
        "q1-2",
        "q2-no",
        "q3-yes",
    ]
    evening = datetime(2020, 5, 6, 16, 0, tzinfo=UTC)  # 18:00 in Amsterdam, 16:00 in London
    assert answers(CallContext(), evening)[-1] == "q3-no"
    assert answers(CallContext(timezone=ZoneInfo("Europe/London")), evening)[-1] == "q3-no"
    assert (
        answers(CallContext(timezone=ZoneInfo("Europe/London")), evening - timedelta(hours=1))[-1] == "q3-yes"
    )


def test_an_interval_across_midnight():
    flow = Flow(
        start="night",
        nodes=[
            {"id": "night", "type": "IsTimeInInterval", "interval": "22:00-06:00", "next": {"yes": "dark"}},
            {"id": "dark", "type": "Hangup"},
        ],
    )
    late = walk(flow, HUMAN, datetime(2020, 5, 6, 23, 0, tzinfo=UTC), CallContext(timezone=UTC))
    noon = walk(flow, HUMAN, datetime(2020, 5, 6, 12, 0, tzinfo=UTC), CallContext(timezone=UTC))
    assert late.events[-1].node_id == "dark" and noon.events[-1].node_id == "night"


def test_a_flow_that_loops_ends_after_200_nodes():
    flow = Flow(start="again", nodes=[{"id": "again", "type": "Sound", "next": {"default": "again"}}])
    outcome = walk(flow, HUMAN, START, MAN)
    assert sum(e.type == "NodeStart" for e in outcome.events) == 200
    assert outcome.status == "finished" and outcome.events[-1].type == "NodeResult"


# Flows written out


@pytest.mark.parametrize(
    ("nodes", "start", "message"),
    [
        (
            [{"id": "a", "type": "Sound"}, {"id": "a", "type": "Hangup"}],
            "a",
            "node 'a' appears more than once",
        ),
        ([{"id": "a", "type": "Sound"}], "b", "start node 'b' is not one of the nodes"),
        (
            [{"id": "a", "type": "Sound", "next": {"default": "nowhere"}}],
            "a",
            "node 'a': next 'default' goes to unknown node 'nowhere'",
        ),
        ([{"id": "ok", "type": "AddResult"}], "ok", "node 'ok': an AddResult node needs a result"),
        (
            [{"id": "hours", "type": "IsTimeInInterval"}],
            "hours",
            "node 'hours': an IsTimeInInterval node needs",
        ),
        (
            [{"id": "hours", "type": "IsTimeInInterval", "interval": "9-5"}],
            "hours",
            "nodes.0.interval\n.*expected a window of the tenant's local time as HH:MM-HH:MM, .* got '9-5'",
        ),
    ],
)
def test_a_bad_flow_is_refused_naming_the_node(nodes, start, message):
    with pytest.raises(ValidationError, match=message):
        Flow(start=start, nodes=nodes)


def test_a_node_of_an_unknown_type_or_a_negative_length_is_refused():
    with pytest.raises(ValidationError, match="type"):
        Flow(start="a", nodes=[{"id": "a", "type": "Beep"}])
    with pytest.raises(ValidationError, match="length"):
        Flow(start="a", nodes=[{"id": "a", "type": "Sound", "length": "-PT1S"}])


def test_unquoted_yes_and_no_in_yaml_are_outcomes():
    flow = Flow.model_validate(
        yaml.safe_load(
            "start: vm\n"
            "nodes:\n"
            "- {id: vm, type: IsRemoteVoiceMail, next: {yes: a, no: a}}\n"
            "- {id: a, type: Hangup}"
        )
    )
    assert flow.nodes[0].next == {"yes": "a", "no": "a"}


def test_a_script_takes_its_flow_by_name_or_written_out():
    assert ScriptSpec(id="1", medium="voice", flow="outbound-v1").flow == "outbound-v1"
    assert ScriptSpec(id="1", medium="voice").flow is None
    written = ScriptSpec.model_validate(
        {"id": "1", "medium": "voice", "flow": {"start": "bye", "nodes": [{"id": "bye", "type": "Hangup"}]}}
    )
    assert isinstance(written.flow, Flow) and written.flow.start == "bye"
    with pytest.raises(ValidationError, match="start node 'nope'"):
        ScriptSpec.model_validate(
            {
                "id": "1",
                "medium": "voice",
                "flow": {"start": "nope", "nodes": [{"id": "bye", "type": "Hangup"}]},
            }
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"answer": "maybe"}, "answer"), ({"keys": ("1a",)}, "keys"), ({"hang_up_after": -1}, "hang_up_after")],
)
def test_a_callee_that_cannot_be_is_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        Callee(**arguments)


# Any flow, any callee


OUTCOMES = ["default", "yes", "no", "timeout", "tone:1", "tone:3", "man", "woman", "unknown", "1", "2"]


@st.composite
def flows(draw) -> Flow:
    ids = [f"n{number}" for number in range(draw(st.integers(1, 7)))]
    nodes = []
    for node_id in ids:
        kind = draw(st.sampled_from(get_args(NodeType)))
        node = {
            "id": node_id,
            "type": kind,
            "length": timedelta(seconds=draw(st.sampled_from([0, 0.3, 1, 3, 12.6]))),
            "next": draw(st.dictionaries(st.sampled_from(OUTCOMES), st.sampled_from(ids), max_size=4)),
        }
        if kind == "AddResult":
            node["result"] = "success-ok"
        if kind == "IsTimeInInterval":
            node["interval"] = draw(st.sampled_from(["09:00-17:00", "22:00-06:00", "00:00-24:00"]))
        nodes.append(node)
    return Flow(start=draw(st.sampled_from(ids)), nodes=nodes)


callees = st.builds(
    Callee,
    answer=st.sampled_from(ANSWERS),
    keys=st.lists(st.text("0123456789*#", max_size=3), max_size=4).map(tuple),
    hang_up_after=st.none() | st.integers(0, 12),
)
contexts = st.builds(
    CallContext,
    outbound=st.booleans(),
    attempt=st.integers(1, 5),
    remote_mobile=st.booleans(),
    gender=st.sampled_from(["M", "F", "U"]),
    birthday=st.none() | st.dates(date(1900, 1, 1), date(2020, 1, 1)),
    timezone=st.sampled_from([ZoneInfo("Europe/Amsterdam"), ZoneInfo("America/New_York"), UTC]),
)
starts = st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(flows(), callees, starts, contexts)
def test_any_walk_is_ordered_in_time_and_ends(flow, callee, started, context):
    outcome = walk(flow, callee, started, context)
    events = outcome.events
    answered = callee.answer in ("human", "machine")
    assert outcome.status in STATUSES
    assert (outcome.status == "finished") == answered
    assert (outcome.answered_on is not None) == answered
    assert bool(events) == answered
    assert outcome.ended_on >= started
    orders = [event.order for event in events]
    assert orders == sorted(set(orders)) and all(order > 0 for order in orders)
    times = [event.time for event in events]
    assert times == sorted(times)
    if answered:
        assert outcome.answered_on <= times[0] and times[-1] == outcome.ended_on
    for before, event in zip([None, *events], events, strict=False):
        if event.type == "NodeResult" and event.node_type != "Hangup":
            assert before is not None and (before.node_id, before.type) == (event.node_id, "NodeStart")
        if event.type == "RemoteHangup" or (
            event.node_type in ("Hangup", "Forward") and event.type == "NodeResult"
        ):
            assert event is events[-1]
        assert event.type in ("NodeStart", "NodeResult", "RemoteHangup")
    assert sum(event.type == "NodeStart" for event in events) <= 200
