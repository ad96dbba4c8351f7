"""The control API under /_mock: the test's own handle on the simulation. JSON in and out;
the tenant is chosen by X-AUTH-TOKEN, without the key's IP allow-list."""

from . import callr, clock, journal, messages, people, population, results, tenants, voice, webhooks
from .journal import JOURNAL, Journal, journal_requests

routes = [
    r.routes for r in (tenants, clock, people, voice, messages, results, webhooks, journal, callr, population)
]

__all__ = ["JOURNAL", "Journal", "journal_requests", "routes"]
