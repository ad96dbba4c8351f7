"""Configuring an endpoint, wherever it is configured (a scenario file, POST /_mock/tenants,
`serve --webhook`): an unknown event name or a URL that is neither http(s) nor `inbox:NAME` is
refused naming the field and what it expects; a plain URL string is an endpoint with defaults;
`--webhook legacy:URL` chooses the legacy body."""

import json
import urllib.request

import jsonschema
import pytest

from reminders_mock.cli import main
from reminders_mock.scenario.loader import scenario_json_schema
from tests.sandbox import advance, create_paylink
from tests.served import serve
from tests.test_cli import free_port

VALID_NAMES = (
    "PayLinkVisited, PayLinkPaid, VoiceCallCompleted, "
    "PayLinkCancelled, PayLinkFailed, PayLinkExpired, MandateStatusChanged"
)
TENANT = """clock: {start: '2024-01-01T00:00:00+00:00'}
tenants:
  - customer: '1'
    apiKeys: [{key: k}]
    webhooks:
"""


def scenario_file(tmp_path, *endpoints: str):
    path = tmp_path / "hooks.yaml"
    path.write_text(TENANT + "".join(f"      - {endpoint}\n" for endpoint in endpoints))
    return path


# ---------------------------------------------------------------- scenario files


def test_validate_refuses_an_unknown_event_naming_the_field_and_the_valid_names(tmp_path, capsys):
    path = scenario_file(tmp_path, "{url: 'inbox:x', events: [PayLinkPaid, PayLinkPayed]}")

    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:6: tenants[0].webhooks[0].events: expected event names from {VALID_NAMES}, "
        "or all; 'PayLinkPayed' is not one of them"
    ]


@pytest.mark.parametrize(
    "url", ["ftp://example.test/hooks", "localhost:3000/hooks", "http:///hooks", "inbox:", "inbox:a/b"]
)
def test_validate_refuses_a_url_that_is_not_http_or_an_inbox(tmp_path, capsys, url):
    path = scenario_file(tmp_path, f"{{url: '{url}'}}")

    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:6: tenants[0].webhooks[0].url: expected an http or https URL or inbox:NAME "
        "(letters, digits, '.', '_', '~' and '-' in NAME)"
    ]


def test_validate_takes_a_plain_url_string_and_events_all(tmp_path, capsys):
    path = scenario_file(tmp_path, "https://example.test/hooks", "{url: 'inbox:demo', events: all}")

    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


def test_the_scenario_schema_lets_an_endpoint_be_a_url_string_and_events_all():
    data = {
        "clock": {"start": "2024-01-01T00:00:00+00:00"},
        "tenants": [
            {
                "customer": "1",
                "apiKeys": [{"key": "k"}],
                "webhooks": ["inbox:a", {"url": "inbox:b", "events": "all"}],
            }
        ],
    }

    jsonschema.validate(data, scenario_json_schema())


@pytest.mark.parametrize(
    ("endpoint", "field", "expected"),
    [
        ("{url: 'inbox:x', username: 'a:b'}", "username", "expected a user name without ':'"),
        ("{url: 'inbox:x', secret: whsec_}", "secret", "expected a Standard Webhooks secret"),
        ("{url: 'inbox:x', secret: 'whsec_%%%'}", "secret", "expected a Standard Webhooks secret"),
    ],
)
def test_validate_refuses_credentials_the_webhook_cannot_carry(tmp_path, capsys, endpoint, field, expected):
    """Refused where the endpoint is read, so serve never meets them when it builds the tenant."""
    path = scenario_file(tmp_path, endpoint)

    assert main(["validate", str(path)]) == 1
    [problem] = capsys.readouterr().out.splitlines()
    assert problem.startswith(f"{path}:6: tenants[0].webhooks[0].{field}: {expected}")


# ---------------------------------------------------------------- POST /_mock/tenants


async def test_a_new_tenant_with_an_unknown_event_is_refused_and_nothing_is_made(control):
    _, before = await control.get("/_mock/health")

    status, answer = await control.post(
        "/_mock/tenants", {"webhooks": [{"url": "inbox:x", "events": ["PayLinkPayed"]}]}
    )

    assert status == 400
    assert answer["error"]["field"] == "webhooks[0].events"
    assert answer["error"]["message"].startswith(
        f"webhooks[0].events: expected event names from {VALID_NAMES}, or all; "
        "'PayLinkPayed' is not one of them"
    )
    _, after = await control.get("/_mock/health")
    assert after["tenants"] == before["tenants"]


@pytest.mark.parametrize("endpoint", ["ftp://example.test/hooks", {"url": "mailto:shop@example.test"}])
async def test_a_new_tenant_with_a_url_that_is_not_http_or_an_inbox_is_refused(control, endpoint):
    status, answer = await control.post("/_mock/tenants", {"webhooks": [endpoint]})

    assert status == 400
    assert answer["error"]["field"] == "webhooks[0].url"
    assert "expected an http or https URL or inbox:NAME" in answer["error"]["message"]


@pytest.mark.parametrize(
    ("endpoint", "field"), [({"username": "a:b"}, "username"), ({"secret": "whsec_"}, "secret")]
)
async def test_a_new_tenant_with_credentials_the_webhook_cannot_carry_is_refused(control, endpoint, field):
    _, before = await control.get("/_mock/health")

    status, answer = await control.post("/_mock/tenants", {"webhooks": [{"url": "inbox:x", **endpoint}]})

    assert status == 400, answer
    assert answer["error"]["field"] == f"webhooks[0].{field}"
    _, after = await control.get("/_mock/health")
    assert after["tenants"] == before["tenants"]


async def test_a_new_tenant_takes_a_plain_url_string_as_an_endpoint(control, gql):
    status, tenant = await control.post("/_mock/tenants", {"webhooks": ["inbox:plain"]})
    assert status == 201, tenant
    control.key = gql.key = tenant["apiKey"]
    await create_paylink(gql, "15497")

    await advance(control, "PT1H")

    _, inbox = await control.get("/_mock/inbox/plain")
    assert [r["body"]["event"] for r in inbox["requests"]] == ["PayLinkVisited", "PayLinkPaid"]


# ---------------------------------------------------------------- serve --webhook


def call(base: str, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "X-AUTH-TOKEN": "demo-key"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


@pytest.fixture
def served_with_webhooks(tmp_path):
    """`serve` with a legacy endpoint and one given as a JSON object, as a user starts it."""
    running = serve(
        tmp_path,
        *("--webhook", "legacy:inbox:calls"),
        *("--webhook", '{"url": "inbox:everything", "events": "all"}'),
        *("--webhook", f"http://shop:not-for-logs@127.0.0.1:{free_port()}/hooks"),  # nobody listens
    )
    yield running
    if running.process.poll() is None:
        running.stop()


def test_serve_webhook_legacy_prefix_sends_the_legacy_call_body_and_takes_an_endpoint_object(
    served_with_webhooks,
):
    base = served_with_webhooks.url
    call(base, "POST", "/_mock/voice/inbound", {"from": "anonymous", "to": "31513703800"})
    call(base, "POST", "/_mock/mandates/a6e8b63c-927f-476b-8d47-d323e20e1a4f/authorize")  # an extension
    call(base, "POST", "/_mock/clock/advance", {"by": "PT10M"})

    calls = [r["body"] for r in call(base, "GET", "/_mock/inbox/calls")["requests"]]
    everything = [r["body"]["event"] for r in call(base, "GET", "/_mock/inbox/everything")["requests"]]
    [legacy] = calls
    assert "event" not in legacy and legacy["direction"] == "inbound"  # the voice V1 body
    assert sorted(everything) == ["MandateStatusChanged", "VoiceCallCompleted"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ftp://example.test/hooks", "expected an http or https URL or inbox:NAME"),
        ('{"url": "inbox:x", "events": ["PayLinkPayed"]}', "'PayLinkPayed' is not one of them"),
        ('{"url": "inbox:x"', "expected a URL, legacy:URL or an endpoint as a JSON object"),
    ],
)
def test_serve_refuses_a_bad_webhook_naming_the_option(capsys, given, expected):
    # The options are checked before anything is served; were --webhook not checked, the missing
    # scenario would stop serve all the same, instead of leaving a server running.
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--webhook", given, "--scenario", "no-such-scenario.yaml"])

    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "argument --webhook" in error and expected in error


def test_serve_shows_each_endpoint_and_logs_each_attempt_without_a_password(served_with_webhooks):
    base = served_with_webhooks.url
    call(base, "POST", "/_mock/voice/inbound", {"from": "anonymous", "to": "31513703800"})
    call(base, "POST", "/_mock/clock/advance", {"by": "PT10M"})
    printed = "".join(served_with_webhooks.stop())  # the banner on stdout, the log on stderr

    assert "customer 6500  webhooks to inbox:calls (legacy body)" in printed
    assert "webhook VoiceCallCompleted to inbox:calls: 200 (attempt 1, customer 6500)" in printed
    assert "webhook VoiceCallCompleted to http://shop:***@127.0.0.1:" in printed  # refused, then retried
    assert "(attempt 2, customer 6500)" in printed
    assert "not-for-logs" not in printed
