"""Whatever body or parameters a client sends to the Call API, the answer is one of its documented
codes with a JSON body: never a 500, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reminders_mock.scenario.ccai import ALL_CALL_TYPES
from tests.faces.ccai.helpers import CALLS, CallApi

CALL_TYPES = [*ALL_CALL_TYPES, "InvalidCallType"]
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
# Values near the documented ones, so the checks deep in each call type are reached too.
FIELDS = {
    "call_type": st.sampled_from(CALL_TYPES) | ANY_JSON,
    "agent_email": st.sampled_from(["admin@somedomain.com", "agent@somedomain.com", "allen@somedomain.com"])
    | ANY_JSON,
    "end_user_number": st.sampled_from(["+1 859-657-9625", "+1 205-123-4567", "123123", "+1 859-657-0001"])
    | ANY_JSON,
    "outbound_number": st.sampled_from(["+1 339-219-5276", "+1 760-867-5309"]) | ANY_JSON,
    "ticket_id": st.sampled_from(["71450", "76517", 1]) | ANY_JSON,
    "menu_id": st.sampled_from([9, 50, 12, 9999, "menu_999", "9"]) | ANY_JSON,
    "call_id": ANY_JSON,
    "lang": st.sampled_from(["en", "fr", "xy", "nl"]) | ANY_JSON,
    "scheduled_at": st.sampled_from(["2030-01-01T00:00:00Z", "2019-09-15T00:19:14.421Z", "tomorrow"])
    | ANY_JSON,
    "recording_permission": st.sampled_from(["recording_permission_granted", "x"]) | ANY_JSON,
}
BODIES = st.fixed_dictionaries({}, optional=FIELDS) | ANY_JSON


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, advance=st.booleans())
async def test_any_body_gets_a_documented_code_with_json(client, body, advance):
    api = CallApi(client)
    status, answer = await api.create(body)
    assert status in (200, 201, 202, 400), answer
    assert isinstance(answer, dict)
    if status == 201:
        assert (await api.call(answer["id"]))["id"] == answer["id"]
        if advance:
            await api.advance("PT1H")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(path=st.text(max_size=12), flags=ANY_JSON, method=st.sampled_from(["GET", "PATCH", "DELETE"]))
async def test_any_call_path_or_flag_body_gets_json(client, path, flags, method):
    status, answer = await CallApi(client)(method, f"{CALLS}/{path}/customer_flag", flags)
    assert status in (200, 400, 404) and isinstance(answer, dict)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
# A login holding ':' cannot be sent as basic auth at all (RFC 7617), so none is drawn.
@given(
    login=st.text(st.characters(exclude_characters=":", exclude_categories=["Cs"]), max_size=10),
    secret=st.text(max_size=10),
    body=BODIES,
)
async def test_wrong_credentials_get_401_with_json(client, login, secret, body):
    status, answer = await CallApi(client, login or "x", secret or "y").create(body)
    assert status == 401 and "message" in answer


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested at most"),  # past Python's own recursion limit
        ('{"call_type": "' + "\\ud800" + '"}', "call_type: expected text"),  # a lone surrogate
        ('{"call_type": ', "expected JSON"),
    ],
)
async def test_a_body_that_is_not_usable_json_is_a_400_with_a_message(client, body, expected):
    api = CallApi(client)
    response = await client.post(CALLS, data=body, headers=api.headers())
    assert response.status == 400
    assert expected in (await response.json())["message"]
