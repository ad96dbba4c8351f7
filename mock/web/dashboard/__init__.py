"""The dashboard at /_mock/ui: a tenant's clock, objects, webhooks, inboxes and requests, live
(`pages`, `actions`); each list and timeline gathered from the services the control API uses
(`lists`, `details`); the browser session (`session`)."""

from . import actions, pages

routes = [pages.routes, actions.routes]

__all__ = ["routes"]
