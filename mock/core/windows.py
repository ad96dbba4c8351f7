"""Windows of a tenant's local time, written "HH:MM-HH:MM", and weekly schedules of them: the one
reading shared by the import schedule, a voice script's calling window and the IsTimeInInterval node.

What a window means, for all three: it opens at its first time and closes at its second, which is no
longer inside. A window that closes before it opens runs across midnight: "22:00-02:00" on a Monday
opens Monday 22:00 and closes Tuesday 02:00 (it belongs to the day it opens). "24:00" closes a window
at the end of its day and never opens one, so "00:00-24:00" is the whole day. A window that opens and
closes at the same time is refused: it would be empty, or the whole day, and nobody can tell which.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, GetPydanticSchema
from pydantic_core import CoreSchema, core_schema

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)  # in the order of date.weekday()

DAY = timedelta(days=1)
EXPECTED = "expected a window of the tenant's local time as HH:MM-HH:MM, e.g. 08:00-09:30"
# Two digits each, so that "9-5" or "9:00-17:00" is refused rather than guessed at.
_WINDOW = re.compile(r"([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})")
# The same rule for editors; it cannot say "open and close differ", which the models check.
_HH_MM = "([01][0-9]|2[0-3]):[0-5][0-9]"
PATTERN = f"^{_HH_MM}-({_HH_MM}|24:00)$"


@dataclass(frozen=True)
class TimeWindow:
    """A window of local time; `closes` is time(0) for "24:00", which `closes_at_24` remembers,
    because datetime.time has no 24:00 and the text must come back as it was written."""

    opens: time
    closes: time
    closes_at_24: bool = False

    @classmethod
    def parse(cls, text: object) -> "TimeWindow":
        """A window from its text; a ValueError says what was expected and what came."""
        match = _WINDOW.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{EXPECTED}, got {text!r}")
        open_hour, open_minute, close_hour, close_minute = map(int, match.groups())
        if open_hour == 24 and open_minute == 0:
            raise ValueError(
                f"expected a window that opens before 24:00 (24:00 only closes one), got {text!r}"
            )
        closes_at_24 = (close_hour, close_minute) == (24, 0)
        if open_hour > 23 or open_minute > 59 or (close_hour > 23 and not closes_at_24) or close_minute > 59:
            raise ValueError(f"{EXPECTED}, hours 00-23 and minutes 00-59 (24:00 may close one), got {text!r}")
        if (open_hour, open_minute) == (close_hour, close_minute):
            raise ValueError(
                f"expected a window that closes at another time than it opens "
                f"(00:00-24:00 is the whole day), got {text!r}"
            )
        return cls(time(open_hour, open_minute), time(close_hour % 24, close_minute), closes_at_24)

    def __str__(self) -> str:
        closes = "24:00" if self.closes_at_24 else f"{self.closes:%H:%M}"
        return f"{self.opens:%H:%M}-{closes}"

    @property
    def length(self) -> timedelta:
        """How long the window is open: across midnight when it closes before it opens."""
        return (_since_midnight(self.closes) - _since_midnight(self.opens)) % DAY or DAY

    def contains(self, moment: time) -> bool:
        """Whether a local time of day falls inside the window (IsTimeInInterval's question)."""
        return (_since_midnight(moment) - _since_midnight(self.opens)) % DAY < self.length

    def on(self, day: date, timezone: ZoneInfo) -> tuple[datetime, datetime]:
        """When the window opens on `day` and when it closes, as UTC moments: compared as local
        times of one zone, Python would ignore the hour a DST change repeats or skips."""
        opens = datetime.combine(day, self.opens, timezone)
        close_day = day + DAY if _since_midnight(self.opens) + self.length >= DAY else day
        closes = datetime.combine(close_day, self.closes, timezone)
        return opens.astimezone(UTC), closes.astimezone(UTC)

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: GetCoreSchemaHandler) -> CoreSchema:
        # Held parsed in the models; a JSON dump (state files, /_mock/magic) writes the text back,
        # a Python dump keeps the window (pydantic would otherwise make the dataclass a dict).
        return core_schema.no_info_plain_validator_function(
            _validated_window, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, _schema: CoreSchema, _handler: GetJsonSchemaHandler) -> dict:
        return dict(WINDOW_JSON_SCHEMA)


WINDOW_JSON_SCHEMA = {
    "type": "string",
    "pattern": PATTERN,
    "description": "local time HH:MM-HH:MM; a close before the open runs across midnight, 24:00 closes at "
    "midnight, open and close must differ",
    "examples": ["08:00-09:30", "22:00-02:00", "00:00-24:00"],
}


def _validated_window(value: object) -> TimeWindow:
    return value if isinstance(value, TimeWindow) else TimeWindow.parse(value)


def _since_midnight(moment: time) -> timedelta:
    return timedelta(
        hours=moment.hour, minutes=moment.minute, seconds=moment.second, microseconds=moment.microsecond
    )


def _not_a_weekday(_windows: object) -> None:
    # Called for a key that is none of the seven days, so the error is reported at that key.
    raise ValueError(f"expected a weekday in lowercase English: {', '.join(WEEKDAYS)}")


def _weekly_core_schema(_source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
    windows = handler.generate_schema(list[TimeWindow])
    return core_schema.typed_dict_schema(
        {day: core_schema.typed_dict_field(windows, required=False) for day in WEEKDAYS},
        extra_behavior="allow",
        extras_schema=core_schema.no_info_plain_validator_function(_not_a_weekday),
    )


def _weekly_json_schema(_schema: CoreSchema, _handler: GetJsonSchemaHandler) -> dict:
    return {
        "type": "object",
        "propertyNames": {"enum": list(WEEKDAYS)},
        "additionalProperties": {"type": "array", "items": dict(WINDOW_JSON_SCHEMA)},
    }


# Windows per weekday; a day that is not there has none. As a pydantic field, a key that is no
# weekday is an error at that key (a plain dict[Weekday, ...] would report it at a "[key]" part).
WeeklyWindows = Annotated[
    dict[Weekday, list[TimeWindow]], GetPydanticSchema(_weekly_core_schema, _weekly_json_schema)
]


def next_window_start(
    now: datetime, schedule: dict[Weekday, list[TimeWindow]], timezone: ZoneInfo
) -> datetime:
    """The moment something sent at `now` starts: now when a window is open, else the next opening,
    in the tenant's time zone. An empty schedule means at once."""
    today = now.astimezone(timezone).date()
    # From yesterday, whose window may run across midnight into today, to the same weekday next week.
    for day in (today + DAY * offset for offset in range(-1, 8)):
        for opens, closes in sorted(
            window.on(day, timezone) for window in schedule.get(WEEKDAYS[day.weekday()], [])
        ):
            if opens <= now < closes:
                return now
            if opens > now:  # days and their windows come in the order they open
                return opens.astimezone(timezone)
    return now
