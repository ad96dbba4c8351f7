"""Who may use the control API: whoever reaches a loopback server, or, when the server is served
to a network, whoever holds its admin token (`--admin-token`). The control API makes tenants,
reads their snapshots and pays their PayLinks: on a network it must not be everyone's."""

import secrets

from aiohttp import web

from ..core.errors import Unauthenticated
from .errors import is_control

ADMIN_TOKEN = web.AppKey("admin_token", str)
OPEN_PATHS = frozenset({"/_mock/health"})  # what a load balancer or a start-up script polls
HEADER = "X-Admin-Token"
BEARER = "Bearer "


@web.middleware
async def require_admin_token(request: web.Request, handler) -> web.StreamResponse:
    """Refuses a control-API request without the admin token, when the server has one."""
    token = request.app.get(ADMIN_TOKEN)
    guarded = token and is_control(request.path) and request.path not in OPEN_PATHS
    if guarded and not secrets.compare_digest(_given(request).encode(), token.encode()):
        raise Unauthenticated(
            f"{HEADER}: expected the server's admin token (--admin-token) in this header "
            f"or as 'Authorization: {BEARER}<token>'"
        )
    return await handler(request)


def _given(request: web.Request) -> str:
    authorization = request.headers.get("Authorization", "")
    bearer = authorization[len(BEARER) :] if authorization.startswith(BEARER) else ""
    return request.headers.get(HEADER) or bearer
