"""When a failed attempt is tried again: profile steps and the endpoint's Retry-After."""

from datetime import timedelta
from email.utils import formatdate

import pytest

from reminders_mock.webhooks.retries import MAX_RETRY_AFTER, retry_after, wait_before_retry

REAL_NOW = 1_718_186_400.0  # 2024-06-12T10:00:00Z


def test_the_default_profile_waits_a_minute_then_five_then_gives_up_after_six_retries():
    assert wait_before_retry("default", 1) == timedelta(minutes=1)
    assert wait_before_retry("default", 2) == timedelta(minutes=5)
    assert wait_before_retry("default", 6) == timedelta(hours=24)
    assert wait_before_retry("default", 7) is None


def test_the_none_profile_never_retries():
    assert wait_before_retry("none", 1) is None


@pytest.mark.parametrize(
    ("header", "wait"),
    [
        ("120", timedelta(minutes=2)),
        (" 0 ", timedelta(0)),
        (formatdate(REAL_NOW + 90, usegmt=True), timedelta(seconds=90)),
        (formatdate(REAL_NOW - 90, usegmt=True), timedelta(0)),  # a date gone by: try again at once
        ("99999999999999999999", MAX_RETRY_AFTER),
        (None, None),
        ("soon", None),
        ("-5", None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date_against_real_time(header, wait):
    assert retry_after(header, REAL_NOW) == wait
