"""A webhook receiver for test suites, on a real loopback socket: it records every request the
mock sends, checks basic auth and Standard Webhooks signatures when told what to expect, can be
told to fail the next N attempts (to see retries), and lets a test wait for one event."""

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BasicAuth, web
from standardwebhooks import Webhook, WebhookVerificationError

from .background import BackgroundApp

__all__ = ["Received", "WebhookReceiver"]

PATH = "/webhooks"
DEFAULT_WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class Received:
    """One request as it arrived, what the receiver answered, and why it refused it (`problem`)."""

    headers: dict[str, str]
    raw: bytes
    status: int
    problem: str | None = None

    @property
    def body(self) -> Any:
        """The JSON body, or the text when it is not JSON."""
        try:
            return json.loads(self.raw)
        except ValueError:
            return self.raw.decode("utf-8", "replace")

    @property
    def event(self) -> str | None:
        """The envelope's `event` (PayLinkPaid...); a legacy voice body has none."""
        body = self.body
        return body.get("event") if isinstance(body, dict) else None

    @property
    def reference(self) -> str | None:
        body = self.body
        return body.get("reference") if isinstance(body, dict) else None

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class WebhookReceiver:
    """`url` takes the mock's POSTs; give `endpoint()` to a tenant (add_webhook, new_tenant)."""

    username: str | None = None
    password: str | None = None
    secret: str | None = None
    received: list[Received] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list, init=False, repr=False)
    _arrived: threading.Condition = field(default_factory=threading.Condition, init=False, repr=False)
    _served: BackgroundApp | None = field(default=None, init=False, repr=False)

    def start(self) -> "WebhookReceiver":
        self._served = BackgroundApp(lambda _url: self._app())
        return self

    def stop(self) -> None:
        if self._served is not None:
            self._served.stop()
            self._served = None

    @property
    def url(self) -> str:
        if self._served is None:
            raise RuntimeError("the receiver is not started")
        return self._served.url + PATH

    def endpoint(self, **settings: Any) -> dict[str, Any]:
        """The webhook endpoint for a tenant: this URL and the credentials the receiver checks,
        with any other endpoint settings (format, events, timeout...)."""
        credentials = {"username": self.username, "password": self.password, "secret": self.secret}
        return {"url": self.url, **{k: v for k, v in credentials.items() if v is not None}, **settings}

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next `count` requests with `status` (recorded, but not accepted)."""
        with self._arrived:
            self._failures.extend([status] * count)

    @property
    def deliveries(self) -> list[Received]:
        """The requests the receiver accepted (answered 2xx), oldest first."""
        with self._arrived:
            return [r for r in self.received if r.accepted]

    def wait_for(
        self, event: str | None = None, reference: str | None = None, timeout: float = DEFAULT_WAIT_SECONDS
    ) -> Received:
        """The first accepted delivery of `event` (and `reference`), waiting up to `timeout` real
        seconds for it; AssertionError naming what did arrive when none does."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while (found := self._find(event, reference)) is None:
                left = deadline - time.monotonic()
                if left <= 0 or not self._arrived.wait(left):
                    seen = [(r.event, r.reference, r.status) for r in self.received]
                    raise AssertionError(
                        f"no delivery of event={event!r} reference={reference!r} within {timeout} s; "
                        f"received (event, reference, status): {seen}"
                    )
            return found

    def _find(self, event: str | None, reference: str | None) -> Received | None:
        return next(
            (
                r
                for r in self.received
                if r.accepted and event in (None, r.event) and reference in (None, r.reference)
            ),
            None,
        )

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(PATH, self._receive)
        return app

    async def _receive(self, request: web.Request) -> web.Response:
        raw = await request.read()
        headers = dict(request.headers)
        problem = self._problem(headers, raw)
        with self._arrived:
            status = 401 if problem else (self._failures.pop(0) if self._failures else 200)
            self.received.append(Received(headers, raw, status, problem))
            self._arrived.notify_all()
        return web.json_response({"problem": problem} if problem else {}, status=status)

    def _problem(self, headers: dict[str, str], raw: bytes) -> str | None:
        """Why the request is refused: wrong basic auth or a bad signature; None when it is fine."""
        if self.username is not None:
            try:
                auth = BasicAuth.decode(headers.get("Authorization", ""))
            except ValueError:
                return "basic auth: expected an Authorization header with Basic credentials"
            if (auth.login, auth.password) != (self.username, self.password or ""):
                return f"basic auth: expected user {self.username!r} and its password"
        if self.secret is not None:
            try:
                Webhook(self.secret).verify(raw, headers)
            except WebhookVerificationError as error:
                return f"signature: {error}"
        return None
