"""The dashboard's pages as HTML: its Jinja2 templates (under templates/dashboard/) and how a
page answers, with the session's CSRF token in every form."""

import json
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from aiohttp import web

from ...core.values import format_datetime
from ...world import World
from .session import CSRF_FIELD, clear_flash, csrf_token, keep_csrf, take_flash

TEMPLATES = Path(__file__).parents[1] / "templates"

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def shown_time(moment: datetime | None, world: World | None = None) -> str:
    """A moment as a person reads it, in the tenant's own time zone: '2024-06-12 10:05:00'."""
    if moment is None:
        return ""
    local = moment.astimezone(world.tenant.timezone) if world else moment
    return f"{local:%Y-%m-%d %H:%M:%S}"


_templates.filters["rfc3339"] = format_datetime
_templates.globals["shown_time"] = shown_time
_templates.filters["words"] = lambda status: str(status).replace("_", " ")
_templates.filters["pretty"] = lambda value: json.dumps(value, indent=2, ensure_ascii=False)
_templates.filters["real_time"] = lambda seconds: format_datetime(datetime.fromtimestamp(seconds, UTC))


def page(request: web.Request, template: str, status: int = 200, **context: object) -> web.Response:
    """The page, with the line the last form left (unless it has its own) and the CSRF token."""
    shown = {"error": None, "notice": None, **take_flash(request)}
    context = {"csrf_field": CSRF_FIELD, "csrf": csrf_token(request), **shown, **context}
    html = _templates.get_template(f"dashboard/{template}").render(**context)
    response = web.Response(text=html, status=status, content_type="text/html")
    # A page of the dashboard is never cached: the live script fetches it again for its fresh parts.
    response.headers["Cache-Control"] = "no-store"
    keep_csrf(response, request)
    clear_flash(response, request)
    return response
