"""Landing pages behind PayLink and mandate short and long URLs: the simulated payer or debtor
clicks through them, and every click is the same act the control API performs, on the tenant's
clock. Plain forms (POST, redirect, GET): every page works without JavaScript. The paths are in
`urls`; the pages load with the first request to one of them."""

from .urls import routes

__all__ = ["routes"]
