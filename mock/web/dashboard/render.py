"""The dashboard's pages as HTML: its Jinja2 templates (under templates/dashboard/) and how a
page answers, with the session's CSRF token in every form."""

import json
from datetime import UTC, datetime

from aiohttp import web

from ...core.values import format_datetime
from ...world import World
from ..templates import environment
from .session import CSRF_FIELD, clear_flash, csrf_token, keep_csrf, take_flash


def shown_time(moment: datetime | None, world: World | None = None) -> str:
    """A moment as a person reads it, in the tenant's own time zone: '2024-06-12 10:05:00'."""
    if moment is None:
        return ""
    local = moment.astimezone(world.tenant.timezone) if world else moment
    return f"{local:%Y-%m-%d %H:%M:%S}"


# The dashboard's own filters, beside the shared ones (money, words) in the one environment.
environment.filters["rfc3339"] = format_datetime
environment.globals["shown_time"] = shown_time
environment.filters["pretty"] = lambda value: json.dumps(value, indent=2, ensure_ascii=False)
environment.filters["real_time"] = lambda seconds: format_datetime(datetime.fromtimestamp(seconds, UTC))


def page(request: web.Request, template: str, status: int = 200, **context: object) -> web.Response:
    """The page, with the line the last form left (unless it has its own) and the CSRF token."""
    shown = {"error": None, "notice": None, **take_flash(request)}
    context = {"csrf_field": CSRF_FIELD, "csrf": csrf_token(request), **shown, **context}
    html = environment.get_template(f"dashboard/{template}").render(**context)
    response = web.Response(text=html, status=status, content_type="text/html")
    # A page of the dashboard is never cached: the live script fetches it again for its fresh parts.
    response.headers["Cache-Control"] = "no-store"
    keep_csrf(response, request)
    clear_flash(response, request)
    return response
