"""One log record per webhook attempt, for `serve` to print: the event, the URL (never a
password), the status or the error, and which attempt it was."""

import logging
from datetime import timedelta

from reminders_mock.webhooks import dispatcher
from tests.webhooks.helpers import ScriptedTransport, paylink_event


async def test_each_attempt_is_logged_with_event_url_status_or_error_and_attempt(sandbox, caplog):
    url = "http://shop:url-secret@a.test/hook"
    fake = ScriptedTransport({url: [500, "refused"]})
    box = sandbox({"url": url, "username": "shop", "password": "spec-secret"}, via=fake)
    caplog.set_level(logging.INFO, logger=dispatcher.__name__)

    paylink_event(box.tenant)
    await box.clock.advance(by=timedelta(minutes=10))  # retries after 1 and 5 minutes
    [delivery] = box.webhooks.deliveries()
    await box.webhooks.redeliver(delivery.id)

    records = [r for r in caplog.records if r.name == dispatcher.__name__]
    assert [r.levelno for r in records] == [logging.INFO] * 4
    assert [r.getMessage() for r in records] == [
        "webhook PayLinkPaid to http://shop:***@a.test/hook: 500 (attempt 1, customer 6500)",
        "webhook PayLinkPaid to http://shop:***@a.test/hook: "
        f"could not connect to {url}: refused (attempt 2, customer 6500)".replace("url-secret", "***"),
        "webhook PayLinkPaid to http://shop:***@a.test/hook: 200 (attempt 3, customer 6500)",
        "webhook PayLinkPaid to http://shop:***@a.test/hook: 200 (redelivery 4, customer 6500)",
    ]
