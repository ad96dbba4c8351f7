"""The one Jinja2 environment of every page the mock serves (landing pages, dashboard, explorer):
the templates in `templates/`, autoescaped, with the filters that write money and statuses as a
person reads them."""

from pathlib import Path

import jinja2
from aiohttp import web

from ..core.values import currency_symbol, format_money

__all__ = ["environment", "page"]


def _currency(code: str) -> str:
    """How a page names a currency: the code the PayLink was made with, and its sign if it has one."""
    symbol = currency_symbol(code)
    return f"{code} ({symbol})" if symbol else code


def _words(status: str) -> str:
    """A status as a person reads it: 'partially_paid' → 'partially paid'."""
    return str(status).replace("_", " ")


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    # A misspelt variable fails the render (and its test) instead of leaving a blank on the page.
    undefined=jinja2.StrictUndefined,
)
environment.filters["money"] = format_money
environment.filters["currency"] = _currency
environment.filters["words"] = _words


def page(template: str, status: int = 200, **context: object) -> web.Response:
    """An HTML answer rendered from a template; `notice` and `errors` (the base's messages, and the
    fields they name: `invalid`) default to none."""
    context.setdefault("notice", None)
    context.setdefault("errors", [])
    context.setdefault("invalid", set())
    return web.Response(
        text=environment.get_template(template).render(**context), status=status, content_type="text/html"
    )
