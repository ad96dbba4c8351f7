"""The control API under /_mock: the test's own handle on the simulation. JSON in and out;
the tenant is chosen by X-AUTH-TOKEN, without the key's IP allow-list."""

from . import journal, people, tenants
from .journal import JOURNAL, Journal, journal_requests

routes = [tenants.routes, people.routes, journal.routes]

__all__ = ["JOURNAL", "Journal", "journal_requests", "routes"]
