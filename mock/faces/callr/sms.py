"""CALLR SMS: sending (and the platform's reminder SMS, sent through this provider), statuses on
the tenant's clock by the magic number endings of SMS_OUTCOMES, inbound SMS, and the search."""

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ...core.clock import Clock
from ...scenario.callr import CallrSpec
from .errors import format_error, type_error, value_error
from .hooks import Hooks, endpoint_param, options_param
from .values import (
    NO_CHARGE,
    by_hash,
    callr_datetime,
    choice_param,
    datetime_param,
    int_param,
    new_hash,
    object_param,
    phone_param,
    string_param,
)

STATUS_ACTION = "callr.sms.status"
# Recipient number ending → how the SMS ends; the scenario's `callr.smsOutcomes` come first.
# 0009 fails as the platform's own SMS to such a number fail (messaging's MESSAGE_OUTCOMES).
SMS_OUTCOMES: dict[str, str] = {"0091": "ERROR", "0092": "FAILED", "0093": "EXPIRED", "0009": "FAILED"}
# Each outcome's statuses after CREATED, with the seconds after sending.
TIMELINES: dict[str, list[tuple[str, int]]] = {
    "RECEIVED": [("PENDING", 1), ("SENT", 2), ("RECEIVED", 5)],
    "ERROR": [("ERROR", 1)],
    "FAILED": [("PENDING", 1), ("SENT", 2), ("FAILED", 10)],
    "EXPIRED": [("PENDING", 1), ("SENT", 2), ("EXPIRED", 48 * 3600)],  # the operators' 48 h validity
}
STATUS_ERROR = "UNKNOWN_SUBSCRIBER: the recipient's operator refused the number"
# GSM 03.38's basic set: a text of these alone goes as GSM, anything else as UNICODE.
GSM_CHARACTERS = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
PART_LENGTHS = {"GSM": (160, 153), "UNICODE": (70, 67)}  # (alone, in a concatenated message)
MAX_PARTS = 10
USER_DATA_LENGTH = 32
DEFAULT_SETTINGS = {
    "push_dlr_enabled": False,
    "push_dlr_url": None,
    "push_mo_enabled": False,
    "push_mo_url": None,
}
LIST_QUANTITY = (100, 1000)  # the default and the most a page holds


@dataclass
class Sms:
    hash: str
    type: str
    sender: str
    to: str
    text: str
    encoding: str
    parts: int
    nature: str
    options: dict[str, Any]
    date_creation: datetime
    date_update: datetime
    status: str = "CREATED"
    status_error: str | None = None
    date_sent: datetime | None = None
    date_received: datetime | None = None
    statuses: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "b_customer_debit": NO_CHARGE,
            "b_customer_mode": "POSTPAID",
            "date_creation": callr_datetime(self.date_creation),
            "date_received": callr_datetime(self.date_received),
            "date_sent": callr_datetime(self.date_sent),
            "date_update": callr_datetime(self.date_update),
            "encoding": self.encoding,
            "from": self.sender,
            "hash": self.hash,
            "nature": self.nature,
            "options": self.options,
            "parts": self.parts,
            "status": self.status,
            "status_error": self.status_error,
            "text": self.text,
            "to": self.to,
            "type": self.type,
            "user_data": self.options.get("user_data"),
        }


class SmsService:
    def __init__(self, spec: CallrSpec, clock: Clock, rng: random.Random, hooks: Hooks) -> None:
        self.spec, self.clock, self.rng, self.hooks = spec, clock, rng, hooks
        self.outcomes = {**SMS_OUTCOMES, **spec.sms_outcomes}
        self.messages: dict[str, Sms] = {}
        self.settings: dict[str, Any] = dict(DEFAULT_SETTINGS)
        clock.on(STATUS_ACTION, self._move)

    # -- methods --------------------------------------------------------------------------

    def send(self, sender: Any, to: Any, body: Any, options: Any) -> str:
        """sms.send: the new SMS's hash; its statuses follow on the clock."""
        checked = self._options(options)
        sms = self._new(
            "OUT", self._sender(sender), phone_param("to", to), self._text(body, checked), checked
        )
        self._schedule(sms)
        return sms.hash

    def send_platform(self, sender: str, to: str, text: str) -> Sms:
        """A reminder script's SMS, already checked by the platform, going out through CALLR."""
        sms = self._new("OUT", sender, to, text, {"nature": "ALERTING"})
        self._schedule(sms)
        return sms

    def receive(self, sender: str, to: str, text: str) -> Sms:
        """An inbound SMS (played through the control API): received at once, pushed as sms.mo,
        also to the webhook of the last SMS sent to that person with one of its own."""
        sms = self._new("IN", sender, to, text, {})
        sms.status = "RECEIVED"
        sms.date_received = sms.date_update
        replied = [m for m in self.messages.values() if m.type == "OUT" and m.to == sender and m.sender == to]
        dynamic = next((m.options["webhook"] for m in reversed(replied) if m.options.get("webhook")), None)
        self.hooks.notify("sms.mo", sms.as_json(), dynamic)
        return sms

    def get(self, hash_: Any) -> Sms:
        return by_hash(self.messages, "sms", hash_)

    def get_list(self, filters: Any, options: Any) -> dict[str, Any]:
        """Search.Results of the SMS matching SMS.SearchFilters, oldest first."""
        matches = _matcher(object_param("filters", filters))
        found = [sms.as_json() for sms in self.messages.values() if matches(sms)]
        search = object_param("options", options)
        offset = int_param("options.offset", search.get("offset", 0), 0, 2**31)
        quantity = int_param(
            "options.quantity", search.get("quantity", LIST_QUANTITY[0]), 1, LIST_QUANTITY[1]
        )
        hits = found[offset : offset + quantity]
        return {
            "has_more": offset + len(hits) < len(found),
            "hits": hits,
            "offset": offset,
            "total": len(found),
        }

    def set_settings(self, settings: Any) -> dict[str, Any]:
        given = object_param("settings", settings)
        for name, value in given.items():
            if name not in DEFAULT_SETTINGS:
                raise value_error(f"settings.{name}", f"one of {', '.join(DEFAULT_SETTINGS)}", name)
            if name.endswith("_enabled") and not isinstance(value, bool):
                raise type_error(f"settings.{name}", "bool", value)
            if name.endswith("_url") and value is not None:
                endpoint_param(f"settings.{name}", value)
        self.settings.update(given)
        return self.settings

    # -- the clock ------------------------------------------------------------------------

    def _schedule(self, sms: Sms) -> None:
        for status, seconds in TIMELINES[self._outcome(sms.to)]:
            self.clock.schedule_in(timedelta(seconds=seconds), STATUS_ACTION, sms=sms.hash, status=status)

    def _move(self, sms: str, status: str) -> None:
        found = self.messages[sms]
        now = self.clock.now()
        found.status, found.date_update = status, now
        found.statuses.append(status)
        if status == "SENT":
            found.date_sent = now
        elif status == "RECEIVED":
            found.date_received = now
        elif status == "ERROR":
            found.status_error = STATUS_ERROR
        self.hooks.notify("sms.mt.status_update", found.as_json(), found.options.get("webhook"))

    # -- checks ---------------------------------------------------------------------------

    def _new(self, type_: str, sender: str, to: str, text: str, options: dict[str, Any]) -> Sms:
        encoding = options.get("force_encoding") or _encoding(text)
        now = self.clock.now()
        sms = Sms(
            new_hash(self.rng),
            type_,
            sender,
            to,
            text,
            encoding,
            _parts(text, encoding),
            options.get("nature") or "ALERTING",
            options,
            now,
            now,
            statuses=["CREATED"],
        )
        self.messages[sms.hash] = sms
        return sms

    def _sender(self, value: Any) -> str:
        sender = string_param("from", value)
        if sender not in (*self.spec.numbers, *self.spec.senders):
            allowed = ", ".join([*self.spec.numbers, *self.spec.senders])
            raise value_error("from", f"one of the account's numbers or senders ({allowed})", sender)
        return sender

    def _text(self, value: Any, options: dict[str, Any]) -> str:
        text = string_param("body", value, empty=True)
        if not text:
            raise format_error("body", "the text of the SMS, at least one character", text)
        if _parts(text, options.get("force_encoding") or _encoding(text)) > MAX_PARTS:
            raise format_error(
                "body", f"a text that fits in {MAX_PARTS} SMS parts", f"{len(text)} characters"
            )
        return text

    def _options(self, value: Any) -> dict[str, Any]:
        """SMS.Options, each property checked; the webhook's endpoint and options like a subscription's."""
        options = object_param("options", value)
        known = ("flash_message", "force_encoding", "nature", "user_data", "webhook")
        for name in options:
            if name not in known:
                raise value_error(f"options.{name}", f"one of {', '.join(known)}", name)
        if options.get("flash_message") is not None and not isinstance(options["flash_message"], bool):
            raise type_error("options.flash_message", "bool", options["flash_message"])
        if options.get("force_encoding") is not None:
            choice_param("options.force_encoding", options["force_encoding"], ("GSM", "UNICODE"))
        if options.get("nature") is not None:
            choice_param("options.nature", options["nature"], ("ALERTING", "MARKETING"))
        if options.get("user_data") is not None:
            data = string_param("options.user_data", options["user_data"])
            if len(data) > USER_DATA_LENGTH or not data.isalnum():
                raise format_error("options.user_data", "up to 32 letters and digits", data)
        if options.get("webhook") is not None:
            hook = object_param("options.webhook", options["webhook"])
            options["webhook"] = {
                "endpoint": endpoint_param("options.webhook.endpoint", hook.get("endpoint")),
                "options": options_param("options.webhook.options", hook.get("options")),
            }
        return options

    def _outcome(self, to: str) -> str:
        return next((end for suffix, end in self.outcomes.items() if to.endswith(suffix)), "RECEIVED")

    # -- snapshot -------------------------------------------------------------------------

    def restore(self, messages: list[Sms], settings: dict[str, Any]) -> None:
        self.messages = {sms.hash: sms for sms in messages}
        self.settings = dict(settings)


def _encoding(text: str) -> str:
    # issuperset reads the text as it is, without building a set of it first: a third of the cost.
    return "GSM" if GSM_CHARACTERS.issuperset(text) else "UNICODE"


def _parts(text: str, encoding: str) -> int:
    alone, each = PART_LENGTHS[encoding]
    return 1 if len(text) <= alone else math.ceil(len(text) / each)


def _matcher(filters: dict[str, Any]):
    """SMS.SearchFilters as a test on one SMS; every filter optional."""
    exact = {
        "from": lambda s: s.sender,
        "to": lambda s: s.to,
        "hash": lambda s: s.hash,
        "nature": lambda s: s.nature,
        "status": lambda s: s.status,
        "type": lambda s: s.type,
    }
    for name in filters:
        if name not in (*exact, "text", "created_at_from", "created_at_to"):
            raise value_error(f"filters.{name}", "a property of SMS.SearchFilters", name)
    wanted = {
        name: string_param(f"filters.{name}", filters[name])
        for name in exact
        if filters.get(name) is not None
    }
    text = filters.get("text")
    text = None if text is None else string_param("filters.text", text)
    since = filters.get("created_at_from")
    since = None if since is None else datetime_param("filters.created_at_from", since)
    until = filters.get("created_at_to")
    until = None if until is None else datetime_param("filters.created_at_to", until)

    def matches(sms: Sms) -> bool:
        return (
            all(exact[name](sms) == value for name, value in wanted.items())
            and (text is None or text in sms.text)
            and (since is None or sms.date_creation >= since)
            and (until is None or sms.date_creation <= until)
        )

    return matches
