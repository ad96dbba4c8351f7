"""CALLR webhooks: subscriptions per event type, and each event pushed as a Webhook.Event through
the platform's dispatcher (the same log, retries on the clock and transport), signed the CALLR way."""

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from ...core.clock import Clock
from ...scenario.models import WebhookSpec
from ...webhooks.deliveries import HmacSignature, Push
from ...webhooks.dispatcher import Dispatcher
from .errors import value_error
from .values import (
    by_hash,
    callr_datetime_ms,
    callr_iso_ms,
    choice_param,
    new_hash,
    object_param,
    string_param,
)

EVENT_TYPES = (
    "sms.mt.status_update",
    "sms.mo",
    "call.outbound_start",
    "call.outbound_hangup",
    "call.inbound_start",
    "call.inbound_hangup",
)
HMAC_ALGOS = ("MD5", "SHA1", "SHA256", "SHA512")
DEFAULT_HMAC_ALGO = "SHA256"
SECRET_LENGTH = (8, 1024)
EVENT_ID_HEADER = "X-CALLR-EventId"
SIGNATURE_HEADER = "X-CALLR-HmacSignature"


@dataclass
class Webhook:
    """A subscription, its fields in the order of the seed's Webhook object."""

    created_at: datetime
    endpoint: str
    hash: str
    options: dict[str, Any]
    type: str
    updated_at: datetime
    status: str = "ENABLED"

    def as_json(self) -> dict[str, Any]:
        return {
            "created_at": callr_datetime_ms(self.created_at),
            "endpoint": self.endpoint,
            "hash": self.hash,
            "options": self.options,
            "status": self.status,
            "type": self.type,
            "updated_at": callr_datetime_ms(self.updated_at),
        }


class Hooks:
    def __init__(self, clock: Clock, rng: random.Random, dispatcher: Dispatcher) -> None:
        self.clock, self.rng, self.dispatcher = clock, rng, dispatcher
        self.hooks: dict[str, Webhook] = {}

    def subscribe(self, type_: Any, endpoint: Any, options: Any) -> Webhook:
        kind = choice_param("type", type_, EVENT_TYPES)
        url = endpoint_param("endpoint", endpoint)
        checked = options_param("options", options)
        now = self.clock.now()
        hook = Webhook(
            created_at=now, endpoint=url, hash=new_hash(self.rng), options=checked, type=kind, updated_at=now
        )
        self.hooks[hook.hash] = hook
        return hook

    def unsubscribe(self, hash_: Any) -> bool:
        del self.hooks[by_hash(self.hooks, "webhook", hash_).hash]
        return True

    def notify(self, type_: str, data: dict[str, Any], dynamic: dict[str, Any] | None = None) -> None:
        """One event to every subscription of its type and to a per-object webhook (an SMS's
        options.webhook, whose hook_hash is null): one event id for all of them."""
        event_id = new_hash(self.rng) + new_hash(self.rng)
        for hook in self.hooks.values():
            if hook.type == type_ and hook.status == "ENABLED":
                self._push(hook.endpoint, hook.options, hook.hash, event_id, type_, data)
        if dynamic:
            self._push(dynamic["endpoint"], dynamic.get("options", {}), None, event_id, type_, data)

    def _push(
        self, url: str, options: dict[str, Any], hook: str | None, event_id: str, type_: str, data: dict
    ) -> None:
        body = {
            "data": data,
            "event_at": callr_iso_ms(self.clock.now()),
            "event_id": event_id,
            "hook_hash": hook,
            "type": type_,
        }
        secret = options.get("hmac_secret")
        signature = None
        if secret:
            signature = HmacSignature(SIGNATURE_HEADER, secret, options.get("hmac_algo") or DEFAULT_HMAC_ALGO)
        self.dispatcher.push(url, event_id, type_, body, Push(EVENT_ID_HEADER, signature))


def endpoint_param(field: str, value: Any) -> str:
    url = string_param(field, value)
    try:
        WebhookSpec(url=url)
    except ValidationError:
        raise value_error(field, "an http or https URL (or inbox:NAME, the mock's own inbox)", url) from None
    return url


def options_param(field: str, value: Any) -> dict[str, Any]:
    """Webhook.Options: format JSON only, hmac_algo one of HMAC_ALGOS, hmac_secret 8 to 1024 characters."""
    options = object_param(field, value)
    unknown = sorted(set(options) - {"format", "hmac_algo", "hmac_secret"})
    if unknown:
        raise value_error(f"{field}.{unknown[0]}", "format, hmac_algo or hmac_secret", unknown[0])
    if "format" in options and options["format"] is not None:
        choice_param(f"{field}.format", options["format"], ("JSON",))
    if options.get("hmac_algo") is not None:
        choice_param(f"{field}.hmac_algo", options["hmac_algo"], HMAC_ALGOS)
    if options.get("hmac_secret") is not None:
        secret = string_param(f"{field}.hmac_secret", options["hmac_secret"])
        if not SECRET_LENGTH[0] <= len(secret) <= SECRET_LENGTH[1]:
            raise value_error(f"{field}.hmac_secret", "8 to 1024 characters", f"{len(secret)} characters")
    return {"format": "JSON", "hmac_algo": None, "hmac_secret": None, **options}
