"""The dashboard's browser session: which tenants it has opened (their API keys, kept in an
HttpOnly cookie for the session), and the CSRF token its forms carry."""

import base64
import binascii
import json
import secrets
from urllib.parse import urlsplit

from aiohttp import web
from multidict import MultiDict

from ...control.admin import DASHBOARD
from ...control.common import registry_of
from ...core.errors import Forbidden
from ...world import World

KEYS_COOKIE = "reminders_mock_keys"
CSRF_COOKIE = "reminders_mock_csrf"
CSRF_FIELD = "csrf"
NEW_CSRF = web.RequestKey("dashboard_new_csrf", str)  # a token made while answering its first page
FLASH_COOKIE = "reminders_mock_flash"
MAX_KEYS = 20  # tenants one session remembers: a cookie holds about 4 KB
# Sent back only to the dashboard and the control API, never with another site's request.
COOKIE_OPTIONS = {"path": "/_mock", "httponly": True, "samesite": "Strict"}


def keys_of(request: web.Request) -> list[str]:
    """The API keys this browser opened tenants with; an unreadable cookie holds none."""
    try:
        keys = json.loads(base64.urlsafe_b64decode(request.cookies.get(KEYS_COOKIE, "")))
    except (ValueError, binascii.Error):
        return []
    return [key for key in keys if isinstance(key, str)] if isinstance(keys, list) else []


def keep_key(response: web.StreamResponse, request: web.Request, key: str) -> None:
    """Remembers `key` for the session, newest first."""
    keys = [key, *(k for k in keys_of(request) if k != key)][:MAX_KEYS]
    value = base64.urlsafe_b64encode(json.dumps(keys).encode()).decode()
    response.set_cookie(KEYS_COOKIE, value, **COOKIE_OPTIONS)


def forget_keys(response: web.StreamResponse) -> None:
    response.del_cookie(KEYS_COOKIE, path=COOKIE_OPTIONS["path"])


def opened(request: web.Request) -> list[World]:
    """The tenants this session may open: by its keys, and by the X-AUTH-TOKEN a script sends."""
    registry = registry_of(request)
    keys = [request.headers.get("X-AUTH-TOKEN"), *keys_of(request)]
    found = {id(world): world for key in keys if (world := registry.find(key)) is not None}
    return list(found.values())


def key_for(request: web.Request, world: World) -> str | None:
    """The key this session opened `world` with (the live feed's EventSource names it in its URL)."""
    keys = [request.headers.get("X-AUTH-TOKEN"), *keys_of(request)]
    return next((key for key in keys if key and registry_of(request).find(key) is world), None)


def csrf_token(request: web.Request) -> str:
    """The session's token, made on its first page (the page sets it with `keep_csrf`)."""
    token = request.cookies.get(CSRF_COOKIE) or request.get(NEW_CSRF)
    if not token:
        token = request[NEW_CSRF] = secrets.token_urlsafe(24)
    return token


def keep_csrf(response: web.StreamResponse, request: web.Request) -> None:
    if CSRF_COOKIE not in request.cookies and NEW_CSRF in request:
        response.set_cookie(CSRF_COOKIE, request[NEW_CSRF], **COOKIE_OPTIONS)


def check_csrf(request: web.Request, form: MultiDict[str]) -> None:
    """A form that changes something must come from a dashboard page: the token the page was
    given (another site can neither read it nor make the browser send the cookie), and, when the
    browser names it, the dashboard's own origin."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    given = str(form.get(CSRF_FIELD, ""))
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        raise Forbidden(f"Origin: expected this server's own ({request.host}), got {origin}")
    if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        raise Forbidden(
            f"{CSRF_FIELD}: expected the form's token from a page of the dashboard ({DASHBOARD}); "
            "reload the page and try again"
        )


def leave_flash(response: web.StreamResponse, kind: str, text: str) -> None:
    """One line (`notice` or `error`) for the next page to show: in a cookie, not the URL, so
    nothing another site links to can put words on a dashboard page."""
    value = base64.urlsafe_b64encode(f"{kind}:{text}".encode()).decode()
    response.set_cookie(FLASH_COOKIE, value, **COOKIE_OPTIONS)


def take_flash(request: web.Request) -> dict[str, str]:
    """The line the last form left, as the page's `notice` or `error`; the page then clears it."""
    try:
        kind, _, text = (
            base64.urlsafe_b64decode(request.cookies.get(FLASH_COOKIE, "")).decode().partition(":")
        )
    except (ValueError, binascii.Error):
        return {}
    return {kind: text} if kind in ("notice", "error") else {}


def clear_flash(response: web.StreamResponse, request: web.Request) -> None:
    if FLASH_COOKIE in request.cookies:
        response.del_cookie(FLASH_COOKIE, path=COOKIE_OPTIONS["path"])
