"""A message sent for a job of a mail or SMS script, and the statuses it passes through.

How a message fares is data, decided by its recipient: MESSAGE_OUTCOMES below, also served
by GET /_mock/magic. Each step is a status and the seconds after the job started; a message
without a recipient fails at once.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Channel = Literal["mail", "sms"]
Timeline = list[tuple[str, int]]

MESSAGE_OUTCOMES: dict[str, dict[str, Any]] = {
    "sms": {
        "default": [["sent", 0], ["delivered", 5]],
        "numberEndsWith": {"0009": [["sent", 0], ["failed", 5]]},
    },
    "mail": {
        "default": [["sent", 0], ["delivered", 30]],
        "localPartEndsWith": {
            "+fail": [["sent", 0], ["failed", 30]],
            "+bounce": [["sent", 0], ["bounced", 30]],
        },
    },
}
NO_RECIPIENT: Timeline = [("failed", 0)]


def outcome(channel: Channel, to: str) -> Timeline:
    """The statuses a message to `to` passes through, by MESSAGE_OUTCOMES."""
    if not to:
        return NO_RECIPIENT
    table = MESSAGE_OUTCOMES[channel]
    if channel == "sms":
        magic, key = table["numberEndsWith"], to
    else:
        magic, key = table["localPartEndsWith"], to.rpartition("@")[0].lower()
    steps = next((steps for suffix, steps in magic.items() if key.endswith(suffix)), table["default"])
    return [(status, seconds) for status, seconds in steps]


@dataclass
class StatusChange:
    status: str
    at: datetime


@dataclass
class Message:
    id: str
    job_id: str
    script_id: str
    reference: str
    channel: Channel
    to: str
    subject: str | None
    text: str
    status: str
    created_on: datetime
    updated_on: datetime
    history: list[StatusChange] = field(default_factory=list)

    def move(self, status: str, now: datetime) -> None:
        self.status, self.updated_on = status, now
        self.history.append(StatusChange(status, now))
