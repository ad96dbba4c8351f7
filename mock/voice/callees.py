"""What the person at the other end of a call does: magic number endings pick a behaviour,
every other number is a person who listens to the end and presses nothing.

The table is data so GET /_mock/magic can serve it as it is."""

from typing import Any

from .flow import Callee

# Last four digits of the remote number → what the callee does.
MAGIC_ENDINGS: dict[str, dict[str, Any]] = {
    "0001": {"answer": "busy", "means": "the line is busy; the call is retried"},
    "0002": {"answer": "no answer", "means": "nobody picks up; the call is retried"},
    "0003": {"answer": "rejected", "means": "the call is rejected; the call is retried"},
    "0004": {"answer": "invalid number", "means": "the number does not exist; the call is retried"},
    "0005": {"answer": "failed", "means": "the network fails the call; the call is retried"},
    "0006": {"answer": "machine", "means": "voicemail answers"},
    "0007": {"answer": "human", "keys": ["3"], "means": "a person answers and presses 3 at the first menu"},
    "0008": {"answer": "human", "hangUpAfter": 3, "means": "a person answers and hangs up half-way"},
    "0009": {
        "answer": "human",
        "keys": ["1"],
        "means": "a person answers and presses 1 at the first menu: forwarded to the contact centre",
    },
}
# Any other number.
DEFAULT_CALLEE: dict[str, Any] = {
    "answer": "human",
    "means": "a person answers, presses nothing (menus time out) and reaches success-ok",
}


def callee_for(number: str) -> Callee:
    """The callee behind a number, written with or without '+'."""
    return callee_from(MAGIC_ENDINGS.get(number[-4:], DEFAULT_CALLEE))


def callee_from(row: dict[str, Any]) -> Callee:
    return Callee(answer=row["answer"], keys=tuple(row.get("keys", ())), hang_up_after=row.get("hangUpAfter"))


def magic_table() -> dict[str, Any]:
    """The voice part of GET /_mock/magic."""
    return {"numberEndings": MAGIC_ENDINGS, "otherNumbers": DEFAULT_CALLEE}
