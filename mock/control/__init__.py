"""The control API under /_mock: the test's own handle on the simulation. JSON in and out;
the tenant is chosen by X-AUTH-TOKEN, without the key's IP allow-list."""

from . import (
    callr,
    clock,
    endpoints,
    events,
    journal,
    messages,
    openapi,
    people,
    population,
    results,
    tenants,
    voice,
    webhooks,
)
from .journal import JOURNAL, Journal, record_request

rooms = (
    tenants,
    clock,
    people,
    voice,
    messages,
    results,
    webhooks,
    endpoints,
    events,
    journal,
    callr,
    population,
    openapi,
)
routes = [room.routes for room in rooms]

__all__ = ["JOURNAL", "Journal", "record_request", "routes"]
