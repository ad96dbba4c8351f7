"""serve and reminders_mock.server() run on uvloop's event loop when it is installed (the `fast`
extra, which the test extra includes), on asyncio's when it is not."""

import asyncio
import sys

import pytest
from aiohttp import web

from reminders_mock.background import BackgroundApp
from reminders_mock.serving import new_event_loop


async def running_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def test_a_background_server_runs_on_uvloop_when_it_is_installed():
    uvloop = pytest.importorskip("uvloop")
    server = BackgroundApp(lambda url: web.Application())
    try:
        assert isinstance(server.run(running_loop()), uvloop.Loop)
    finally:
        server.stop()


def test_without_uvloop_the_loop_is_asyncios(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # what `import uvloop` finds when not installed
    loop = new_event_loop()
    try:
        assert isinstance(loop, asyncio.SelectorEventLoop)
    finally:
        loop.close()
