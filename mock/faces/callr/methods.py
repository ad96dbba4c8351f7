"""The JSON-RPC methods: name → the params it takes (positional, in order) and the service call
that answers it. Arity is checked here; each service checks its params' types and values."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .account import CallrAccount
from .errors import CallrError
from .hooks import EVENT_TYPES


@dataclass(frozen=True)
class Method:
    params: tuple[str, ...]
    required: int
    run: Callable[..., Any]  # (account, *params), the missing optional ones as None


METHODS: dict[str, Method] = {
    "system.get_timestamp": Method((), 0, lambda a: int(a.clock.now().timestamp())),
    "sms.send": Method(("from", "to", "body", "options"), 3, lambda a, *p: a.sms.send(*p)),
    "sms.get": Method(("hash",), 1, lambda a, h: a.sms.get(h).as_json()),
    "sms.get_list": Method(("filters", "options"), 0, lambda a, *p: a.sms.get_list(*p)),
    "sms.get_settings": Method((), 0, lambda a: a.sms.settings),
    "sms.set_settings": Method(("settings",), 1, lambda a, s: a.sms.set_settings(s)),
    "webhooks.subscribe": Method(
        ("type", "endpoint", "options"), 2, lambda a, *p: a.hooks.subscribe(*p).as_json()
    ),
    "webhooks.unsubscribe": Method(("hash",), 1, lambda a, h: a.hooks.unsubscribe(h)),
    "webhooks.get_list": Method((), 0, lambda a: [hook.as_json() for hook in a.hooks.hooks.values()]),
    "webhooks.get_event_types": Method((), 0, lambda a: list(EVENT_TYPES)),
    "apps.create": Method(("package", "name", "params"), 2, lambda a, *p: a.apps.create(*p).as_json()),
    "apps.get": Method(("hash",), 1, lambda a, h: a.apps.get(h).as_json()),
    "apps.delete": Method(("hash",), 1, lambda a, h: a.apps.delete(h)),
    "dialr/call.realtime": Method(("app", "target", "options"), 2, lambda a, *p: a.calls.realtime(*p)),
    "sendr/simple.broadcast_1": Method(
        ("target", "messages", "options"), 2, lambda a, *p: a.calls.broadcast(*p)
    ),
    "cdr.get": Method(
        ("type", "from", "to", "filters", "sub_account"),
        3,
        lambda a, kind, since, until, *_: a.calls.cdr(kind, since, until, a.platform_calls()),
    ),
    "media/library.create": Method(("name",), 1, lambda a, n: a.media.create(n)),
    "media/library.get_list": Method(("page",), 0, lambda a, _page: a.media.get_list()),
    "media/tts.set_content": Method(
        ("media_id", "text", "voice", "options"), 3, lambda a, *p: a.media.set_tts(*p)
    ),
}


def call(account: CallrAccount, name: str, params: list[Any]) -> Any:
    method = METHODS.get(name)
    if method is None:
        raise CallrError("METHOD_NOT_FOUND", name, expected="a method this mock answers", got=name)
    if not method.required <= len(params) <= len(method.params):
        raise CallrError(
            "INVALID_PARAM_COUNT",
            name,
            expected=f"{method.required} to {len(method.params)} params: {', '.join(method.params)}",
            got=len(params),
        )
    missing = [None] * (len(method.params) - len(params))
    return method.run(account, *params, *missing)
