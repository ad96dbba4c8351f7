"""Every path of the landing pages and the handler that answers it: registered at start, the pages
behind them loaded by the first request (mock/web/on_first_use.py), in the order aiohttp tries them."""

from pathlib import Path

from aiohttp import web

from ..on_first_use import routes_on_first_call

routes = [
    web.static("/static", Path(__file__).parents[1] / "static"),
    *routes_on_first_call(
        __package__,
        [
            ("GET", "/{code:[a-z0-9]{7}}", "common.short_url"),
            ("GET", "/pay/{customer}/{id}", "paylinks.paylink_page"),
            ("POST", "/pay/{customer}/{id}", "paylinks.paylink_act"),
            ("GET", "/mandate/{customer}/{id}", "mandates.mandate_page"),
            ("POST", "/mandate/{customer}/{id}", "mandates.mandate_act"),
        ],
    ),
]
