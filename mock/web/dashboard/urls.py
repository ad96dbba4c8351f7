"""Every path of the dashboard and the handler that answers it: registered at start, the pages and
actions behind them loaded by the first request (mock/web/on_first_use.py), in this order, the
order aiohttp tries them in."""

from ...control.admin import DASHBOARD, LOGIN_PATH
from ..on_first_use import routes_on_first_call

TENANT = f"{DASHBOARD}/tenants/{{tenant}}"
KINDS = "paylinks|mandates|batches|calls|messages"

PAGES = (
    ("GET", "/", "home"),
    ("GET", DASHBOARD, "picker"),
    ("GET", f"{DASHBOARD}/login", "login_form"),
    ("GET", TENANT, "overview"),
    ("GET", f"{TENANT}/{{kind:{KINDS}}}", "listing"),
    ("GET", f"{TENANT}/{{kind:{KINDS}}}/{{id}}", "detail"),
    ("GET", f"{TENANT}/webhooks", "webhooks"),
    ("GET", f"{TENANT}/webhooks/{{id}}", "delivery"),
    ("GET", f"{TENANT}/inbox/{{name}}", "inbox"),
    ("GET", f"{TENANT}/requests", "journal"),
)
ACTIONS = (
    ("POST", f"{DASHBOARD}/open", "open_tenant"),
    ("POST", LOGIN_PATH, "login"),
    ("POST", f"{DASHBOARD}/logout", "logout"),
    ("POST", f"{TENANT}/clock/advance", "advance"),
    ("POST", f"{TENANT}/clock/mode", "mode"),
    ("POST", rf"{TENANT}/paylinks/{{id}}/{{act:visit|pay|cancel|fail|expire}}", "act_on_paylink"),
    ("POST", rf"{TENANT}/mandates/{{id}}/{{act:authorize|confirm}}", "act_on_mandate"),
    ("POST", f"{TENANT}/webhooks/{{id}}/redeliver", "redeliver"),
    ("POST", f"{TENANT}/webhooks/endpoints", "add_endpoint"),
)

routes = [
    *routes_on_first_call(f"{__package__}.pages", PAGES),
    *routes_on_first_call(f"{__package__}.actions", ACTIONS),
]
