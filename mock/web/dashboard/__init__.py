"""The dashboard at /_mock/ui: a tenant's clock, objects, webhooks, inboxes and requests, live
(`pages`, `actions`, loaded by the first request to one of the paths in `urls`); each list and
timeline gathered from the services the control API uses (`lists`, `details`); the browser
session (`session`)."""

from .urls import routes

__all__ = ["routes"]
