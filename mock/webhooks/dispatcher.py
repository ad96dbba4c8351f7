"""Sends a tenant's webhook events to its endpoints on the simulated clock: attempts, retries,
faults, Standard Webhooks signatures, and the delivery log.

Every attempt is a clock action ("webhook.attempt" with the delivery's id), never a task fired
and forgotten: `advance` awaits it, so what an hour of simulated time does to a webhook is done
when `advance(by=PT1H)` returns, and a snapshot holds the pending attempts as data.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import math
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from standardwebhooks import Webhook

from .. import __version__
from ..core.errors import InvalidTransition, NotFound
from ..core.events import DomainEvent
from ..core.ids import RandomState
from ..core.masks import masked
from ..core.tenant import Tenant
from ..scenario.models import FaultSpec, WebhookSpec
from . import formats
from .deliveries import Attempt, AttemptKind, Delivery, DeliveryStatus, HmacSignature, Push
from .endpoints import Endpoint, endpoint_id
from .retries import RETRY_AFTER_STATUSES, retry_after, wait_before_retry
from .transport import DeliveryError, Transport, for_tenant

logger = logging.getLogger(__name__)

ATTEMPT = "webhook.attempt"
USER_AGENT = f"reminders-mock/{__version__} (webhooks)"
ANSWER_LOGGED = 200  # characters of an answer kept in the log
REORDER_SECONDS = (1, 60)  # how far a reordered event is held back, so later ones overtake it
# A push has no scenario endpoint: no credentials, no faults, the CALLR retry profile.
PUSH_ENDPOINT = WebhookSpec(url="inbox:push", retry="callr")
LOG_SIZE = 10_000  # deliveries kept per tenant; the oldest settled ones make room for new ones
ENDPOINT_CONCURRENCY = 10  # requests in flight to one endpoint at once


class WebhooksState(BaseModel):
    """The log and both generators; the clock's state carries the attempts still to come."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    deliveries: list[Delivery]
    ids: RandomState
    faults: RandomState
    dropped: int = 0  # settled deliveries that made room in the log (a default: older snapshots)
    # Every endpoint, the removed ones too; absent from a snapshot taken before endpoints could be
    # added at run time, when the scenario's were all there was.
    endpoints: list[Endpoint] | None = None


AttemptWatcher = Callable[[Delivery, Attempt], None]


class Dispatcher:
    def __init__(
        self,
        tenant: Tenant,
        endpoints: list[WebhookSpec],
        transport: Transport,
        seed: int,
        wallclock: Callable[[], float] = time.time,
        log_size: int = LOG_SIZE,
    ) -> None:
        """`wallclock` is real time, used only where receivers compare with their own clock.
        The log keeps `log_size` deliveries, and more only while they are still pending."""
        self._clock = tenant.clock
        self._customer = tenant.customer
        self._seed = seed
        self._endpoints: list[Endpoint] = []
        self._signers: list[Webhook | None] = []
        for spec in endpoints:
            self.add_endpoint(spec, configured=True)
        # At most ENDPOINT_CONCURRENCY requests in flight to one endpoint (a push: to one URL):
        # a receiver is not flooded when many events fall due at once, and a slow one holds back
        # only its own.
        self._limits: dict[int | str, asyncio.Semaphore] = {}
        self._transport = transport
        self._watchers: list[AttemptWatcher] = []
        self._wallclock = wallclock
        # Generators of their own, so webhooks never shift the tenant's domain ids.
        self._ids = random.Random(f"{seed}:webhooks")
        self._faults = random.Random(f"{seed}:faults")
        self._deliveries: dict[str, Delivery] = {}
        self._log_size = log_size
        self._settled: dict[str, None] = {}  # ids of delivered and failed deliveries, in settling order
        self.dropped = 0
        tenant.events.subscribe(self._on_event, formats.WEBHOOK_EVENTS)
        self._clock.on(ATTEMPT, self._attempt_due, known=lambda delivery: delivery in self._deliveries)

    def add_endpoint(self, spec: WebhookSpec, *, configured: bool = False) -> Endpoint:
        """An endpoint that receives the events from now on, like one the scenario configured."""
        endpoint = Endpoint(endpoint_id(self._seed, len(self._endpoints)), spec, configured)
        self._endpoints.append(endpoint)
        self._signers.append(_signer(spec))
        return endpoint

    def endpoints(self) -> list[Endpoint]:
        """The endpoints that receive events, in the order they were added."""
        return [e for e in self._endpoints if not e.removed]

    def remove_endpoint(self, endpoint_id: str) -> Endpoint:
        """No new deliveries to it, and the ones still waiting for a try are cancelled, never sent."""
        endpoint = next((e for e in self.endpoints() if e.id == endpoint_id), None)
        if endpoint is None:
            raise NotFound(f"webhook endpoint {endpoint_id!r}: expected the id of one of this tenant's")
        endpoint.removed = True
        position = self._endpoints.index(endpoint)
        for delivery in self.deliveries(status=DeliveryStatus.pending):
            if delivery.endpoint == position:
                # Its scheduled try stays on the clock and finds the delivery no longer pending.
                delivery.status = DeliveryStatus.cancelled
                delivery.next_attempt_on = None
        return endpoint

    def watch(self, watcher: AttemptWatcher) -> None:
        """`watcher` sees every attempt once it is logged (the event stream of /_mock/events)."""
        self._watchers.append(watcher)

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
        if delivery.endpoint is not None and self._endpoints[delivery.endpoint].removed:
            raise InvalidTransition(
                f"webhook delivery {delivery_id!r}: its endpoint was removed, so it cannot be sent again"
            )
        attempt = self._prepare(delivery, AttemptKind.redelivery)
        await self._send(delivery, attempt)
        if attempt.ok:
            self._settle(delivery, DeliveryStatus.delivered)
            delivery.next_attempt_on = None
        elif delivery.next_attempt_on is None:
            self._settle(delivery, DeliveryStatus.failed)
        return delivery

    def sent_headers(self, delivery: Delivery, attempt: Attempt) -> dict[str, str]:
        """The headers `attempt` carried, rebuilt rather than kept with every attempt of the log:
        they follow from the delivery, the tries before it and the real time it was sent."""
        body = delivery.body
        if delivery.push is not None:
            body = formats.with_try(body, delivery.tries_before(delivery.attempts.index(attempt)))
        return self._headers(delivery, body, attempt.sent_at)

    def push(self, url: str, event_id: str, event: str, body: dict[str, Any], push: Push) -> Delivery:
        """Send a provider face's event to a URL it was given (a CALLR subscription, an SMS's own
        webhook): logged, tried and retried on the clock like every delivery, by the push profile."""
        delivery = Delivery(
            self._uuid(), event_id, event, None, url, formats.compact(body), self._clock.now()
        )
        delivery.push = push
        self._deliveries[delivery.id] = delivery
        self._schedule(delivery, timedelta(0))
        self._make_room()
        return delivery

    def state(self) -> WebhooksState:
        return WebhooksState(
            deliveries=list(self._deliveries.values()),
            ids=self._ids.getstate(),
            faults=self._faults.getstate(),
            dropped=self.dropped,
            endpoints=self._endpoints,
        )

    def restore(self, state: WebhooksState) -> None:
        """Call after the clock's own restore, which brings back the attempts that were due."""
        self._deliveries = {d.id: d for d in state.deliveries}
        self._settled = {d.id: None for d in state.deliveries if d.status != DeliveryStatus.pending}
        self._ids.setstate(state.ids)
        self._faults.setstate(state.faults)
        self.dropped = state.dropped
        if state.endpoints is not None:
            self._restore_endpoints(state.endpoints)
        for delivery in self.deliveries(status=DeliveryStatus.pending):
            if delivery.next_attempt_on is None:
                # The snapshot caught an attempt in flight (a running clock does not wait for
                # it): the clock no longer holds it and its answer was never logged, so try again.
                self._schedule(delivery, timedelta(0))

    def _restore_endpoints(self, taken: list[Endpoint]) -> None:
        """This tenant's configured endpoints (removed if the snapshot had removed them), then the
        ones the snapshot's tenant had added at run time. Deliveries name endpoints by position, so
        a pending one lands right when both tenants have as many configured endpoints, as before."""
        own = [e for e in self._endpoints if e.configured]
        for mine, theirs in zip(own, [e for e in taken if e.configured], strict=False):
            mine.removed = theirs.removed
        self._endpoints = [*own, *(e for e in taken if not e.configured)]
        self._signers = [_signer(e.spec) for e in self._endpoints]

    def _on_event(self, event: DomainEvent) -> None:
        for index, endpoint in enumerate(self._endpoints):
            if not endpoint.removed and endpoint.spec.receives(event.name):
                self._create(event, index, endpoint.spec)

    def _create(self, event: DomainEvent, index: int, spec: WebhookSpec) -> None:
        body = json.dumps(formats.body(event, spec.format)).encode()
        # The log and the webhook-id header carry the body's id, the identity receivers see.
        event_id = formats.webhook_id(event)
        delivery = Delivery(self._uuid(), event_id, event.name, index, spec.url, body, self._clock.now())
        self._deliveries[delivery.id] = delivery
        self._schedule(delivery, self._first_wait(spec.faults))
        self._make_room()

    def _make_room(self) -> None:
        """Drops the longest settled deliveries while the log is over its size. A pending one
        is never dropped: its event has not reached its endpoint yet."""
        while len(self._deliveries) > self._log_size and self._settled:
            oldest = next(iter(self._settled))
            del self._settled[oldest], self._deliveries[oldest]
            self.dropped += 1

    def _settle(self, delivery: Delivery, status: DeliveryStatus) -> None:
        delivery.status = status
        self._settled.pop(delivery.id, None)  # settled again (by hand): it moves to the end
        self._settled[delivery.id] = None

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
        faults = self._endpoint(found).faults
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
            self._settle(delivery, DeliveryStatus.delivered)
            return
        spec = self._endpoint(delivery)
        wait = wait_before_retry(spec.retry, delivery.tries) if attempt.status != 410 else None
        if wait is None:
            self._settle(delivery, DeliveryStatus.failed)  # 410 Gone, or the profile is used up
            return
        if attempt.retry_after is not None:
            wait = timedelta(seconds=attempt.retry_after)
        self._schedule(delivery, wait)

    def _prepare(self, delivery: Delivery, kind: AttemptKind) -> Attempt:
        """An attempt about to be sent, its id drawn; logged with the delivery once it is sent."""
        return Attempt(self._uuid(), kind, self._clock.now(), self._wallclock(), delivery.url)

    async def _send(self, delivery: Delivery, attempt: Attempt) -> None:
        spec = self._endpoint(delivery)
        auth = (spec.username, spec.password or "") if spec.username else None
        try:
            url = for_tenant(delivery.url, self._customer)
            async with self._limit(delivery):
                # Signed when it leaves: a receiver checks the timestamp against its own clock.
                attempt.sent_at = self._wallclock()
                body = (
                    delivery.body
                    if delivery.push is None
                    else formats.with_try(delivery.body, delivery.tries)
                )
                headers = self._headers(delivery, body, attempt.sent_at)
                started = time.perf_counter()
                try:
                    answer = await self._transport.post(url, body, headers, auth, spec.timeout)
                finally:
                    attempt.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        except DeliveryError as error:
            attempt.error = masked(str(error))  # errors quote the URL, password and all
        else:
            attempt.status = answer.status
            attempt.answer = answer.text[:ANSWER_LOGGED]
            if answer.status in RETRY_AFTER_STATUSES:
                wait = retry_after(answer.headers.get("retry-after"), attempt.sent_at)
                attempt.retry_after = wait.total_seconds() if wait is not None else None
        self._logged(delivery, attempt)

    def _dropped(self, delivery: Delivery) -> Attempt:
        attempt = Attempt(
            self._uuid(),
            AttemptKind.dropped,
            self._clock.now(),
            self._wallclock(),
            delivery.url,
            error="dropped on the way by the endpoint's faults: never sent",
        )
        self._logged(delivery, attempt)
        return attempt

    def _logged(self, delivery: Delivery, attempt: Attempt) -> None:
        delivery.attempts.append(attempt)
        self._log(delivery, attempt)
        for watcher in self._watchers:
            watcher(delivery, attempt)

    def _log(self, delivery: Delivery, attempt: Attempt) -> None:
        """One line per attempt for whoever watches the server; the URL's password never shows."""
        outcome = str(attempt.status) if attempt.status is not None else (attempt.error or "no answer")
        logger.info(
            "webhook %s to %s: %s (%s %d, customer %s)",
            delivery.event,
            masked(delivery.url),
            outcome,  # an error was masked when it was logged in the delivery
            attempt.kind,
            len(delivery.attempts),
            self._customer,
        )

    def _limit(self, delivery: Delivery) -> asyncio.Semaphore:
        key = delivery.url if delivery.endpoint is None else delivery.endpoint
        limit = self._limits.get(key)
        if limit is None:
            limit = self._limits[key] = asyncio.Semaphore(ENDPOINT_CONCURRENCY)
        return limit

    def _endpoint(self, delivery: Delivery) -> WebhookSpec:
        return PUSH_ENDPOINT if delivery.endpoint is None else self._endpoints[delivery.endpoint].spec

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
