"""REALTIME10 apps: the app's URL, a real server, gets RT.Request bodies as the call goes on and
its RT.Response commands are followed; the calls end up as CDRs with their dial status."""

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.served import receiving

TO, BUSY = "+31612345678", "+31612340001"  # 0001: busy, as the platform's callees
TODAY = ("2024-06-12 00:00:00", "2024-06-12 23:59:59")


@dataclass
class RealtimeApp:
    """Says one thing when the call is up, then asks to hang up."""

    requests: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        self.requests.append(body)
        if body["call_status"] != "UP":
            return web.json_response({})
        if body["command"] is None:
            say = {"command": "say", "command_id": 1, "params": {"text": "Hello"}, "variables": {"step": 1}}
            return web.json_response(say)
        return web.json_response({"command": "hangup", "command_id": 2, "params": {}, "variables": {}})


async def test_a_realtime_app_is_asked_what_to_do_and_hangs_up(served, aiohttp_server):
    rt = RealtimeApp()
    url = await receiving(aiohttp_server, rt.handle, "/rt") + "/rt"
    app = await served.call("apps.create", "REALTIME10", "reminders", {"url": url})
    assert app["package"] == {"has_did": True, "name": "REALTIME10", "type": "THEDIALR"}
    assert (await served.call("apps.get", app["hash"]))["p"]["url"] == url
    options = {"cdr_field": "INV42", "cli": "+31851234567"}
    answered = await served.call("dialr/call.realtime", app["hash"], {"number": TO, "timeout": 30}, options)
    busy = await served.call("dialr/call.realtime", app["hash"], {"number": BUSY, "timeout": 30}, None)
    await served.mock.advance("PT5M")

    statuses = [(r["callid"], r["call_status"], r["command"], r["command_result"]) for r in rt.requests]
    assert statuses == [
        (busy, "BUSY", None, None),
        (answered, "UP", None, None),
        (answered, "UP", "say", "OK"),
        (answered, "HANGUP", None, None),
    ]
    assert rt.requests[2]["variables"] == {"step": 1} and rt.requests[1]["cdr_field"] == "INV42"
    cdrs = {cdr["callid"]: cdr for cdr in await served.call("cdr.get", "OUT", *TODAY)}
    assert (cdrs[answered]["dialstatus"], cdrs[answered]["duration_answered"]) == ("ANSWER", 5)
    assert (cdrs[answered]["hangupsource"], cdrs[answered]["cli_number"]) == ("CALLER", "+31851234567")
    assert (cdrs[busy]["dialstatus"], cdrs[busy]["answer"], cdrs[busy]["hangupsource"]) == (
        "BUSY",
        None,
        "GATEWAY",
    )
    assert cdrs[answered]["billing_customer_debit_eur"] == "0.00"


async def test_calls_raise_their_start_and_hangup_webhooks(served, receiver):
    for kind in ("call.outbound_start", "call.outbound_hangup"):
        await served.call("webhooks.subscribe", kind, receiver.url, None)
    app = await served.call("apps.create", "REALTIME10", "unreachable", {"url": "inbox:rt"})
    callid = await served.call("dialr/call.realtime", app["hash"], TO, None)
    await served.mock.advance("PT5M")
    assert [(e["type"], e["data"]["callid"]) for e in receiver.events()] == [
        ("call.outbound_start", callid),
        ("call.outbound_hangup", callid),
    ]
    # The inbox answers no RT.Response: the call is hung up as soon as it is up.
    hangup = receiver.events()[1]["data"]
    assert (hangup["dialstatus"], hangup["duration_answered"]) == ("ANSWER", 0)


async def test_apps_are_deleted_and_only_realtime_apps_place_realtime_calls(served):
    app = await served.call("apps.create", "CLICKTOCALL10", "click", None)
    error = await served.error("dialr/call.realtime", app["hash"], TO, None)
    assert (error.msg, error.code) == ("FORBIDDEN [app]", 3)
    assert await served.call("apps.delete", app["hash"]) is True
    assert (await served.error("apps.get", app["hash"])).msg == "OBJECT_NOT_FOUND [app]"
    assert (
        await served.error("apps.create", "REALTIME10", "no url", {})
    ).msg == "PROPERTY_TYPE_ERROR [params.url]"
    assert await served.call("cdr.get", "OUT", *TODAY) == []
