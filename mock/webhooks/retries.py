"""When a failed webhook attempt is tried again: the retry profiles and the endpoint's Retry-After."""

from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

# Waits between attempts, in minutes on the simulated clock; after the last, the delivery fails.
RETRY_MINUTES: dict[str, tuple[int, ...]] = {
    "default": (1, 5, 30, 120, 360, 1440),
    # Stripe retries "for up to three days": 71 hours in all, so a retry never passes the third day.
    "stripe": (60, 120, 240, 480, 960, 1440, 960),
    # Mollie: 10 tries over 26 hours.
    "mollie": (1, 2, 4, 8, 16, 32, 120, 480, 900),
    "none": (),
    # CALLR counts a webhook's tries 0 to 9 (its log searches "try number 0..9"): ten tries,
    # waits doubling from a minute.
    "callr": (1, 2, 4, 8, 16, 32, 64, 128, 256),
}

# Statuses whose Retry-After is honoured, as the payment platforms do.
RETRY_AFTER_STATUSES = frozenset({429, 503})
# A receiver's Retry-After cannot park an event longer than the longest step of a profile.
MAX_RETRY_AFTER = timedelta(days=1)


def wait_before_retry(profile: str, tries: int) -> timedelta | None:
    """The wait after the `tries`-th failed attempt, or None when the profile is used up."""
    minutes = RETRY_MINUTES[profile]
    return timedelta(minutes=minutes[tries - 1]) if tries <= len(minutes) else None


def retry_after(value: str | None, real_now: float) -> timedelta | None:
    """A Retry-After header (seconds, or an HTTP date measured against real time) as a wait."""
    if value is None:
        return None
    value = value.strip()
    if value.isdecimal():
        seconds = float(value)
    else:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        # '-0000' dates come back naive; HTTP dates are GMT.
        seconds = moment.replace(tzinfo=moment.tzinfo or UTC).timestamp() - real_now
    return timedelta(seconds=min(max(seconds, 0.0), MAX_RETRY_AFTER.total_seconds()))
