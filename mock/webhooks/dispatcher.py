"""Sends a tenant's webhook events to its endpoints on the simulated clock: attempts, retries,
faults, Standard Webhooks signatures, and the delivery log.

Every attempt is a clock action ("webhook.attempt" with the delivery's id), never a task fired
and forgotten: `advance` awaits it, so what an hour of simulated time does to a webhook is done
when `advance(by=PT1H)` returns, and a snapshot holds the pending attempts as data.
"""

import asyncio
import json
import logging
import math
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from standardwebhooks import Webhook

from .. import __version__
from ..core.errors import NotFound
from ..core.events import DomainEvent
from ..core.ids import RandomState
from ..core.tenant import Tenant
from ..scenario.models import FaultSpec, WebhookSpec
from . import formats
from .deliveries import Attempt, AttemptKind, Delivery, DeliveryStatus
from .retries import RETRY_AFTER_STATUSES, retry_after, wait_before_retry
from .transport import DeliveryError, Transport, for_tenant, without_password

logger = logging.getLogger(__name__)

ATTEMPT = "webhook.attempt"
USER_AGENT = f"reminders-mock/{__version__} (webhooks)"
ANSWER_LOGGED = 200  # characters of an answer kept in the log
REORDER_SECONDS = (1, 60)  # how far a reordered event is held back, so later ones overtake it
ENDPOINT_CONCURRENCY = 10  # requests in flight to one endpoint at once


class WebhooksState(BaseModel):
    """The log and both generators; the clock's state carries the attempts still to come."""

    # A state is a copy: the log moving on never changes a state already taken.
    model_config = ConfigDict(revalidate_instances="always")

    deliveries: list[Delivery]
    ids: RandomState
    faults: RandomState


class Dispatcher:
    def __init__(
        self,
        tenant: Tenant,
        endpoints: list[WebhookSpec],
        transport: Transport,
        seed: int,
        wallclock: Callable[[], float] = time.time,
    ) -> None:
        """`wallclock` is real time, used only where receivers compare with their own clock."""
        self._clock = tenant.clock
        self._customer = tenant.customer
        self._endpoints = list(endpoints)
        self._signers = [_signer(spec) for spec in self._endpoints]
        # At most ENDPOINT_CONCURRENCY requests in flight to one endpoint: a receiver is not
        # flooded when many events fall due at once, and a slow one holds back only its own.
        self._limits = [asyncio.Semaphore(ENDPOINT_CONCURRENCY) for _ in self._endpoints]
        self._transport = transport
        self._wallclock = wallclock
        # Generators of their own, so webhooks never shift the tenant's domain ids.
        self._ids = random.Random(f"{seed}:webhooks")
        self._faults = random.Random(f"{seed}:faults")
        self._deliveries: dict[str, Delivery] = {}
        tenant.events.subscribe(self._on_event)
        self._clock.on(ATTEMPT, self._attempt_due)

    def deliveries(self, *, event: str | None = None, status: str | None = None) -> list[Delivery]:
        """The log, oldest first, optionally only one event name or status."""
        return [
            d
            for d in self._deliveries.values()
            if (event is None or d.event == event) and (status is None or d.status == status)
        ]

    def delivery(self, delivery_id: str) -> Delivery:
        try:
            return self._deliveries[delivery_id]
        except KeyError:
            raise NotFound(f"webhook delivery {delivery_id!r}: expected the id of a delivery") from None

    async def redeliver(self, delivery_id: str) -> Delivery:
        """Send the same body again now, by hand: one more attempt, the same event id.

        Its answer decides the status, except that a failure leaves a delivery with a retry
        still scheduled pending."""
        delivery = self.delivery(delivery_id)
        attempt = self._prepare(delivery, AttemptKind.redelivery)
        await self._send(delivery, attempt)
        if attempt.ok:
            delivery.status = DeliveryStatus.delivered
            delivery.next_attempt_on = None
        elif delivery.next_attempt_on is None:
            delivery.status = DeliveryStatus.failed
        return delivery

    def state(self) -> WebhooksState:
        return WebhooksState(
            deliveries=list(self._deliveries.values()),
            ids=self._ids.getstate(),
            faults=self._faults.getstate(),
        )

    def restore(self, state: WebhooksState) -> None:
        """Call after the clock's own restore, which brings back the attempts that were due."""
        self._deliveries = {d.id: d for d in state.deliveries}
        self._ids.setstate(state.ids)
        self._faults.setstate(state.faults)
        for delivery in self.deliveries(status=DeliveryStatus.pending):
            if delivery.next_attempt_on is None:
                # The snapshot caught an attempt in flight (a running clock does not wait for
                # it): the clock no longer holds it and its answer was never logged, so try again.
                self._schedule(delivery, timedelta(0))

    def _on_event(self, event: DomainEvent) -> None:
        if event.name not in formats.WEBHOOK_EVENTS:
            return
        for index, spec in enumerate(self._endpoints):
            if spec.receives(event.name):
                self._create(event, index, spec)

    def _create(self, event: DomainEvent, index: int, spec: WebhookSpec) -> None:
        body = json.dumps(formats.body(event, spec.format)).encode()
        # The log and the webhook-id header carry the body's id, the identity receivers see.
        event_id = formats.webhook_id(event)
        delivery = Delivery(self._uuid(), event_id, event.name, index, spec.url, body, self._clock.now())
        self._deliveries[delivery.id] = delivery
        self._schedule(delivery, self._first_wait(spec.faults))

    def _first_wait(self, faults: FaultSpec) -> timedelta:
        wait = timedelta(0)
        if self._faults.random() < faults.delay:
            wait += faults.delay_by
        if self._faults.random() < faults.reorder:
            wait += timedelta(seconds=self._faults.randint(*REORDER_SECONDS))
        return wait

    def _schedule(self, delivery: Delivery, wait: timedelta) -> None:
        delivery.next_attempt_on = self._clock.now() + wait
        self._clock.schedule(delivery.next_attempt_on, ATTEMPT, delivery=delivery.id)

    def _attempt_due(self, delivery: str) -> Awaitable[Callable[[], None]] | None:
        """The clock action; its payload names the delivery by id. What is drawn from the
        generators (faults, attempt ids) is drawn now, in the clock's order; the requests are
        what the clock awaits, side by side with the other attempts due at the same instant, and
        the retry is decided when the clock calls back, again in its order."""
        found = self._deliveries[delivery]
        if found.status != DeliveryStatus.pending:
            return None  # a redelivery by hand settled it before this retry fell due
        found.next_attempt_on = None
        faults = self._endpoints[found.endpoint].faults
        if self._faults.random() < faults.drop:
            self._decide(found, self._dropped(found))
            return None
        attempts = [self._prepare(found, AttemptKind.attempt)]
        if self._faults.random() < faults.duplicate:
            attempts.append(self._prepare(found, AttemptKind.duplicate))
        return self._try(found, attempts)

    async def _try(self, delivery: Delivery, attempts: list[Attempt]) -> Callable[[], None]:
        """One scheduled try, sent twice when a fault duplicates it; the first copy's answer decides."""
        for attempt in attempts:
            await self._send(delivery, attempt)
        return lambda: self._decide(delivery, attempts[0])

    def _decide(self, delivery: Delivery, attempt: Attempt) -> None:
        if attempt.ok:
            delivery.status = DeliveryStatus.delivered
            return
        spec = self._endpoints[delivery.endpoint]
        wait = wait_before_retry(spec.retry, delivery.tries) if attempt.status != 410 else None
        if wait is None:
            delivery.status = DeliveryStatus.failed  # 410 Gone, or the profile is used up
            return
        if attempt.retry_after is not None:
            wait = timedelta(seconds=attempt.retry_after)
        self._schedule(delivery, wait)

    def _prepare(self, delivery: Delivery, kind: AttemptKind) -> Attempt:
        """An attempt about to be sent, its id drawn; logged with the delivery once it is sent."""
        return Attempt(self._uuid(), kind, self._clock.now(), self._wallclock(), delivery.url)

    async def _send(self, delivery: Delivery, attempt: Attempt) -> None:
        spec = self._endpoints[delivery.endpoint]
        auth = (spec.username, spec.password or "") if spec.username else None
        try:
            url = for_tenant(delivery.url, self._customer)
            async with self._limits[delivery.endpoint]:
                # Signed when it leaves: a receiver checks the timestamp against its own clock.
                attempt.sent_at = self._wallclock()
                headers = self._headers(delivery, attempt.sent_at)
                started = time.perf_counter()
                try:
                    answer = await self._transport.post(url, delivery.body, headers, auth, spec.timeout)
                finally:
                    attempt.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        except DeliveryError as error:
            attempt.error = str(error)
        else:
            attempt.status = answer.status
            attempt.answer = answer.text[:ANSWER_LOGGED]
            if answer.status in RETRY_AFTER_STATUSES:
                wait = retry_after(answer.headers.get("retry-after"), attempt.sent_at)
                attempt.retry_after = wait.total_seconds() if wait is not None else None
        delivery.attempts.append(attempt)
        self._log(delivery, attempt)

    def _dropped(self, delivery: Delivery) -> Attempt:
        attempt = Attempt(
            self._uuid(),
            AttemptKind.dropped,
            self._clock.now(),
            self._wallclock(),
            delivery.url,
            error="dropped on the way by the endpoint's faults: never sent",
        )
        delivery.attempts.append(attempt)
        self._log(delivery, attempt)
        return attempt

    def _log(self, delivery: Delivery, attempt: Attempt) -> None:
        """One line per attempt for whoever watches the server; the URL's password never shows."""
        url = without_password(delivery.url)
        outcome = str(attempt.status) if attempt.status is not None else (attempt.error or "no answer")
        logger.info(
            "webhook %s to %s: %s (%s %d, customer %s)",
            delivery.event,
            url,
            outcome.replace(delivery.url, url),  # errors quote the URL they could not reach
            attempt.kind,
            len(delivery.attempts),
            self._customer,
        )

    def _headers(self, delivery: Delivery, real_now: float) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        signer = self._signers[delivery.endpoint]
        if signer is not None:
            # The event's id on every attempt, so receivers can drop what they already handled;
            # the timestamp is real time, because they check it against their own clock.
            moment = datetime.fromtimestamp(real_now, UTC)
            headers["webhook-id"] = delivery.event_id
            headers["webhook-timestamp"] = str(math.floor(real_now))
            headers["webhook-signature"] = signer.sign(delivery.event_id, moment, delivery.body.decode())
        return headers

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))


def _signer(spec: WebhookSpec) -> Webhook | None:
    """The endpoint's signer; its secret was checked when the endpoint was read."""
    return None if spec.secret is None else Webhook(spec.secret)
