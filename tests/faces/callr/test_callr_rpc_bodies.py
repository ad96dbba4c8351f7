"""Whatever a body holds, the endpoint answers HTTP 200 with one JSON-RPC answer: `jsonrpc` 2.0,
an `id`, and exactly one of `result` or `error {code, message, data}`; never a 500."""

import base64
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reminders_mock.faces.callr.methods import METHODS

BASIC = {"Authorization": "Basic " + base64.b64encode(b"demo:demo-password").decode()}


async def post(client, body: bytes) -> dict[str, Any]:
    response = await client.post("/json-rpc/v1.1/", data=body, headers=BASIC)
    assert response.status == 200, await response.text()
    answer = await response.json()
    assert answer["jsonrpc"] == "2.0" and "id" in answer
    assert ("result" in answer) != ("error" in answer), answer
    if "error" in answer:
        assert isinstance(answer["error"]["code"], int) and isinstance(answer["error"]["message"], str)
        assert set(answer["error"]) == {"code", "message", "data"}
    return answer


def request(method: Any = "system.get_timestamp", params: Any = None, **fields: Any) -> bytes:
    return json.dumps(
        {"id": 1, "jsonrpc": "2.0", "method": method, "params": params or [], **fields}
    ).encode()


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        (b'{"id": 1, "method": ', "PARSE_ERROR", -32700),
        (b"\xff\xfe", "PARSE_ERROR", -32700),
        (b"[" * 100_000 + b"]" * 100_000, "PARSE_ERROR", -32700),  # Python's own recursion limit
        (request(params=["\ud800"]), "PARSE_ERROR", -32700),  # text UTF-8 cannot hold
        (json.dumps([json.loads(request())]).encode(), "INVALID_REQUEST [batch]", -32600),
        (b'{"id": 1, "jsonrpc": "2.0", "params": []}', "INVALID_REQUEST [method]", -32600),
        (request(params={"hash": "X"}), "INVALID_REQUEST [params]", -32600),
        (
            b'{"id": 1, "jsonrpc": "2.0", "method": "sms.get", "params": {"hash": "X"}}',
            "INVALID_REQUEST [params]",
            -32600,
        ),
        (request("sms.unknown"), "METHOD_NOT_FOUND [sms.unknown]", -32601),
        (request(jsonrpc="1.0"), "INVALID_REQUEST [jsonrpc]", -32600),
        (b'"just a string"', "INVALID_REQUEST", -32600),
        (request("sms.get", ["A", "B"]), "INVALID_PARAM_COUNT [sms.get]", -32602),
    ],
)
async def test_a_malformed_request_gets_a_clear_json_rpc_error(client, body, message, code):
    answer = await post(client, body)
    assert (answer["error"]["message"], answer["error"]["code"]) == (message, code)


async def test_the_answer_carries_the_requests_id(client):
    body = json.dumps({"id": "abc", "jsonrpc": "2.0", "method": "sms.get", "params": ["NOPE"]}).encode()
    assert (await post(client, body))["id"] == "abc"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
calls = st.builds(
    lambda method, params, call_id: json.dumps(
        {"id": call_id, "jsonrpc": "2.0", "method": method, "params": params}
    ).encode(),
    st.sampled_from(sorted(METHODS)) | st.text(max_size=20),
    st.lists(json_values, max_size=6) | json_values,
    st.integers() | st.text(max_size=5) | st.none(),
)
bodies = calls | json_values.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=64)


# One app for every example: what it stored before cannot make a later body answer a 500.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
async def test_any_body_gets_one_json_rpc_answer_and_never_a_500(client, body):
    await post(client, body)
