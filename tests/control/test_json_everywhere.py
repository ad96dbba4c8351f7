"""The control API answers JSON whatever goes wrong: an unknown path, a wrong method, a query
parameter it cannot read, a duration written the wrong way."""

import pytest

KEY = {"X-AUTH-TOKEN": "demo-key"}


async def test_an_unknown_control_path_answers_json_404_listing_the_valid_paths(client):
    response = await client.get("/_mock/paylink/abc/visit", headers=KEY)

    assert response.status == 404
    assert response.content_type == "application/json"
    error = (await response.json())["error"]
    assert error["code"] == "NOT_FOUND"
    assert "/_mock/paylink/abc/visit" in error["message"]
    paths = error["paths"]
    assert "GET /_mock/clock" in paths
    assert "POST /_mock/clock/advance" in paths
    assert "POST /_mock/paylinks/{id}/{act}" in paths
    assert all(path.split(" ")[1].startswith("/_mock/") for path in paths)
    assert not [path for path in paths if path.startswith("HEAD ")]
    assert paths == sorted(set(paths), key=lambda path: (path.split(" ")[1], path))


async def test_a_wrong_method_on_a_control_path_answers_json_405(client):
    response = await client.get("/_mock/clock/advance", headers=KEY)

    assert response.status == 405
    assert response.headers["Allow"] == "POST"
    error = (await response.json())["error"]
    assert error["code"] == "METHOD_NOT_ALLOWED"
    assert error["allowed"] == ["POST"]
    assert "GET /_mock/clock/advance" in error["message"] and "POST" in error["message"]


@pytest.mark.parametrize(
    ("path", "field", "expected"),
    [
        ("/_mock/requests?limit=abc", "limit", "a whole number"),
        ("/_mock/requests?limit=-1", "limit", "a whole number"),
        ("/_mock/requests?limit=1&limit=2", "limit", "once"),
        ("/_mock/requests?limt=5", "limt", "limit"),
        ("/_mock/messages?channel=fax", "channel", "'mail' or 'sms'"),
        ("/_mock/messages?refrence=A1", "refrence", "reference"),
        ("/_mock/voice/calls?script=6512&scrip=1", "scrip", "script"),
        ("/_mock/webhooks/deliveries?status=done", "status", "pending, delivered, failed or cancelled"),
        ("/_mock/webhooks/deliveries?event=PayLinkPayed", "event", "PayLinkPaid"),
    ],
)
async def test_a_bad_query_parameter_answers_400_naming_it_and_what_was_expected(
    control, path, field, expected
):
    status, body = await control.get(path)

    assert status == 400, body
    assert body["error"]["code"] == "BAD_USER_INPUT"
    assert body["error"]["field"] == field
    assert body["error"]["message"].startswith(f"{field}: expected")
    assert expected in body["error"]["message"]


async def test_good_query_parameters_still_filter(control):
    for path in (
        "/_mock/requests?limit=0",
        "/_mock/messages?channel=sms&reference=A1",
        "/_mock/voice/calls?script=6512&reference=A1",
        "/_mock/webhooks/deliveries?status=failed&event=PayLinkPaid",
    ):
        status, body = await control.get(path)
        assert status == 200, (path, body)


async def test_advancing_by_a_duration_that_is_not_iso_8601_says_what_was_expected(control):
    status, body = await control.post("/_mock/clock/advance", {"by": "1h"})

    assert status == 400, body
    assert body["error"]["field"] == "by"
    assert body["error"]["message"] == "by: expected an ISO 8601 duration such as PT1H, got '1h'"
