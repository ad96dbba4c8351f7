"""The official callr SDK, unchanged, against the mock: the calls of its own README."""

import base64

from tests.faces.callr.conftest import API_KEY, SENDER, Callr, sdk
from tests.sandbox import START

TO = "+31612345678"


async def test_get_timestamp_answers_the_tenants_clock(served):
    assert await served.call("system.get_timestamp") == int(START.timestamp())
    await served.mock.advance("PT1H")
    assert await served.call("system.get_timestamp") == int(START.timestamp()) + 3600


async def test_an_sms_sent_is_read_back_and_listed(served):
    sms_hash = await served.call("sms.send", SENDER, TO, "Hello, world", None)
    sms = await served.call("sms.get", sms_hash)
    assert sms["hash"] == sms_hash and sms["status"] == "CREATED"
    assert (sms["from"], sms["to"], sms["text"], sms["type"]) == (SENDER, TO, "Hello, world", "OUT")
    assert (sms["encoding"], sms["parts"], sms["b_customer_debit"]) == ("GSM", 1, "0.00")
    assert sms["date_creation"] == START.strftime("%Y-%m-%d %H:%M:%S")
    assert sms["date_sent"] is None and sms["status_error"] is None
    listed = await served.call("sms.get_list", {"type": "OUT", "to": TO}, {"offset": 0, "quantity": 10})
    assert (listed["total"], listed["has_more"], [s["hash"] for s in listed["hits"]]) == (
        1,
        False,
        [sms_hash],
    )


async def test_an_sms_moves_through_its_statuses_on_the_clock(served):
    sms_hash = await served.call("sms.send", SENDER, TO, "Héllo ✓", {"user_data": "ref42"})
    await served.mock.advance("PT1M")
    sms = await served.call("sms.get", sms_hash)
    assert (sms["status"], sms["encoding"], sms["user_data"]) == ("RECEIVED", "UNICODE", "ref42")
    assert sms["date_sent"] == "2024-06-12 08:00:02" and sms["date_received"] == "2024-06-12 08:00:05"


async def test_a_webhook_is_subscribed_and_listed(served):
    hook = await served.call("webhooks.subscribe", "sms.mt.status_update", "https://example.com/hook", None)
    assert hook["type"] == "sms.mt.status_update" and hook["status"] == "ENABLED"
    assert hook["created_at"] == "2024-06-12 08:00:00.000"
    assert [h["hash"] for h in await served.call("webhooks.get_list")] == [hook["hash"]]
    assert "sms.mo" in await served.call("webhooks.get_event_types")
    assert await served.call("webhooks.unsubscribe", hook["hash"]) is True
    assert await served.call("webhooks.get_list") == []


async def test_a_wrong_password_raises_http_code_error(served):
    api = sdk(served.mock.base, password="wrong")
    served.api = api
    error = await served.error("system.get_timestamp")
    assert (error.msg, error.code, error.data["http_code"]) == ("HTTP_CODE_ERROR", -1, 401)


async def test_a_sender_the_account_does_not_have_raises_property_value_error(served):
    error = await served.error("sms.send", "+33612345678", TO, "Hello", None)
    assert (error.msg, error.code) == ("PROPERTY_VALUE_ERROR [from]", 22)


async def test_bad_params_are_refused_in_callrs_words(served):
    assert (await served.error("sms.send", SENDER, 31612345678, "Hi", None)).msg == "PROPERTY_TYPE_ERROR [to]"
    assert (
        await served.error("sms.send", SENDER, "0612345678", "Hi", None)
    ).msg == "INVALID_PARAM_FORMAT [to]"
    assert (await served.error("sms.send", SENDER, TO, "", None)).msg == "INVALID_PARAM_FORMAT [body]"
    assert (await served.error("sms.send", SENDER, TO)).msg == "INVALID_PARAM_COUNT [sms.send]"
    assert (await served.error("sms.get", "NOSUCHID")).msg == "OBJECT_NOT_FOUND [sms]"
    assert (await served.error("no.such_method")).msg == "METHOD_NOT_FOUND [no.such_method]"
    listed = await served.call("sms.get_list", None, None)
    assert listed["total"] == 0  # nothing was stored by the refused calls


async def test_sms_settings_are_read_and_changed(served):
    assert (await served.call("sms.get_settings"))["push_mo_enabled"] is False
    changed = await served.call("sms.set_settings", {"push_mo_enabled": True})
    assert changed["push_mo_enabled"] is True and (await served.call("sms.get_settings")) == changed
    error = await served.error("sms.set_settings", {"push_mo_enabled": "yes"})
    assert error.msg == "PROPERTY_TYPE_ERROR [settings.push_mo_enabled]"
    assert (await served.call("sms.get_settings"))["push_mo_enabled"] is True


async def test_the_path_without_its_trailing_slash_answers_too(served):
    served.api = sdk(served.mock.base, path="/json-rpc/v1.1")
    assert await served.call("system.get_timestamp") == int(START.timestamp())


async def test_an_api_key_opens_the_account_and_a_wrong_one_gets_401(served):
    body = {"id": 7, "jsonrpc": "2.0", "method": "system.get_timestamp", "params": []}
    url = served.mock.base + "/json-rpc/v1.1/"
    for token, status in ((API_KEY, 200), ("wrong", 401)):
        headers = {"Authorization": f"Api-Key {token}"}
        async with served.mock.session.post(url, json=body, headers=headers) as response:
            answer = await response.json()
            assert (response.status, answer["id"], answer["jsonrpc"]) == (
                status,
                7 if status == 200 else None,
                "2.0",
            )
    basic = "Basic " + base64.b64encode(b"demo:demo-password").decode()
    async with served.mock.session.post(url, data=b"{", headers={"Authorization": basic}) as response:
        assert response.status == 200 and (await response.json())["error"]["code"] == -32700


async def test_media_get_tts_content(served):
    media_id = await served.call("media/library.create", "reminder")
    assert await served.call(
        "media/tts.set_content", media_id, "U heeft een openstaande factuur", "TTS_NL-NL_CLAIRE", None
    )
    (media,) = await served.call("media/library.get_list", 0)
    assert (media["id"], media["status"], media["voice"], media["language"]) == (
        media_id, "READY", "TTS_NL-NL_CLAIRE", ["nl_NL"]
    )  # fmt: skip
    error = await served.error("media/tts.set_content", media_id, "x", "TTS_XX", None)
    assert error.msg == "PROPERTY_VALUE_ERROR [voice]"
    assert isinstance(await served.call("sendr/simple.broadcast_1", TO, [media_id], None), int)


async def test_each_magic_ending_served_by_the_magic_table_ends_an_sms_as_it_says(served):
    table = (await served.mock.get("/_mock/magic"))["callr"]["smsOutcomes"]
    endings = {**table["numberEndsWith"], "5678": table["otherNumbers"]}
    sent = {
        await served.call("sms.send", SENDER, f"+3161234{ending}", "Hi", None): end
        for ending, end in endings.items()
    }
    await served.mock.advance("P3D")
    assert {h: (await served.call("sms.get", h))["status"] for h in sent} == sent


async def test_a_tenant_made_at_run_time_has_a_callr_account_of_its_own(served):
    made = await served.mock.ok("POST", "/_mock/tenants", {})
    own = Callr(sdk(served.mock.base, made["customer"], made["apiKey"]), served.mock)
    sms_hash = await own.call("sms.send", SENDER, TO, "Only mine", None)

    assert (await own.call("sms.get", sms_hash))["text"] == "Only mine"
    assert (await served.error("sms.get", sms_hash)).msg.startswith("OBJECT_NOT_FOUND")
    mine = await own.call("sms.get_list", {"type": "OUT"}, {"offset": 0, "quantity": 10})
    theirs = await served.call("sms.get_list", {"type": "OUT"}, {"offset": 0, "quantity": 10})
    assert [s["hash"] for s in mine["hits"]] == [sms_hash]
    assert sms_hash not in [s["hash"] for s in theirs["hits"]]
