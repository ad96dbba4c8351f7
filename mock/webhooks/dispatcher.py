"""Sends a tenant's webhook events to its endpoints on the simulated clock: attempts, retries,
faults, Standard Webhooks signatures, and the delivery log.

Every attempt is a clock action ("webhook.attempt" with the delivery's id), never a task fired
and forgotten: `advance` awaits it, so what an hour of simulated time does to a webhook is done
when `advance(by=PT1H)` returns, and a snapshot holds the pending attempts as data.
"""

import base64
import hashlib
import hmac
import json
import logging
import math
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from standardwebhooks import Webhook

from .. import __version__
from ..core.errors import NotFound
from ..core.events import DomainEvent
from ..core.ids import RandomState
from ..core.tenant import Tenant
from ..scenario.models import FaultSpec, WebhookSpec
from . import formats
from .deliveries import Attempt, AttemptKind, Delivery, DeliveryStatus, HmacSignature, Push
from .retries import RETRY_AFTER_STATUSES, retry_after, wait_before_retry
from .transport import DeliveryError, Transport, for_tenant, without_password

logger = logging.getLogger(__name__)

ATTEMPT = "webhook.attempt"
USER_AGENT = f"reminders-mock/{__version__} (webhooks)"
ANSWER_LOGGED = 200  # characters of an answer kept in the log
REORDER_SECONDS = (1, 60)  # how far a reordered event is held back, so later ones overtake it
# A push has no scenario endpoint: no credentials, no faults, the CALLR retry profile.
PUSH_ENDPOINT = WebhookSpec(url="inbox:push", retry="callr")


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
        attempt = await self._send(delivery, AttemptKind.redelivery)
        if attempt.ok:
            delivery.status = DeliveryStatus.delivered
            delivery.next_attempt_on = None
        elif delivery.next_attempt_on is None:
            delivery.status = DeliveryStatus.failed
        return delivery

    def push(self, url: str, event_id: str, event: str, body: dict[str, Any], push: Push) -> Delivery:
        """Send a provider face's event to a URL it was given (a CALLR subscription, an SMS's own
        webhook): logged, tried and retried on the clock like every delivery, by the push profile."""
        delivery = Delivery(
            self._uuid(), event_id, event, None, url, formats.compact(body), self._clock.now()
        )
        delivery.push = push
        self._deliveries[delivery.id] = delivery
        self._schedule(delivery, timedelta(0))
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

    async def _attempt_due(self, delivery: str) -> None:
        """The clock action; its payload names the delivery by id."""
        found = self._deliveries[delivery]
        if found.status != DeliveryStatus.pending:
            return  # a redelivery by hand settled it before this retry fell due
        found.next_attempt_on = None
        attempt = await self._try(found)
        self._decide(found, attempt)

    async def _try(self, delivery: Delivery) -> Attempt:
        """One scheduled try, through the endpoint's faults: lost on the way, or sent twice."""
        faults = self._endpoint(delivery).faults
        if self._faults.random() < faults.drop:
            return self._dropped(delivery)
        attempt = await self._send(delivery, AttemptKind.attempt)
        if self._faults.random() < faults.duplicate:
            await self._send(delivery, AttemptKind.duplicate)
        return attempt

    def _decide(self, delivery: Delivery, attempt: Attempt) -> None:
        if attempt.ok:
            delivery.status = DeliveryStatus.delivered
            return
        spec = self._endpoint(delivery)
        wait = wait_before_retry(spec.retry, delivery.tries) if attempt.status != 410 else None
        if wait is None:
            delivery.status = DeliveryStatus.failed  # 410 Gone, or the profile is used up
            return
        if attempt.retry_after is not None:
            wait = timedelta(seconds=attempt.retry_after)
        self._schedule(delivery, wait)

    async def _send(self, delivery: Delivery, kind: AttemptKind) -> Attempt:
        spec = self._endpoint(delivery)
        attempt = Attempt(self._uuid(), kind, self._clock.now(), self._wallclock(), delivery.url)
        body = delivery.body if delivery.push is None else formats.with_try(delivery.body, delivery.tries)
        headers = self._headers(delivery, body, attempt.sent_at)
        auth = (spec.username, spec.password or "") if spec.username else None
        started = time.perf_counter()
        try:
            url = for_tenant(delivery.url, self._customer)
            answer = await self._transport.post(url, body, headers, auth, spec.timeout)
        except DeliveryError as error:
            attempt.error = str(error)
        else:
            attempt.status = answer.status
            attempt.answer = answer.text[:ANSWER_LOGGED]
            if answer.status in RETRY_AFTER_STATUSES:
                wait = retry_after(answer.headers.get("retry-after"), attempt.sent_at)
                attempt.retry_after = wait.total_seconds() if wait is not None else None
        attempt.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        delivery.attempts.append(attempt)
        self._log(delivery, attempt)
        return attempt

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

    def _endpoint(self, delivery: Delivery) -> WebhookSpec:
        return PUSH_ENDPOINT if delivery.endpoint is None else self._endpoints[delivery.endpoint]

    def _headers(self, delivery: Delivery, body: bytes, real_now: float) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        if delivery.push is not None:
            return {**headers, **_push_headers(delivery.event_id, delivery.push, body)}
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


def _push_headers(event_id: str, push: Push, body: bytes) -> dict[str, str]:
    headers = {push.id_header: event_id}
    if push.hmac is not None:
        headers[push.hmac.header] = hmac_signature(push.hmac, body)
    return headers


def hmac_signature(signature: HmacSignature, body: bytes) -> str:
    """Base64 of the HMAC of the exact body bytes, by the algorithm's name (MD5, SHA1, SHA256, SHA512)."""
    digest = hmac.new(signature.secret.encode(), body, getattr(hashlib, signature.algo.lower()))
    return base64.b64encode(digest.digest()).decode()


def _signer(spec: WebhookSpec) -> Webhook | None:
    """The endpoint's signer; its secret was checked when the endpoint was read."""
    return None if spec.secret is None else Webhook(spec.secret)
