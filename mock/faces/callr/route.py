"""POST /json-rpc/v1.1/: finds the CALLR account the credentials open, and hands the body to rpc.
Every RPC outcome answers HTTP 200; only credentials that open no account get 401."""

from collections.abc import Callable, Iterable

from aiohttp import BasicAuth, web

from .account import CallrAccount
from .errors import CallrError
from .rpc import answer

PATHS = ("/json-rpc/v1.1/", "/json-rpc/v1.1")
ACCOUNTS = web.AppKey("callr_accounts", Callable[[], Iterable[CallrAccount]])


def mount(app: web.Application, accounts: Callable[[], Iterable[CallrAccount]]) -> None:
    """`accounts` answers every tenant's account as things stand (tenants come, go and are restored)."""
    app[ACCOUNTS] = accounts
    for path in PATHS:
        app.router.add_post(path, handle)


async def handle(request: web.Request) -> web.Response:
    account = _account(request)
    if account is None:
        error = CallrError("AUTHENTICATION_FAILED", expected="Basic login:password or Api-Key of an account")
        body = {"id": None, "jsonrpc": "2.0", "error": error.as_json()}
        return web.json_response(body, status=401, headers={"WWW-Authenticate": 'Basic realm="CALLR"'})
    result = answer(await request.read(), account)
    await account.clock.settle()  # what is due now (a webhook's first try) is done before the answer
    return web.json_response(result)


def _account(request: web.Request) -> CallrAccount | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "api-key":
        return next((a for a in request.app[ACCOUNTS]() if a.opens_with_key(token.strip())), None)
    try:
        auth = BasicAuth.decode(header)
    except ValueError:
        return None
    return next((a for a in request.app[ACCOUNTS]() if a.opens_with(auth.login, auth.password)), None)
