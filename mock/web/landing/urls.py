"""Every path of the landing pages and the handler that answers it: registered at start, the pages
behind them loaded by the first request (mock/web/on_first_use.py), in the order aiohttp tries them."""

from pathlib import Path

from aiohttp import web

from ..on_first_use import routes_on_first_call

SHORT_URL = (("GET", "/{code:[a-z0-9]{7}}", "short_url"),)
PAYLINKS = (("GET", "/pay/{customer}/{id}", "paylink_page"), ("POST", "/pay/{customer}/{id}", "paylink_act"))
MANDATES = (
    ("GET", "/mandate/{customer}/{id}", "mandate_page"),
    ("POST", "/mandate/{customer}/{id}", "mandate_act"),
)

routes = [
    web.static("/static", Path(__file__).parents[1] / "static"),
    *routes_on_first_call(f"{__package__}.common", SHORT_URL),
    *routes_on_first_call(f"{__package__}.paylinks", PAYLINKS),
    *routes_on_first_call(f"{__package__}.mandates", MANDATES),
]
