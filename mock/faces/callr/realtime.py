"""REALTIME10 calls: the app's URL gets an RT.Request as the call goes on (UP when answered, the
result of each command, HANGUP at the end) and its RT.Response commands are followed. The app
answers over real HTTP, so the documented 5 seconds are real seconds; a command takes
COMMAND_SECONDS of the tenant's clock."""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ...core.clock import Clock
from ...webhooks.formats import compact
from ...webhooks.transport import Answer, DeliveryError, Transport, for_tenant
from .apps import Apps
from .cdr import CallRecord
from .values import callr_datetime

RT_ACTION = "callr.rt.request"
RT_SECONDS = 5.0  # RT.Response: "You have to send it within 5 seconds"
COMMAND_SECONDS = timedelta(seconds=5)
# What an RT.Request's call_status says of a call that was not answered.
UNANSWERED = {"BUSY": "BUSY", "NOANSWER": "NOANSWER", "CONGESTION": "CONGESTION", "CHANUNAVAIL": "CONGESTION"}
UNANSWERED |= {"CANCEL": "REJECTED"}


class Realtime:
    def __init__(
        self,
        clock: Clock,
        customer: str,
        transport: Transport,
        apps: Apps,
        find: Callable[[int], CallRecord],
        end: Callable[[CallRecord], None],
    ) -> None:
        """`find(callid)` is a call's record; `end(record)` hangs it up now, as the app asks."""
        self.clock, self.customer, self.transport, self.apps = clock, customer, transport, apps
        self.find, self.end = find, end
        clock.on(RT_ACTION, self._request)

    def begin(self, record: CallRecord) -> None:
        """The first request: UP when the callee answers, or why nobody did when the call ends."""
        if record.answer is not None:
            self.clock.schedule(record.answer, RT_ACTION, callid=record.callid, status="UP")
        elif record.dialstatus in UNANSWERED:
            status = UNANSWERED[record.dialstatus]
            self.clock.schedule(record.hangup, RT_ACTION, callid=record.callid, status=status)

    def hung_up(self, record: CallRecord) -> None:
        if record.answer is not None:
            self.clock.schedule(self.clock.now(), RT_ACTION, callid=record.callid, status="HANGUP")

    async def _request(self, callid: int, status: str, **last: Any) -> None:
        record = self.find(callid)
        app = self.apps.apps.get(record.app)
        if app is None or (status == "UP" and record.ended):
            return  # the app was deleted, or the call ended while the command ran
        response = _response(await self._post(app.params, self._body(record, status, last)))
        if status != "UP":
            return
        if response is None or response.get("command") == "hangup":
            self.end(record)  # an app that cannot be understood is hung up on, as one that asks to
            return
        due = self.clock.now() + COMMAND_SECONDS
        if due < record.hangup:
            self.clock.schedule(
                due,
                RT_ACTION,
                callid=callid,
                status="UP",
                command=response.get("command"),
                command_id=response.get("command_id"),
                command_result="OK",
                variables=response.get("variables") or {},
            )

    def _body(self, record: CallRecord, status: str, last: dict[str, Any]) -> dict[str, Any]:
        """An RT.Request, keys as the object lists them."""
        return {
            "app": record.app,
            "call_status": status,
            "callid": record.callid,
            "cdr_field": record.customer_field,
            "cli_name": None,
            "cli_number": record.cli,
            "command": last.get("command"),
            "command_error": None,
            "command_id": last.get("command_id"),
            "command_result": last.get("command_result"),
            "date_started": callr_datetime(record.start),
            "number": record.number,
            "request_hash": None,
            "variables": last.get("variables") or {},
        }

    async def _post(self, params: dict[str, Any], body: dict[str, Any]) -> Answer | None:
        auth = (params["login"], params.get("password") or "") if params.get("login") else None
        headers = {"Content-Type": "application/json"}
        try:
            url = for_tenant(params["url"], self.customer)
            return await self.transport.post(url, compact(body), headers, auth, RT_SECONDS)
        except DeliveryError:
            return None


def _response(answer: Answer | None) -> dict[str, Any] | None:
    """The RT.Response of a 2xx JSON answer, else None."""
    if answer is None or not 200 <= answer.status < 300:
        return None
    try:
        response = json.loads(answer.text)
    except ValueError:
        return None
    return response if isinstance(response, dict) and isinstance(response.get("command"), str) else None
