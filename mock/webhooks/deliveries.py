"""The delivery log: one Delivery per event and endpoint, with every attempt made to deliver it."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..core.values import format_datetime


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"
    cancelled = "cancelled"  # its endpoint was removed before it was delivered: never sent again


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


@dataclass
class HmacSignature:
    """A header carrying the base64 HMAC of the exact bytes sent, as CALLR signs its webhooks."""

    header: str
    secret: str
    algo: str  # MD5, SHA1, SHA256 or SHA512


@dataclass
class Push:
    """How a provider face's webhook goes out, beside the platform's own endpoints: its event id
    in a header of the provider's naming, a `try` counter in the body, and an optional HMAC."""

    id_header: str
    hmac: HmacSignature | None = None


@dataclass
class Delivery:
    """An event on its way to one endpoint; `body` is built once, so every attempt sends the same
    bytes, except a push's `try` counter (see formats.with_try)."""

    id: str
    event_id: str
    event: str
    endpoint: int | None  # None: a push, to a URL a face was given rather than a scenario endpoint
    url: str
    body: bytes
    created_on: datetime
    status: DeliveryStatus = DeliveryStatus.pending
    next_attempt_on: datetime | None = None
    attempts: list[Attempt] = field(default_factory=list)
    push: Push | None = None

    @property
    def tries(self) -> int:
        """Scheduled tries so far: what the retry profile counts (duplicates and redeliveries do not)."""
        return self.tries_before(len(self.attempts))

    def tries_before(self, position: int) -> int:
        """Scheduled tries among the attempts before the one at `position` in the log."""
        return sum(a.kind in (AttemptKind.attempt, AttemptKind.dropped) for a in self.attempts[:position])


def attempt_message(delivery: Delivery, attempt: Attempt) -> dict[str, Any]:
    """An attempt as the live feed shows it: which delivery, which try, and how it went."""
    return {
        "id": attempt.id,
        "delivery": delivery.id,
        "eventId": delivery.event_id,
        "event": delivery.event,
        "url": delivery.url,
        "attempt": len(delivery.attempts),
        "kind": attempt.kind.value,
        "statusCode": attempt.status,
        "error": attempt.error,
        "at": format_datetime(attempt.on),
    }
