"""POST|GET|DELETE /_mock/webhooks/endpoints: endpoints added to and removed from a running tenant."""

from pathlib import Path

from reminders_mock import state_file
from reminders_mock.control.common import REGISTRY
from reminders_mock.scenario.models import WebhookSpec
from tests.sandbox import advance, create_paylink

SECRET = "whsec_c2VjcmV0LXNlY3JldA=="
ENDPOINTS = "/_mock/webhooks/endpoints"


async def test_an_added_endpoint_receives_the_events_from_then_on(client, control, gql, receiver):
    hook = await receiver()
    status, endpoint = await control.post(ENDPOINTS, {"url": hook.url, "username": "shop", "password": "pw"})
    assert status == 201, endpoint
    link = await create_paylink(gql)
    await control.post(f"/_mock/paylinks/{link['id']}/pay")
    assert [r.headers["Authorization"].startswith("Basic ") for r in hook.requests] == [True, True]
    assert [b'"PayLinkVisited"' in hook.requests[0].body, b'"PayLinkPaid"' in hook.requests[1].body] == [
        True,
        True,
    ]


async def test_the_answer_shows_the_endpoint_but_never_its_password_or_secret(control):
    status, endpoint = await control.post(
        ENDPOINTS, {"url": "inbox:shop", "username": "shop", "password": "pw-1", "secret": SECRET}
    )
    assert status == 201
    assert endpoint["id"].startswith("we_")
    assert endpoint["url"] == "inbox:shop"
    assert sorted(endpoint["events"]) == ["PayLinkPaid", "PayLinkVisited", "VoiceCallCompleted"]
    assert (endpoint["hasPassword"], endpoint["hasSecret"]) == (True, True)
    assert "pw-1" not in str(endpoint) and SECRET not in str(endpoint)


async def test_a_plain_url_is_an_endpoint_and_the_list_holds_every_one(control):
    first = (await control.post(ENDPOINTS, "inbox:one"))[1]
    second = (await control.post(ENDPOINTS, {"url": "inbox:two", "format": "legacy"}))[1]
    status, listed = await control.get(ENDPOINTS)
    assert status == 200
    assert listed["endpoints"] == [first, second]
    assert second["events"] == ["VoiceCallCompleted"]
    assert first["id"] != second["id"]


async def test_the_scenarios_endpoints_are_listed_with_ids(client, control):
    world = client.app[REGISTRY].create_tenant(webhooks=[WebhookSpec.model_validate("inbox:configured")])
    control.key = world.tenant.api_keys[0].key
    [endpoint] = (await control.get(ENDPOINTS))[1]["endpoints"]
    assert endpoint["url"] == "inbox:configured" and endpoint["id"].startswith("we_")


async def test_a_bad_endpoint_is_refused_naming_each_field_and_nothing_is_added(control):
    status, answer = await control.post(ENDPOINTS, {"url": "ftp://shop", "events": ["Nope"], "timeout": 0})
    assert status == 400
    message = answer["error"]["message"]
    assert "url: expected an http or https URL" in message
    assert "events: expected event names" in message and "timeout:" in message
    assert (await control.get(ENDPOINTS))[1] == {"endpoints": []}


async def test_removing_an_endpoint_cancels_what_was_waiting_for_it(control, gql, receiver):
    hook = await receiver(500)
    endpoint = (await control.post(ENDPOINTS, {"url": hook.url, "events": ["PayLinkPaid"]}))[1]
    link = await create_paylink(gql)
    await control.post(f"/_mock/paylinks/{link['id']}/pay")
    assert len(hook.requests) == 1  # failed: a retry is scheduled

    answer = await control.client.delete(
        f"{ENDPOINTS}/{endpoint['id']}", headers={"X-AUTH-TOKEN": "demo-key"}
    )
    assert answer.status == 204
    await advance(control, "P3D")
    assert len(hook.requests) == 1
    [delivery] = (await control.get("/_mock/webhooks/deliveries"))[1]["deliveries"]
    assert (delivery["status"], delivery["nextAttemptOn"]) == ("cancelled", None)
    assert (await control.get(ENDPOINTS))[1] == {"endpoints": []}
    status, refused = await control.post(f"/_mock/webhooks/deliveries/{delivery['id']}/redeliver")
    assert (status, refused["error"]["code"]) == (409, "INVALID_STATE")


async def test_removing_an_unknown_endpoint_is_a_404_in_json(control):
    answer = await control.client.delete(f"{ENDPOINTS}/we_nope", headers={"X-AUTH-TOKEN": "demo-key"})
    assert answer.status == 404
    assert "we_nope" in (await answer.json())["error"]["message"]


async def test_endpoints_added_at_run_time_survive_a_snapshot(control):
    endpoint = (await control.post(ENDPOINTS, "inbox:kept"))[1]
    taken = (await control.get("/_mock/snapshot"))[1]
    await control.client.delete(f"{ENDPOINTS}/{endpoint['id']}", headers={"X-AUTH-TOKEN": "demo-key"})
    assert (await control.put("/_mock/snapshot", taken))[0] == 200
    assert (await control.get(ENDPOINTS))[1]["endpoints"] == [endpoint]


async def test_endpoints_added_at_run_time_survive_the_state_file(client, control, tmp_path: Path):
    endpoint = (await control.post(ENDPOINTS, {"url": "inbox:kept", "secret": SECRET}))[1]
    registry = client.app[REGISTRY]
    state_file.save(registry, tmp_path / "state.json")
    world = registry.reset(registry.find("demo-key"))
    assert world.webhooks.endpoints() == []
    state_file.load(registry, tmp_path / "state.json")
    assert (await control.get(ENDPOINTS))[1]["endpoints"] == [endpoint]
