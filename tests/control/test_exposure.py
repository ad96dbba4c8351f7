"""Who can reach what: new tenants' keys and seeds come from the system, their number is capped,
the control API asks for an admin token when the server has one, and secrets never show in full
in the journal, the delivery log or the server's log."""

import logging
import socket
from dataclasses import replace

import pytest

from reminders_mock import cli
from reminders_mock.app import create_app
from reminders_mock.cli import main
from reminders_mock.cli import server as serving_cli
from reminders_mock.cli.serve import ADMIN_TOKEN_VARIABLE
from tests.conftest import PUBLIC_URL, Control
from tests.sandbox import create_paylink

PASSWORD = "s3cret-webhook-pass"


def free_port() -> int:
    """A port nothing listens on: a webhook sent there is refused, and retried."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def new_tenant(control, body: dict | None = None) -> dict:
    status, tenant = await control.post("/_mock/tenants", body or {})
    assert status == 201, tenant
    return tenant


async def next_paylink_id(gql, key: str) -> str:
    """The id of a PayLink the tenant makes now: the same request gets the same id on one seed."""
    return (await create_paylink(replace(gql, key=key)))["id"]


# ---------------------------------------------------------------- keys and seeds


async def test_a_tenant_made_without_a_seed_gets_a_fresh_one_so_its_ids_are_not_the_served_tenants(
    gql, control
):
    tenant = await new_tenant(control)

    assert isinstance(tenant["seed"], int) and tenant["seed"] != 1  # 1: the default scenario's
    assert await next_paylink_id(gql, tenant["apiKey"]) != await next_paylink_id(gql, "demo-key")


async def test_the_seed_a_tenant_was_given_replays_its_ids(gql, control):
    first = await new_tenant(control)
    again = await new_tenant(control, {"seed": first["seed"]})

    assert await next_paylink_id(gql, first["apiKey"]) == await next_paylink_id(gql, again["apiKey"])


async def test_keys_come_from_the_system_not_the_seed(aiohttp_client, scenario):
    """Two servers of one scenario used to hand their first new tenants the same key."""
    keys = set()
    for _ in range(2):
        control = Control(await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL)))
        keys.add((await new_tenant(control, {"seed": 5}))["apiKey"])

    assert len(keys) == 2


async def test_the_number_of_tenants_is_capped_with_a_clear_error(aiohttp_client, scenario):
    control = Control(await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, max_tenants=2)))
    await new_tenant(control)

    status, body = await control.post("/_mock/tenants", {})

    assert status == 409, body
    assert body["error"]["code"] == "TENANT_LIMIT"
    assert "at most 2" in body["error"]["message"] and "--max-tenants" in body["error"]["message"]
    _, health = await control.get("/_mock/health")
    assert health["tenants"] == 2


# ---------------------------------------------------------------- the admin token


@pytest.fixture
async def guarded(aiohttp_client, scenario):
    return await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, admin_token="admin-t0ken"))


@pytest.mark.parametrize("path", ["/_mock/clock", "/_mock/requests", "/_mock/snapshot"])
async def test_with_an_admin_token_the_control_api_refuses_requests_without_it(guarded, path):
    response = await guarded.get(path, headers={"X-AUTH-TOKEN": "demo-key"})
    body = await response.json()

    assert response.status == 401, body
    assert body["error"]["code"] == "UNAUTHENTICATED"
    assert body["error"]["message"].startswith("X-Admin-Token: expected the server's admin token")


async def test_a_wrong_admin_token_is_refused_and_tenant_creation_needs_it_too(guarded):
    wrong = {"X-AUTH-TOKEN": "demo-key", "X-Admin-Token": "admin-t0keN"}
    response = await guarded.post("/_mock/tenants", json={}, headers=wrong)

    assert response.status == 401
    _, health = await Control(guarded).get("/_mock/health")
    assert health["tenants"] == 1


@pytest.mark.parametrize(
    "header", [{"X-Admin-Token": "admin-t0ken"}, {"Authorization": "Bearer admin-t0ken"}]
)
async def test_the_admin_token_opens_the_control_api_in_either_header(guarded, header):
    response = await guarded.post("/_mock/tenants", json={}, headers={**header})

    assert response.status == 201, await response.text()


async def test_health_and_the_graphql_api_need_no_admin_token(guarded, gql):
    assert (await guarded.get("/_mock/health")).status == 200
    assert await create_paylink(replace(gql, client=guarded))


def test_serve_off_loopback_without_an_admin_token_refuses_in_one_line(capsys):
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--admin-token" in err and "--insecure" in err


@pytest.mark.parametrize("given", [["--admin-token", "from-the-option"], []])
async def test_serve_hands_its_admin_token_to_the_control_api(aiohttp_client, monkeypatch, given):
    """From --admin-token, or from the environment, which keeps it out of the process list."""
    monkeypatch.setenv(ADMIN_TOKEN_VARIABLE, "from-the-environment")
    args = cli._parser().parse_args(["serve", *given])
    client = await aiohttp_client(serving_cli._app(args, serving_cli._scenarios_to_serve(args), PUBLIC_URL))
    token = args.admin_token

    refused = await client.get("/_mock/clock", headers={"X-AUTH-TOKEN": "demo-key"})
    opened = await client.get("/_mock/clock", headers={"X-AUTH-TOKEN": "demo-key", "X-Admin-Token": token})

    assert token == (given[1] if given else "from-the-environment")
    assert (refused.status, opened.status) == (401, 200)


# ---------------------------------------------------------------- secrets in logs


def hook_url(password: str = PASSWORD) -> str:
    return f"http://hooks:{password}@127.0.0.1:{free_port()}/hooks"


async def test_the_journal_masks_webhook_passwords_and_keys_in_bodies(control):
    webhooks = [{"url": hook_url(), "username": "hooks", "password": PASSWORD}]
    await new_tenant(control, {"webhooks": webhooks})

    status, body = await control.get("/_mock/requests")

    assert status == 200
    [entry] = [e for e in body["requests"] if e["path"] == "/_mock/tenants"]
    assert PASSWORD not in entry["body"]
    assert '"password": "***"' in entry["body"] and "hooks:***@127.0.0.1" in entry["body"]


async def test_the_delivery_log_and_the_server_log_never_show_a_urls_password(gql, control, caplog):
    tenant = await new_tenant(control, {"webhooks": [hook_url()]})
    ours = replace(control, key=tenant["apiKey"])
    link = await create_paylink(replace(gql, key=tenant["apiKey"]))

    with caplog.at_level(logging.INFO, logger="reminders_mock"):
        status, _ = await ours.post(f"/_mock/paylinks/{link['id']}/visit")
        assert status == 200
        _, log = await ours.get("/_mock/webhooks/deliveries")

    [delivery] = log["deliveries"]
    assert delivery["attempts"][0]["error"].startswith("could not connect to http://hooks:***@")
    assert PASSWORD not in str(log)
    assert caplog.messages and PASSWORD not in "\n".join(caplog.messages)
