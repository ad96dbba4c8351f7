"""The dashboard's buttons (POST): plain forms, so each works without JavaScript, calling the
operations the control API calls, then back to the page they came from (POST/redirect/GET) with
a line saying what happened."""

import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web
from multidict import MultiDict

from ...bodies import form_of
from ...control.admin import ADMIN_TOKEN, COOKIE, DASHBOARD, LOGIN_PATH, session_cookie
from ...control.clock import AdvanceRequest, switch_mode
from ...control.common import registry_of
from ...control.people import PersonAct
from ...core.errors import BadInput, MockError, Unauthenticated, parse_input
from ...scenario.models import WebhookSpec
from ...world import World
from .pages import opened_world
from .render import page
from .session import COOKIE_OPTIONS, check_csrf, forget_keys, keep_key, leave_flash

MOVES = {"PT1M": "a minute", "PT1H": "an hour", "P1D": "a day"}
Action = Callable[[World, MultiDict[str], web.Request], Awaitable[str]]


def back_to(form: MultiDict[str], world: World | None = None) -> str:
    """The dashboard page the form was on; anywhere else is refused, so no form sends a browser
    to another site."""
    wanted = str(form.get("back", ""))
    fallback = f"{DASHBOARD}/tenants/{world.tenant.customer}" if world else DASHBOARD
    return wanted if wanted.startswith(f"{DASHBOARD}") and "//" not in wanted else fallback


def see_other(location: str, *, notice: str | None = None, error: str | None = None) -> web.Response:
    """The redirect back, with one line for the next page to show."""
    response = web.Response(status=303, headers={"Location": location})
    if notice or error:
        leave_flash(response, "error" if error else "notice", error or notice or "")
    return response


def tenant_action(act: Action) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A button of a tenant's page: the CSRF check, the act, and back with what it did or why not."""

    async def answer(request: web.Request) -> web.StreamResponse:
        form = await form_of(request)
        check_csrf(request, form)
        world = opened_world(request)
        if world is None:
            raise Unauthenticated(
                f"tenant {request.match_info['tenant']}: expected it opened with its API key"
            )
        try:
            notice = await act(world, form, request)
        except MockError as error:
            return see_other(back_to(form, world), error=error.message)
        return see_other(back_to(form, world), notice=notice)

    return answer


async def open_tenant(request: web.Request) -> web.Response:
    """Opens a tenant with its API key, which the session keeps (an HttpOnly cookie)."""
    form = await form_of(request)
    check_csrf(request, form)
    key = str(form.get("key", "")).strip()
    world = registry_of(request).find(key)
    if world is None:
        error = "API key: expected the key of one of this server's tenants (X-AUTH-TOKEN), got an unknown one"
        return see_other(back_to(form), error=error)
    response = see_other(f"{DASHBOARD}/tenants/{world.tenant.customer}")
    keep_key(response, request, key)
    return response


async def login(request: web.Request) -> web.Response:
    """The admin token, asked for once: the session keeps a cookie derived from it."""
    form = await form_of(request)
    check_csrf(request, form)
    token = request.app.get(ADMIN_TOKEN)
    given = str(form.get("token", ""))
    if token is None:
        return see_other(DASHBOARD)
    if not secrets.compare_digest(given.encode(), token.encode()):
        error = "Admin token: expected the token the server was started with (--admin-token)"
        return page(request, "login.html", 401, next=back_to(form), here=LOGIN_PATH, error=error)
    response = see_other(back_to(form))
    response.set_cookie(COOKIE, session_cookie(token), **COOKIE_OPTIONS)
    return response


async def logout(request: web.Request) -> web.Response:
    """Forgets the session's tenant keys and admin login."""
    check_csrf(request, await form_of(request))
    response = see_other(DASHBOARD, notice="Logged out: the tenants' keys are forgotten.")
    forget_keys(response)
    response.del_cookie(COOKIE, path=COOKIE_OPTIONS["path"])
    return response


@tenant_action
async def advance(world: World, form: MultiDict[str], _: web.Request) -> str:
    """`by` one of the buttons' durations, `next` true, or `to` a moment from the date picker,
    read in the tenant's time zone."""
    if form.get("next"):
        wanted, said = {"next": True}, "to the next event"
    elif form.get("to"):
        moment = _local_moment(str(form["to"]), world)
        wanted, said = {"to": moment}, f"to {form['to']}"
    else:
        wanted, said = {"by": form.get("by", "")}, MOVES.get(str(form.get("by")), str(form.get("by")))
    ran = await parse_input(AdvanceRequest, wanted, root="").run(world.tenant.clock)
    return f"Advanced {said}: {len(ran)} action{'s' * (len(ran) != 1)} ran."


def _local_moment(text: str, world: World) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput.expected("to", "expected a date and time such as 2024-06-12T10:00", text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=world.tenant.timezone)


@tenant_action
async def mode(world: World, form: MultiDict[str], _: web.Request) -> str:
    await switch_mode(world, str(form.get("mode", "")))
    return f"The clock is now {world.tenant.clock.mode}."


@tenant_action
async def act_on_paylink(world: World, form: MultiDict[str], request: web.Request) -> str:
    act = parse_input(PersonAct, {k: v for k, v in form.items() if k in ("amount", "method")}, root="")
    link = world.paylinks.act(request.match_info["id"], request.match_info["act"], **act.model_dump())
    await world.tenant.clock.settle()
    return f"PayLink {link.id}: {request.match_info['act']} done, now {link.status}."


@tenant_action
async def act_on_mandate(world: World, _: MultiDict[str], request: web.Request) -> str:
    mandate = world.mandates.act(request.match_info["id"], request.match_info["act"])
    await world.tenant.clock.settle()
    return f"Mandate {mandate.id}: {request.match_info['act']} done, now {mandate.status}."


@tenant_action
async def redeliver(world: World, _: MultiDict[str], request: web.Request) -> str:
    delivery = await world.webhooks.redeliver(request.match_info["id"])
    last = delivery.attempts[-1]
    return f"Redelivered {delivery.event}: {last.status or last.error}, now {delivery.status}."


@tenant_action
async def add_endpoint(world: World, form: MultiDict[str], _: web.Request) -> str:
    """An endpoint by its URL alone (inbox:demo, or a receiver's), receiving every event."""
    spec = parse_input(
        WebhookSpec, {"url": str(form.get("url", "")).strip(), "events": "all"}, root="endpoint"
    )
    endpoint = world.webhooks.add_endpoint(spec)
    return f"Endpoint {endpoint.id} added: {spec.url} receives every event from now on."
