"""Every path of the dashboard and the handler that answers it: registered at start, the pages and
actions behind them loaded by the first request (mock/web/on_first_use.py), in this order, the
order aiohttp tries them in."""

from ...control.admin import DASHBOARD, LOGIN_PATH
from ..on_first_use import routes_on_first_call

TENANT = f"{DASHBOARD}/tenants/{{tenant}}"
KINDS = "paylinks|mandates|batches|calls|messages"

routes = routes_on_first_call(
    __package__,
    [
        ("GET", "/", "pages.home"),
        ("GET", DASHBOARD, "pages.picker"),
        ("GET", f"{DASHBOARD}/login", "pages.login_form"),
        ("GET", TENANT, "pages.overview"),
        ("GET", f"{TENANT}/{{kind:{KINDS}}}", "pages.listing"),
        ("GET", f"{TENANT}/{{kind:{KINDS}}}/{{id}}", "pages.detail"),
        ("GET", f"{TENANT}/webhooks", "pages.webhooks"),
        ("GET", f"{TENANT}/webhooks/{{id}}", "pages.delivery"),
        ("GET", f"{TENANT}/inbox/{{name}}", "pages.inbox"),
        ("GET", f"{TENANT}/requests", "pages.journal"),
        ("POST", f"{DASHBOARD}/open", "actions.open_tenant"),
        ("POST", LOGIN_PATH, "actions.login"),
        ("POST", f"{DASHBOARD}/logout", "actions.logout"),
        ("POST", f"{TENANT}/clock/advance", "actions.advance"),
        ("POST", f"{TENANT}/clock/mode", "actions.mode"),
        ("POST", rf"{TENANT}/paylinks/{{id}}/{{act:visit|pay|cancel|fail|expire}}", "actions.act_on_paylink"),
        ("POST", rf"{TENANT}/mandates/{{id}}/{{act:authorize|confirm}}", "actions.act_on_mandate"),
        ("POST", f"{TENANT}/webhooks/{{id}}/redeliver", "actions.redeliver"),
        ("POST", f"{TENANT}/webhooks/endpoints", "actions.add_endpoint"),
    ],
)
