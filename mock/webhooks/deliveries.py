"""The delivery log: one Delivery per event and endpoint, with every attempt made to deliver it."""

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"


class AttemptKind(StrEnum):
    attempt = "attempt"  # scheduled by the clock: the first try or a retry
    dropped = "dropped"  # a scheduled try that a fault lost on the way; never sent
    duplicate = "duplicate"  # the second copy of a try that a fault sent twice
    redelivery = "redelivery"  # asked for by hand


@dataclass
class Attempt:
    """One request (or, when dropped, one that never left): `on` is simulated time, `sent_at` real."""

    id: str
    kind: AttemptKind
    on: datetime
    sent_at: float
    url: str
    status: int | None = None
    latency_ms: float | None = None
    answer: str = ""
    error: str | None = None
    retry_after: float | None = None  # seconds the endpoint asked to wait, when it did

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def to_data(self) -> dict[str, Any]:
        return {**asdict(self), "on": self.on.isoformat()}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Attempt":
        return cls(**{**data, "kind": AttemptKind(data["kind"]), "on": datetime.fromisoformat(data["on"])})


@dataclass
class Delivery:
    """An event on its way to one endpoint; `body` is built once, so every attempt sends the same bytes."""

    id: str
    event_id: str
    event: str
    endpoint: int
    url: str
    body: bytes
    created_on: datetime
    status: DeliveryStatus = DeliveryStatus.pending
    next_attempt_on: datetime | None = None
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def tries(self) -> int:
        """Scheduled tries so far: what the retry profile counts (duplicates and redeliveries do not)."""
        return sum(a.kind in (AttemptKind.attempt, AttemptKind.dropped) for a in self.attempts)

    def to_data(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "body": self.body.decode(),
            "created_on": self.created_on.isoformat(),
            "next_attempt_on": self.next_attempt_on.isoformat() if self.next_attempt_on else None,
            "attempts": [a.to_data() for a in self.attempts],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Delivery":
        next_on = data["next_attempt_on"]
        return cls(
            **{
                **data,
                "body": data["body"].encode(),
                "created_on": datetime.fromisoformat(data["created_on"]),
                "status": DeliveryStatus(data["status"]),
                "next_attempt_on": datetime.fromisoformat(next_on) if next_on else None,
                "attempts": [Attempt.from_data(a) for a in data["attempts"]],
            }
        )
