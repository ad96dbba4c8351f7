"""Who may use the control API: whoever reaches a loopback server, or, when the server is served
to a network, whoever holds its admin token (`--admin-token`). The control API makes tenants,
reads their snapshots and pays their PayLinks: on a network it must not be everyone's.

A browser proves it holds the token with the cookie the dashboard's login form sets (never the
token itself, which stays out of the browser's storage)."""

import hashlib
import hmac
import secrets
from urllib.parse import quote

from aiohttp import web

from ..core.errors import Unauthenticated
from .errors import is_control

ADMIN_TOKEN = web.AppKey("admin_token", str)
DASHBOARD = "/_mock/ui"
LOGIN_PATH = f"{DASHBOARD}/login"
# What a load balancer or a start-up script polls, and the form that asks a person for the token.
OPEN_PATHS = frozenset({"/_mock/health", LOGIN_PATH})
HEADER = "X-Admin-Token"
BEARER = "Bearer "
COOKIE = "reminders_mock_admin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def check_admin_token(request: web.Request) -> None:
    """Refuses a control-API request without the admin token, when the server has one; a
    dashboard page opened without it goes to the login form instead. Called before every
    request's handler (mock/app.py)."""
    token = request.app.get(ADMIN_TOKEN)
    guarded = token and is_control(request.path) and request.path not in OPEN_PATHS
    if guarded and not _admitted(request, token):
        if request.method == "GET" and _is_dashboard(request.path):
            raise web.HTTPSeeOther(f"{LOGIN_PATH}?next={quote(request.path_qs, safe='')}")
        raise Unauthenticated(
            f"{HEADER}: expected the server's admin token (--admin-token) in this header "
            f"or as 'Authorization: {BEARER}<token>'"
        )


def session_cookie(token: str) -> str:
    """The login cookie's value: derived from the token, so the cookie never holds the token."""
    return hmac.new(token.encode(), b"reminders-mock dashboard session", hashlib.sha256).hexdigest()


def _admitted(request: web.Request, token: str) -> bool:
    given = _given(request)
    if given:
        return secrets.compare_digest(given.encode(), token.encode())
    # A browser sends the cookie by itself, to whatever page asks: so it opens only what changes
    # nothing (pages, the live feed, inboxes) and the dashboard's own forms, which check a CSRF token.
    cookie = request.cookies.get(COOKIE, "")
    usable = request.method in SAFE_METHODS or _is_dashboard(request.path)
    return bool(cookie) and usable and secrets.compare_digest(cookie.encode(), session_cookie(token).encode())


def _is_dashboard(path: str) -> bool:
    return path == DASHBOARD or path.startswith(f"{DASHBOARD}/")


def _given(request: web.Request) -> str:
    authorization = request.headers.get("Authorization", "")
    bearer = authorization[len(BEARER) :] if authorization.startswith(BEARER) else ""
    return request.headers.get(HEADER) or bearer
