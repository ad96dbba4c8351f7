"""Which events an endpoint receives: the documented ones unless it asks for more (`events:` a
list, or `all`), and a `legacy` endpoint, a 2022 voice integration, only the legacy call body."""

from typing import Any

import pytest

from reminders_mock.scenario.loader import load_scenario
from tests.sandbox import advance, create_mandate, create_paylink

DOCUMENTED = {"PayLinkVisited", "PayLinkPaid", "VoiceCallCompleted"}
EXTENSIONS = {"PayLinkCancelled", "PayLinkFailed", "PayLinkExpired", "MandateStatusChanged"}
LEGACY_CALL = "VoiceCallCompleted (legacy body)"
SCRIPT_6512 = "31513703800"  # the local number of the default scenario's voice script 6512


async def every_event_in_a_tenant_with(control, gql, *webhooks: dict[str, Any]) -> None:
    """A fresh tenant with these endpoints, where every webhook event happens within two hours."""
    status, tenant = await control.post("/_mock/tenants", {"webhooks": list(webhooks)})
    assert status == 201, tenant
    control.key = gql.key = tenant["apiKey"]
    await create_paylink(gql, "15497")  # visited after 5 minutes, paid after 30
    await create_paylink(gql, "15401")  # visited, the payment fails
    await create_paylink(gql, "15402")  # visited, cancelled
    never_visited = await create_paylink(gql, "15404")
    status, _ = await control.post(f"/_mock/paylinks/{never_visited['id']}/expire")
    assert status == 200
    await create_mandate(gql, "AC-HUUR")  # pending, then success
    status, _ = await control.post("/_mock/voice/inbound", {"from": "anonymous", "to": SCRIPT_6512})
    assert status == 200
    await advance(control, "PT2H")


async def received(control, inbox: str) -> list[str]:
    """The event of every body an inbox received; a legacy call body names no event."""
    status, found = await control.get(f"/_mock/inbox/{inbox}")
    assert status == 200, found
    return [r["body"].get("event", LEGACY_CALL) for r in found["requests"]]


async def test_an_endpoint_without_events_receives_only_the_documented_events(control, gql):
    await every_event_in_a_tenant_with(
        control, gql, {"url": "inbox:plain"}, {"url": "inbox:all", "events": "all"}
    )

    plain = await received(control, "plain")
    assert set(plain) == DOCUMENTED
    assert sorted(plain) == sorted(
        ["PayLinkVisited"] * 3 + ["PayLinkPaid", "VoiceCallCompleted"]
    )  # three links visited, one paid, one call
    assert set(await received(control, "all")) == DOCUMENTED | EXTENSIONS  # they did happen


async def test_an_endpoint_receives_the_extensions_it_lists_and_nothing_it_leaves_out(control, gql):
    await every_event_in_a_tenant_with(
        control, gql, {"url": "inbox:mandates", "events": ["MandateStatusChanged"]}
    )

    assert await received(control, "mandates") == ["MandateStatusChanged", "MandateStatusChanged"]


async def test_a_legacy_endpoint_receives_only_the_legacy_call_body(control, gql):
    await every_event_in_a_tenant_with(control, gql, {"url": "inbox:legacy", "format": "legacy"})

    assert await received(control, "legacy") == [LEGACY_CALL]


async def test_a_legacy_endpoint_that_lists_paylink_events_gets_them_in_the_envelope(control, gql):
    events = ["VoiceCallCompleted", "PayLinkPaid"]
    await every_event_in_a_tenant_with(
        control, gql, {"url": "inbox:legacy", "format": "legacy", "events": events}
    )

    assert sorted(await received(control, "legacy")) == sorted(["PayLinkPaid", LEGACY_CALL])


@pytest.mark.parametrize(
    ("name", "not_all"), [("webhook-demo", []), ("failures", ["http://127.0.0.1:9003/webhooks"])]
)
def test_the_shipped_demos_ask_for_the_extension_events_they_show(name, not_all):
    endpoints = load_scenario(name).tenants[0].webhooks

    assert [e.url for e in endpoints if not all(e.receives(x) for x in EXTENSIONS)] == not_all


async def test_magic_serves_the_webhook_events_and_what_an_endpoint_gets_by_default(control):
    status, magic = await control.get("/_mock/magic")

    assert status == 200
    assert magic["webhooks"] == {
        "documented": ["PayLinkVisited", "PayLinkPaid", "VoiceCallCompleted"],
        "extensions": ["PayLinkCancelled", "PayLinkFailed", "PayLinkExpired", "MandateStatusChanged"],
        "defaultEvents": {
            "envelope": ["PayLinkVisited", "PayLinkPaid", "VoiceCallCompleted"],
            "legacy": ["VoiceCallCompleted"],
        },
    }
