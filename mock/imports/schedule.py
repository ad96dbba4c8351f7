"""The account's import schedule: windows per weekday, in the tenant's time zone, when queued
batches start. A batch sent inside a window starts at once; otherwise at the next window."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def next_window_start(now: datetime, schedule: dict[str, list[str]], timezone: ZoneInfo) -> datetime:
    """The moment a batch sent at `now` starts: now when a window is open, else the next opening.
    An empty schedule means the account imports at once."""
    local = now.astimezone(timezone)
    for days_ahead in range(8):
        day = local.date() + timedelta(days=days_ahead)
        for start, end in _windows(schedule, day, timezone):
            if start <= local < end:
                return now
            if start > local:
                return start
    return now


def _windows(
    schedule: dict[str, list[str]], day: date, timezone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    windows = []
    for text in sorted(schedule.get(WEEKDAYS[day.weekday()], [])):
        opens, closes = text.split("-")
        windows.append((_at(day, opens, timezone), _at(day, closes, timezone)))
    return windows


def _at(day: date, clock_time: str, timezone: ZoneInfo) -> datetime:
    hours, minutes = map(int, clock_time.split(":"))
    if hours == 24:  # "24:00" closes a window at midnight
        return datetime.combine(day + timedelta(days=1), time(0, minutes), timezone)
    return datetime.combine(day, time(hours, minutes), timezone)
