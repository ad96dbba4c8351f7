"""A tenant's CALLR account: its credentials, a service per subject (SMS, webhooks, apps, calls,
media) on the tenant's clock, and its state for snapshots. Ids come from a generator of the
account's own, so CALLR traffic never shifts the platform's ids."""

import hmac
import random
from functools import partial

from pydantic import BaseModel, ConfigDict

from ...core.events import DomainEvent
from ...core.ids import RandomState
from ...core.tenant import Tenant
from ...core.values import normalise_phone
from ...messaging import Messaging
from ...scenario.callr import CallrSpec
from ...voice import calls as voice_calls
from ...webhooks.dispatcher import Dispatcher
from ...webhooks.transport import Transport
from .apps import App, Apps
from .calls import DIAL_STATUSES, Calls, platform_record
from .cdr import CallRecord
from .hooks import Hooks, Webhook
from .media import Library, Media
from .realtime import Realtime
from .sms import SMS_OUTCOMES, TIMELINES, Sms, SmsService


class CallrState(BaseModel):
    """Everything the account holds; the clock's state carries the statuses and hang-ups to come."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    ids: RandomState
    sms: list[Sms]
    sms_settings: dict
    webhooks: list[Webhook]
    apps: list[App]
    calls: list[CallRecord]
    media: list[Media]


class CallrAccount:
    def __init__(
        self,
        spec: CallrSpec,
        tenant: Tenant,
        seed: int,
        dispatcher: Dispatcher,
        messaging: Messaging,
        voice: voice_calls.Calls,
        transport: Transport,
    ) -> None:
        self.spec, self.clock = spec, tenant.clock
        self.rng = random.Random(f"{seed}:callr")
        self.hooks = Hooks(tenant.clock, self.rng, dispatcher)
        self.sms = SmsService(spec, tenant.clock, self.rng, self.hooks)
        self.apps = Apps(tenant.clock, self.rng)
        realtime = partial(Realtime, tenant.clock, tenant.customer, transport, self.apps)
        self.calls = Calls(spec, tenant.clock, self.rng, self.hooks, self.apps, realtime)
        self.media = Library(self.rng)
        self._messaging = messaging
        self._voice = voice  # its calls are read when CDRs are asked for: a restore replaces the list
        tenant.events.subscribe(self._on_event, ("MessageStatusChanged", "VoiceCallCompleted"))

    def opens_with(self, login: str, password: str) -> bool:
        return _same(login, self.spec.login) & _same(password, self.spec.password)

    def opens_with_key(self, key: str) -> bool:
        return _same(key, self.spec.api_key)

    def platform_calls(self) -> list[voice_calls.Call]:
        return self._voice.calls

    def _on_event(self, event: DomainEvent) -> None:
        """The platform's SMS and calls went out through CALLR: a reminder script's SMS is sent the
        moment the platform sends it, and a voice call's end is CALLR's hang-up webhook."""
        if event.name == "MessageStatusChanged" and event.data.get("channel") == "sms":
            if event.data.get("status") == "sent":
                message = self._messaging.get(event.service_id)
                sender = (self.spec.senders or self.spec.numbers)[0]
                self.sms.send_platform(sender, _e164(message.to), message.text)
        elif event.name == "VoiceCallCompleted":
            call = self._voice.get(event.service_id)
            if call is not None:
                self.hooks.notify(f"call.{call.direction}_hangup", platform_record(call).as_cdr())

    def state(self) -> CallrState:
        return CallrState(
            ids=self.rng.getstate(),
            sms=list(self.sms.messages.values()),
            sms_settings=self.sms.settings,
            webhooks=list(self.hooks.hooks.values()),
            apps=list(self.apps.apps.values()),
            calls=list(self.calls.records.values()),
            media=list(self.media.media.values()),
        )

    def restore(self, state: CallrState) -> None:
        """Into a fresh account, after the clock's own restore (which holds what is still to come)."""
        self.rng.setstate(state.ids)
        self.sms.restore(state.sms, state.sms_settings)
        self.hooks.hooks = {hook.hash: hook for hook in state.webhooks}
        self.apps.apps = {app.hash: app for app in state.apps}
        self.calls.records = {record.callid: record for record in state.calls}
        self.media.media = {media.id: media for media in state.media}


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _e164(number: str) -> str:
    try:
        return normalise_phone(number)
    except ValueError:
        return number  # the platform already sent it; CALLR shows it as it was given


def magic_table() -> dict:
    """The CALLR part of GET /_mock/magic: how SMS and calls fare by the number's ending."""
    return {
        "smsOutcomes": {"numberEndsWith": SMS_OUTCOMES, "otherNumbers": "RECEIVED"},
        "smsTimelines": TIMELINES,
        "dialStatuses": {"numberEndsWith": DIAL_STATUSES, "otherNumbers": "ANSWER"},
    }
