"""Rooms of the server loaded when their first request comes, not at start: GraphQL (graphql-core,
Ariadne, the resolvers and the schema bound to them) was a fifth of `serve`'s start-up, and a
server that is only asked for its health, its dashboard or its control API never needs it."""

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ..heap import freeze_loaded

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# The app's reminders_mock.graphql.Executor, standing as an OnFirstUse until /v1 is first asked.
# Defined here, not beside the Executor, so that wiring the app reads no GraphQL (not even for a
# type: the import graph would have a cycle); reminders_mock.graphql exports the same key.
EXECUTOR: web.AppKey[Any] = web.AppKey("executor")


class OnFirstUse:
    """Stands in the app for an object built the first time one of its attributes is read, then
    answers with that object's attributes: app[EXECUTOR].run(...), app[EXECUTOR].schema."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._built: Any = None

    def __getattr__(self, name: str) -> Any:
        # Only attributes this class lacks come here: every one of the built object's.
        if self._built is None:
            self._built = self._build()
            freeze_loaded()
        return getattr(self._built, name)


def on_first_call(load: Callable[[], Handler]) -> Handler:
    """A request handler that `load` imports when its first request comes."""

    @functools.cache
    def loaded() -> Handler:
        handler = load()
        freeze_loaded()
        return handler

    async def handle(request: web.Request) -> web.StreamResponse:
        return await loaded()(request)

    return handle
