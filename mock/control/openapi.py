"""The control API described in OpenAPI 3.1, served at GET /_mock/openapi.json: every /_mock route
with its parameters, request body and answers, so clients can be generated and fuzzers (the
suite runs schemathesis) can check the server against it. Request bodies come from the pydantic
models the handlers validate with, so the two cannot drift; answers are written here as data.
tests/control/test_openapi.py checks every registered /_mock route is described."""

import json
from functools import cache
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from .. import __version__
from .callr import InboundSms
from .clock import AdvanceRequest, ModeRequest
from .common import PAGE_SIZE
from .people import PersonAct
from .tenants import TenantRequest
from .voice import InboundCall

routes = web.RouteTableDef()

JSON = "application/json"
MOMENT = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}


def _object(**properties: Any) -> dict[str, Any]:
    """A JSON object with these keys, all present; others may come (answers grow, never shrink)."""
    return {"type": "object", "required": list(properties), "properties": properties}


def _list_of(key: str, item: dict[str, Any]) -> dict[str, Any]:
    return _object(**{key: {"type": "array", "items": item}})


ERROR = _object(error=_object(code=TEXT, message=TEXT))
CLOCK = _object(
    customer=TEXT,
    now=MOMENT,
    mode=TEXT,
    pending={"type": "integer", "minimum": 0},
    nextDue={"anyOf": [MOMENT, {"type": "null"}]},
)
ADVANCED = {
    "allOf": [
        CLOCK,
        _object(
            ran={"type": "integer", "minimum": 0},
            actions={"type": "array", "items": _object(due=MOMENT, action=TEXT)},
        ),
    ]
}
TENANT = _object(customer=TEXT, apiKey=TEXT, seed={"type": "integer"}, now=MOMENT)
HEALTH = _object(status={"const": "ok"}, version=TEXT, url=TEXT, tenants={"type": "integer", "minimum": 0})
# Domain objects as the control API shows them: their ids and statuses are what clients read.
PAYLINK = _object(id=TEXT, status=TEXT)
MANDATE = _object(id=TEXT, status=TEXT)
CALL = _object(id=TEXT, script=TEXT, direction=TEXT, status=TEXT, events={"type": "array"})
MESSAGE = _object(id=TEXT, channel=TEXT, status=TEXT)
DELIVERY = _object(
    id=TEXT,
    eventId=TEXT,
    event=TEXT,
    url=TEXT,
    status={"enum": ["pending", "delivered", "failed", "cancelled"]},
    createdOn=MOMENT,
    attempts={"type": "array", "items": {"type": "object"}},
)
ENDPOINT = _object(
    id=TEXT, url=TEXT, format=TEXT, events={"type": "array", "items": TEXT}, hasPassword={"type": "boolean"}
)
# A webhook endpoint as scenarios write one (`reminders-mock scenario-schema`, WebhookSpec): an
# object, or its URL alone.
ENDPOINT_BODY = {
    "description": "a webhook endpoint: its URL, or an object (url, username, password, format, events...)",
    "anyOf": [{"type": "string"}, {"type": "object"}],
}
RESULT_FILE = _object(name=TEXT, day=TEXT, script=TEXT, createdOn=MOMENT, size={"type": "integer"}, url=TEXT)
INBOX = _object(name=TEXT, requests={"type": "array", "items": {"type": "object"}})
SNAPSHOT = _object(format={"type": "integer"}, customer=TEXT, clock={"type": "object"})
JOURNAL = _list_of("requests", _object(method=TEXT, path=TEXT, status={"type": "integer"}))
MAGIC = _object(rules={"type": "array"}, voice={}, messages={}, webhooks={})
OPENAPI = _object(openapi=TEXT, paths={"type": "object"})
# Altair's collection file (mock/web/explorer/altair.py): one window per documented example.
ALTAIR_COLLECTION = _object(
    version={"const": 1},
    type={"const": "collection"},
    title=TEXT,
    queries={"type": "array", "items": _object(windowName=TEXT, apiUrl=TEXT, query=TEXT, variables=TEXT)},
)


def _query(name: str, description: str, schema: dict[str, Any] = TEXT) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _path(name: str, schema: dict[str, Any] = TEXT) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


ID = _path("id")
NAME = _path("name")
# A browser's EventSource, or a link opened from the dashboard, cannot send X-AUTH-TOKEN.
BROWSER_KEY = _query("key", "the tenant's API key, for a browser that cannot send X-AUTH-TOKEN")
# Every list answers a page (common.PageQuery), with `total`, `offset`, `limit` and `next` beside it.
PAGE = (
    _query(
        "limit",
        f"items in the page, at most {PAGE_SIZE}",
        {"type": "integer", "minimum": 0, "maximum": PAGE_SIZE},
    ),
    _query("offset", "the first item's position, 0 the oldest", {"type": "integer", "minimum": 0}),
)


def _operation(
    summary: str,
    answer: dict[str, Any],
    *,
    body: type[BaseModel] | str | None = None,
    parameters: tuple[dict[str, Any], ...] = (),
    status: str = "200",
    keyless: bool = False,
    media: str = JSON,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": list(parameters),
        "responses": {
            status: {"description": "done", "content": {media: {"schema": answer}}},
            # Every refusal, whatever its status (400, 401, 404, 409, 413, 415...), is one shape.
            "4XX": {
                "description": "refused",
                "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
    }
    if body is not None:
        name = body if isinstance(body, str) else body.__name__
        operation["requestBody"] = {
            "required": False,  # no body reads as {}
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }
    if keyless:
        operation["security"] = []
    return operation


BODIES: tuple[type[BaseModel], ...] = (
    AdvanceRequest,
    ModeRequest,
    TenantRequest,
    PersonAct,
    InboundCall,
    InboundSms,
)
# Bodies whose whole schema would be large and is published elsewhere: a scenario (`reminders-mock
# scenario-schema` prints its JSON schema) and a snapshot (what GET /_mock/snapshot answered,
# handed back as it was). Fuzzing them field by field cost a minute of generation for nothing.
SCENARIO = {
    "description": "a shipped scenario's name, or a scenario object (reminders-mock scenario-schema)",
    "anyOf": [{"type": "string"}, {"type": "object"}, {"type": "null"}],
}
WRITTEN_HERE = {"Snapshot": SNAPSHOT, "Endpoint": ENDPOINT_BODY}
OVERRIDDEN = {"TenantRequest": {"scenario": SCENARIO}}

PATHS: dict[str, dict[str, Any]] = {
    "/_mock/health": {"get": _operation("Whether the server answers", HEALTH, keyless=True)},
    "/_mock/openapi.json": {"get": _operation("This description", OPENAPI, keyless=True)},
    "/_mock/magic": {"get": _operation("The built-in rules and magic values", MAGIC, keyless=True)},
    "/_mock/altair-collection.json": {
        "get": _operation(
            "The documented examples as an Altair collection, for its Import collection",
            ALTAIR_COLLECTION,
            parameters=(
                _query("key", "the API key the examples send (default: the caller's, or the first tenant's)"),
            ),
            keyless=True,
        )
    },
    "/_mock/tenants": {
        "post": _operation("A new tenant, isolated from all others", TENANT, body=TenantRequest, status="201")
    },
    "/_mock/reset": {"post": _operation("The tenant rebuilt from its scenario", TENANT)},
    "/_mock/snapshot": {
        "get": _operation("The tenant as data", SNAPSHOT),
        "put": _operation("The tenant replaced by a snapshot", TENANT, body="Snapshot"),
    },
    "/_mock/clock": {"get": _operation("The tenant's clock", CLOCK)},
    "/_mock/clock/advance": {
        "post": _operation("Move the clock, running what falls due", ADVANCED, body=AdvanceRequest)
    },
    "/_mock/clock/mode": {"post": _operation("manual, realtime or Nx", CLOCK, body=ModeRequest)},
    "/_mock/paylinks/{id}/{act}": {
        "post": _operation(
            "Play the payer",
            PAYLINK,
            body=PersonAct,
            parameters=(ID, _path("act", {"enum": ["visit", "pay", "cancel", "fail", "expire"]})),
        )
    },
    "/_mock/mandates/{id}/{act}": {
        "post": _operation(
            "Play the debtor", MANDATE, parameters=(ID, _path("act", {"enum": ["authorize", "confirm"]}))
        )
    },
    "/_mock/voice/inbound": {"post": _operation("A person calls in", CALL, body=InboundCall)},
    "/_mock/callr/sms/mo": {
        "post": _operation("A person texts a CALLR number", _object(hash=TEXT, status=TEXT), body=InboundSms)
    },
    "/_mock/voice/calls": {
        "get": _operation(
            "The tenant's calls",
            _list_of("calls", CALL),
            parameters=(
                _query("reference", "the record's reference"),
                _query("script", "the script's id"),
                *PAGE,
            ),
        )
    },
    "/_mock/messages": {
        "get": _operation(
            "The mail and SMS sent",
            _list_of("messages", MESSAGE),
            parameters=(
                _query("reference", "the record's reference"),
                _query("channel", "mail or sms"),
                *PAGE,
            ),
        )
    },
    "/_mock/messages/{id}": {"get": _operation("One message", MESSAGE, parameters=(ID,))},
    "/_mock/results": {
        "get": _operation("The tenant's result files", _list_of("files", RESULT_FILE), parameters=PAGE)
    },
    "/_mock/results/{name}": {
        "get": _operation("One result file", TEXT, parameters=(NAME,), media="text/csv")
    },
    "/_mock/webhooks/deliveries": {
        "get": _operation(
            "Every webhook delivery and its attempts",
            _list_of("deliveries", DELIVERY),
            parameters=(
                _query("status", "pending, delivered or failed"),
                _query("event", "an event name, such as PayLinkPaid"),
                *PAGE,
            ),
        )
    },
    "/_mock/webhooks/deliveries/{id}/redeliver": {
        "post": _operation("Send a delivery's event again", DELIVERY, parameters=(ID,))
    },
    "/_mock/webhooks/endpoints": {
        "get": _operation("The tenant's webhook endpoints", _list_of("endpoints", ENDPOINT)),
        "post": _operation("Add a webhook endpoint", ENDPOINT, body="Endpoint", status="201"),
    },
    "/_mock/webhooks/endpoints/{id}": {
        "delete": _operation("Remove a webhook endpoint", {}, parameters=(ID,), status="204"),
    },
    "/_mock/events": {
        "get": _operation(
            "The tenant's domain events and delivery attempts as they happen (server-sent events)",
            TEXT,
            parameters=(
                BROWSER_KEY,
                _query("since", "replay the kept messages after this id"),
            ),
            media="text/event-stream",
        )
    },
    "/_mock/inbox/{name}": {
        "get": _operation(
            "What the built-in receiver inbox:NAME received", INBOX, parameters=(NAME, BROWSER_KEY, *PAGE)
        ),
        "delete": _operation(
            "Empty an inbox", _object(name=TEXT, deleted={"type": "integer"}), parameters=(NAME,)
        ),
    },
    "/_mock/population": {"get": _operation("The tenant's generated debtors summed up", {"type": "object"})},
    "/_mock/requests": {
        "get": _operation(
            "The tenant's last requests",
            JOURNAL,
            parameters=(_query("limit", "keep the newest N", {"type": "integer", "minimum": 0}),),
        )
    },
}


# The dashboard (mock/web/dashboard): HTML pages for a person, and the plain forms their buttons
# post (form-encoded, with the page's CSRF token), each answered by a redirect back to a page.
HTML = "text/html"
TENANT_PATH = _path("tenant")
KIND = _path("kind", {"enum": ["paylinks", "mandates", "batches", "calls", "messages"]})
FILTERS = (_query("status", "only this status"), _query("reference", "only this record or invoice reference"))
FORM = {"type": "object", "additionalProperties": {"type": "string"}}


def _page(summary: str, *parameters: dict[str, Any], keyless: bool = False) -> dict[str, Any]:
    """A dashboard page: HTML, its refusals too, or a redirect (to the tenant picker, or to the
    login form when the server has an admin token)."""
    operation = _operation(summary, TEXT, parameters=parameters, media=HTML, keyless=keyless)
    operation["responses"]["303"] = {"description": "to the tenant picker or the login form"}
    operation["responses"]["4XX"]["content"][HTML] = {"schema": TEXT}
    return operation


def _form(summary: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    """A dashboard button: a form with the CSRF token, answered by a redirect back."""
    operation = _operation(summary, {}, parameters=parameters, status="303", media=HTML)
    operation["requestBody"] = {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": FORM}},
    }
    operation["responses"]["4XX"]["content"][HTML] = {"schema": TEXT}
    return operation


DASHBOARD_PATHS: dict[str, dict[str, Any]] = {
    "/_mock/ui": {"get": _page("The dashboard: every tenant, opened with its API key", keyless=True)},
    "/_mock/ui/open": {"post": _form("Open a tenant with its API key (kept for the session)")},
    "/_mock/ui/login": {
        "get": _page("The admin token's login form, on a server that has one", keyless=True),
        "post": _form("Log in with the admin token"),
    },
    "/_mock/ui/logout": {"post": _form("Forget the session's keys and login")},
    "/_mock/ui/tenants/{tenant}": {"get": _page("A tenant's clock and newest objects", TENANT_PATH)},
    "/_mock/ui/tenants/{tenant}/{kind}": {
        "get": _page("A tenant's PayLinks, mandates, batches, calls or messages", TENANT_PATH, KIND, *FILTERS)
    },
    "/_mock/ui/tenants/{tenant}/{kind}/{id}": {
        "get": _page("One object and its timeline", TENANT_PATH, KIND, ID)
    },
    "/_mock/ui/tenants/{tenant}/webhooks": {
        "get": _page(
            "Webhook deliveries and endpoints",
            TENANT_PATH,
            _query("status", "pending, delivered, failed or cancelled"),
            _query("event", "an event name, such as PayLinkPaid"),
        )
    },
    "/_mock/ui/tenants/{tenant}/webhooks/{id}": {
        "get": _page("One delivery: body, headers and every attempt", TENANT_PATH, ID)
    },
    "/_mock/ui/tenants/{tenant}/webhooks/{id}/redeliver": {"post": _form("Redeliver", TENANT_PATH, ID)},
    "/_mock/ui/tenants/{tenant}/webhooks/endpoints": {"post": _form("Add a webhook endpoint", TENANT_PATH)},
    "/_mock/ui/tenants/{tenant}/inbox/{name}": {"get": _page("What inbox:NAME received", TENANT_PATH, NAME)},
    "/_mock/ui/tenants/{tenant}/requests": {"get": _page("The tenant's request journal", TENANT_PATH)},
    "/_mock/ui/tenants/{tenant}/clock/advance": {"post": _form("Move the clock", TENANT_PATH)},
    "/_mock/ui/tenants/{tenant}/clock/mode": {"post": _form("Change the clock's mode", TENANT_PATH)},
    "/_mock/ui/tenants/{tenant}/paylinks/{id}/{act}": {
        "post": _form(
            "Play the payer",
            TENANT_PATH,
            ID,
            _path("act", {"enum": ["visit", "pay", "cancel", "fail", "expire"]}),
        )
    },
    "/_mock/ui/tenants/{tenant}/mandates/{id}/{act}": {
        "post": _form("Play the debtor", TENANT_PATH, ID, _path("act", {"enum": ["authorize", "confirm"]}))
    },
}
PATHS.update(DASHBOARD_PATHS)


@cache
def description() -> dict[str, Any]:
    schemas: dict[str, Any] = {"Error": ERROR, **WRITTEN_HERE}
    for model in BODIES:
        overridden = OVERRIDDEN.get(model.__name__, {})
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema["properties"].update(overridden)
        schemas.update(_used(schema.pop("$defs", {}), schema))
        schemas[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {"title": "reminders-mock control API", "version": __version__},
        "components": {
            "schemas": schemas,
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-AUTH-TOKEN"}},
        },
        "security": [{"apiKey": []}],
        "paths": PATHS,
    }


@routes.get("/_mock/openapi.json")
async def openapi(_: web.Request) -> web.Response:
    return web.json_response(description())


def _used(definitions: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The pydantic definitions `schema` still uses, through one another too, once some of its
    properties are written here instead."""
    used: dict[str, Any] = {}
    text = json.dumps(schema)
    while found := {n: d for n, d in definitions.items() if n not in used and f'/schemas/{n}"' in text}:
        used.update(found)
        text = json.dumps(found)
    return used
