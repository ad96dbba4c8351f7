"""Landing pages behind PayLink and mandate short and long URLs: the simulated payer or debtor
clicks through them, and every click is the same act the control API performs, on the tenant's
clock. Plain forms (POST, redirect, GET): every page works without JavaScript."""

from . import common, mandates, paylinks

__all__ = ["routes"]

routes = [*common.routes, *paylinks.routes, *mandates.routes]
