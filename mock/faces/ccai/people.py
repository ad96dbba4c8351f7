"""What the end user of a CCAI call does: the scenario's rules by number ending first, then the
built-in magic numbers, else a person who answers and talks for three minutes.

The table is data, so the README and GET /_mock/magic can show it as it is."""

from typing import Any

from ...scenario.ccai import CcaiSpec, EndUserSpec

# Last four digits of the end user's number → what they do.
MAGIC_ENDINGS: dict[str, EndUserSpec] = {
    "0001": EndUserSpec(answer="busy", means="the line is busy: the call fails (fail_reason busy)"),
    "0002": EndUserSpec(answer="no_answer", means="nobody picks up: the call fails (fail_reason no_answer)"),
    "0003": EndUserSpec(
        answer="hangs_up", means="an inbound caller hangs up in the queue before an agent takes the call"
    ),
    "0004": EndUserSpec(talk="PT10M", hold="PT2M", means="a long call: 10 minutes, 2 of them on hold"),
}
DEFAULT_END_USER = EndUserSpec(means="answers and talks for 3 minutes")


def end_user_for(spec: CcaiSpec, number: str) -> EndUserSpec:
    """The scenario's longest matching ending wins over the magic numbers."""
    digits = "".join(ch for ch in number if ch.isdigit())
    for ending in sorted(spec.end_users, key=len, reverse=True):
        if digits.endswith(ending):
            return spec.end_users[ending]
    return MAGIC_ENDINGS.get(digits[-4:], DEFAULT_END_USER)


def magic_table() -> dict[str, Any]:
    """The CCAI part of GET /_mock/magic."""
    shown = {"mode": "json", "by_alias": True}
    return {
        "numberEndings": {ending: row.model_dump(**shown) for ending, row in MAGIC_ENDINGS.items()},
        "otherNumbers": DEFAULT_END_USER.model_dump(**shown),
    }
