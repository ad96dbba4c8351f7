"""Voice and messaging from end to end: records imported through GraphQL reach people by phone,
SMS and mail on the clock, calls arrive as VoiceCallCompleted webhooks in both documented formats,
and a message's landing-page URL works."""

from tests.documented.shape import shape_differences
from tests.sandbox import advance
from tests.voice.examples import LEGACY_EXAMPLE, NEWER_EXAMPLE

ADD_ROWS = "mutation($rows: [RowInput!]) { import { addRecords(rows: $rows) { records { status } } } }"
BY_REFERENCE = """query($ref: String!) {
  payLink { payLinks(filters: {attributes: [{id: "reference", equalTo: $ref}]}) { items { id status } } } }"""


def record(reference: str, script: str, **fields) -> dict:
    return {
        "reference": reference,
        "script": script,
        "personFamilyName": "Alphacomm",
        "toMailAddress": "reminders@alphacomm.nl",
        "toPhoneNumbers": ["+31612345678"],
        "invoiceDescription": "Example payment",
        "invoiceDate": "2019-04-04",
        "invoiceReference": "40824524",
        "invoiceCurrency": "EUR",
        "invoiceAmount": "56400",
        **fields,
    }


def event_shapes(body: dict) -> set[tuple]:
    """What an events list is made of: (node type, event type, data keys) of every event."""
    return {
        (e["nodeType"], e["type"], tuple(e["data"]) if isinstance(e["data"], dict) else "[]")
        for e in body["events"]
    }


async def test_a_voice_record_advanced_a_day_sends_both_documented_webhook_bodies(gql, control):
    webhooks = [{"url": "inbox:legacy", "format": "legacy"}, {"url": "inbox:new", "format": "envelope"}]
    status, tenant = await control.post("/_mock/tenants", {"webhooks": webhooks})
    assert status == 201
    control.key = gql.key = tenant["apiKey"]
    await gql.ok(ADD_ROWS, {"rows": [record("CALL-1", "6512")]})

    await advance(control, by="P1D")

    _, legacy_inbox = await control.get("/_mock/inbox/legacy")
    _, new_inbox = await control.get("/_mock/inbox/new")
    [legacy] = [r["body"] for r in legacy_inbox["requests"] if r["body"].get("direction")]
    [new] = [r["body"] for r in new_inbox["requests"] if r["body"]["event"] == "VoiceCallCompleted"]
    assert list(legacy) == list(LEGACY_EXAMPLE)
    assert legacy["attributes"]["reference"] == "CALL-1"
    assert set(legacy["attributes"]) == set(LEGACY_EXAMPLE["attributes"])
    assert event_shapes(legacy) >= event_shapes(LEGACY_EXAMPLE)  # every documented node, event and data shape
    assert legacy["localNumber"] == "31513703800" and legacy["remoteNumber"] == "31612345678"
    assert {k: v for k, v in new.items() if k != "data"} | {"data": {}} == {
        **{k: new[k] for k in NEWER_EXAMPLE if k != "data"},
        "data": {},
    }
    assert set(new) == set(NEWER_EXAMPLE) and new["service"] == "voice" and new["reference"] == "CALL-1"
    assert set(new["data"]) == set(NEWER_EXAMPLE["data"])
    assert shape_differences(new["data"]["events"][0], NEWER_EXAMPLE["data"]["events"][0]) == []
    assert ("AddResult", "NodeResult", ("result",)) in event_shapes(new["data"])


async def open_page(client, url: str):
    """Follows the mock's own redirects (a short URL names the long one) inside the test server."""
    response = await client.get(url.removeprefix("http://mock.test"), allow_redirects=False)
    while response.status in (301, 302, 303):
        response = await client.get(
            response.headers["Location"].removeprefix("http://mock.test"), allow_redirects=False
        )
    return response


async def test_sms_and_mail_carry_a_working_landing_page_url_of_the_paylink_found_by_reference(
    client, gql, control
):
    # Amounts ending in 04: the simulated payer never comes, so the test is the one who visits.
    rows = [record("SMS-1", "1003", invoiceAmount="56404"), record("MAIL-1", "1001", invoiceAmount="56404")]
    await gql.ok(ADD_ROWS, {"rows": rows})
    await advance(control, by="PT3H")  # past the import window

    _, sms = await control.get("/_mock/messages?reference=SMS-1")
    _, mail = await control.get("/_mock/messages?reference=MAIL-1")
    for found, reference in ((sms, "SMS-1"), (mail, "MAIL-1")):
        [message] = found["messages"]
        [url] = [word for word in message["text"].split() if word.startswith("http://mock.test/")]
        page = await open_page(client, url)
        [link] = (await gql.ok(BY_REFERENCE, {"ref": reference}))["payLink"]["payLinks"]["items"]
        assert message["status"] == "delivered"
        assert page.status == 200 and "€ 564,04" in await page.text()
        assert link["id"] in page.url.path
        assert link["status"] == "started"  # opening the page was the payer's visit
