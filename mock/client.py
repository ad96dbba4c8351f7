"""A Python client of a running mock, in the platform's words: the documented GraphQL operations
and the control API, as one tenant (its API key). `Client` is synchronous, `AsyncClient` its twin
for asyncio code; both are what the pytest plugin's fixtures return.

Every operation is written once, as a `_Call` (what to send and how to read the answer); the two
clients differ only in how they send it, so they cannot drift apart."""

import base64
import json
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from httpx_sse import connect_sse
from pydantic import TypeAdapter
from pydantic.alias_generators import to_camel

__all__ = ["AsyncClient", "Client", "ClientError", "FeedMessage"]

UPLOAD_CHUNK = 64 * 1024  # bytes sent between two reports of an upload's progress
DEFAULT_TIMEOUT = 10.0  # seconds; an advance over a month of retries can take a while
_DURATION = TypeAdapter(timedelta)  # writes a timedelta as ISO 8601 (PT1H), as the clock reads it

PAYLINK_FIELDS = """id status amountPaid invoiceAmount invoiceCurrency invoiceDescription invoiceReference
  invoiceDate visibleUntil personName personGender shortUrl longUrl createdOn updatedOn
  attributes { id value }"""
MANDATE_FIELDS = """id reference personName type reason debtorReference status shortUrl longUrl
  createdOn updatedOn"""
BATCH_FIELDS = """name action status createdOn message
  records { scriptId status reference messages { context message level } }"""

CREATE_PAYLINK = f"""mutation createPayLink($payLink: PayLinkInput!) {{
  payLink {{ create(payLink: $payLink) {{ {PAYLINK_FIELDS} }} }} }}"""
SEARCH_PAYLINKS = f"""query PayLinks($filters: PayLinkFiltersInput, $order: PayLinkOrderInput,
  $offset: Int, $limit: Int) {{ payLink {{ payLinks(filters: $filters, order: $order, offset: $offset,
  limit: $limit) {{ items {{ {PAYLINK_FIELDS} }} }} }} }}"""
CREATE_MANDATE = f"""mutation createMandate($mandate: MandateInput!) {{
  mandate {{ create(mandate: $mandate) {{ {MANDATE_FIELDS} }} }} }}"""
SEARCH_MANDATES = f"""query Mandates($filters: MandateFiltersInput, $order: MandateOrderInput,
  $offset: Int, $limit: Int) {{ mandate {{ mandates(filters: $filters, order: $order, offset: $offset,
  limit: $limit) {{ items {{ {MANDATE_FIELDS} }} }} }} }}"""
ADD_RECORDS = f"""mutation addRecords($file: FileInput, $rows: [RowInput!]) {{
  import {{ addRecords(file: $file, rows: $rows) {{ {BATCH_FIELDS} }} }} }}"""
SEARCH_BATCHES = f"""query ImportSearch($filters: BatchFiltersInput) {{
  import {{ batches(filters: $filters) {{ items {{ {BATCH_FIELDS} }} }} }} }}"""
STOP_CALLING = """mutation stopCalling($scriptId: Int!, $reference: String!) {
  voice { stopCalling(scriptId: $scriptId, reference: $reference) } }"""

# The documented createPayLink and createMandate examples fill in what a test leaves out.
PAYLINK_DEFAULTS = {
    "personName": "Alphacomm",
    "invoiceCurrency": "EUR",
    "invoiceDescription": "Example",
    "invoiceReference": "103482",
    "invoiceDate": "2019-02-12T10:00:00+00:00",
}
MANDATE_DEFAULTS = {
    "personName": "Alphacomm",
    "type": "RCUR",
    "reason": "huur",
    "debtorReference": "20190301",
}


@dataclass(frozen=True)
class FeedMessage:
    """One message of the live feed: `kind` "domain" (data: id, name, service, serviceId,
    reference, occurredOn, data) or "delivery" (data: delivery, event, url, attempt, statusCode,
    error, at); `id` its number, to resume from."""

    id: int
    kind: str
    data: dict[str, Any]


class ClientError(Exception):
    """The mock refused a call: the HTTP status, and the GraphQL errors or the control API's
    error object, as answered."""

    def __init__(self, status: int, errors: Any, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.errors = errors


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every client of the process: building one (loading the CA bundle)
    costs a tenth of a second, which a suite that makes a client per test would pay each time."""
    return httpx.create_ssl_context()


def _same(answer: Any) -> Any:
    return answer


@dataclass(frozen=True)
class _Call:
    """One request and what to make of its JSON answer."""

    method: str
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    read: Callable[[Any], Any] = _same
    graphql: bool = False
    sent: Callable[[int, int], None] | None = None  # told each chunk's size and the body's as it goes out


def _body(call: _Call) -> dict[str, Any]:
    """httpx's keywords for the call's body: the JSON at once, or, when someone follows the
    upload, the same bytes in chunks that report their progress."""
    if call.sent is None:
        return {"json": call.json}
    data = json.dumps(call.json).encode()
    headers = {"Content-Type": "application/json", "Content-Length": str(len(data))}
    return {"content": _chunks(data, call.sent), "headers": headers}


def _chunks(data: bytes, sent: Callable[[int, int], None]) -> Iterator[bytes]:
    for start in range(0, len(data), UPLOAD_CHUNK):
        chunk = data[start : start + UPLOAD_CHUNK]
        yield chunk
        sent(len(chunk), len(data))


async def _async_chunks(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """httpx's AsyncClient streams only from an async iterator."""
    for chunk in chunks:
        yield chunk


def _answer(call: _Call, response: httpx.Response) -> Any:
    """The answer's useful part (GraphQL's `data`), or ClientError naming what went wrong."""
    body = response.json() if response.content else None
    if call.graphql:
        if response.status_code != 200 or not isinstance(body, dict) or body.get("errors"):
            errors = body.get("errors") if isinstance(body, dict) else body
            raise ClientError(response.status_code, errors, _messages(errors))
        return call.read(body["data"])
    if not response.is_success:
        error = body.get("error") if isinstance(body, dict) else body
        raise ClientError(response.status_code, error, _messages(error))
    return call.read(body)


def _messages(errors: Any) -> str:
    if isinstance(errors, list):
        return "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
    if isinstance(errors, dict):
        return str(errors.get("message", errors))
    return str(errors)


def _camel(fields: dict[str, Any]) -> dict[str, Any]:
    """Python keywords (invoice_amount) as the API names its fields (invoiceAmount)."""
    return {to_camel(name): value for name, value in fields.items() if value is not None}


def _instant(moment: datetime | str) -> str:
    return moment.isoformat() if isinstance(moment, datetime) else moment


def _duration(span: timedelta | str) -> str:
    return _DURATION.dump_python(span, mode="json") if isinstance(span, timedelta) else span


def _one(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    return items[0] if items else None


class _Operations:
    """Every operation, written once; `_send` is the one thing a client adds."""

    def __init__(self, url: str, key: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = url.rstrip("/")
        self.key = key
        self.timeout = timeout

    def _send(self, call: _Call) -> Any:
        raise NotImplementedError

    # ------------------------------------------------------------------ low level

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """An operation on /v1; its `data`. Raises ClientError with the GraphQL errors."""
        return self._gql(query, variables, _same)

    def control(self, method: str, path: str, json: Any = None, params: dict[str, Any] | None = None) -> Any:
        """A /_mock route's JSON answer (None for 204). Raises ClientError on any non-2xx answer."""
        return self._send(_Call(method, path, json, params))

    def _gql(self, query: str, variables: dict[str, Any] | None, read: Callable[[Any], Any]) -> Any:
        operation = {"query": query, "variables": variables}
        return self._send(_Call("POST", "/v1", operation, read=read, graphql=True))

    # ------------------------------------------------------------------ PayLinks

    def create_paylink(self, invoice_amount: str, **fields: Any) -> Any:
        """createPayLink; fields as keywords (person_name=..., visible_until=...), the documented
        example's values for those left out. The new PayLink."""
        pay_link = {**PAYLINK_DEFAULTS, **_camel({"invoice_amount": invoice_amount, **fields})}
        return self._gql(CREATE_PAYLINK, {"payLink": pay_link}, lambda d: d["payLink"]["create"])

    def search_paylinks(
        self,
        filters: dict[str, Any] | None = None,
        *,
        status: str | None = None,
        reference: str | None = None,
        order: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> Any:
        """payLinks: a list of PayLinks. `status` and `reference` (the record reference an import
        gave the PayLink) are shorthands for the documented filters."""
        filters = dict(filters or {})
        if status is not None:
            filters["status"] = {"equalTo": status}
        if reference is not None:
            filters["attributes"] = [{"id": "reference", "equalTo": reference}]
        variables = {
            "filters": filters or None,
            "order": {"createdOn": order} if order else None,
            "offset": offset,
            "limit": limit,
        }
        return self._gql(SEARCH_PAYLINKS, variables, lambda d: d["payLink"]["payLinks"]["items"])

    def paylink(self, paylink_id: str) -> Any:
        """The PayLink with this id, or None."""
        variables = {"filters": {"id": {"equalTo": paylink_id}}}
        return self._gql(SEARCH_PAYLINKS, variables, lambda d: _one(d["payLink"]["payLinks"]["items"]))

    # ------------------------------------------------------------------ mandates

    def create_mandate(self, reference: str, **fields: Any) -> Any:
        """createMandate; the documented example's values for the fields left out. The new mandate."""
        mandate = {**MANDATE_DEFAULTS, **_camel({"reference": reference, **fields})}
        return self._gql(CREATE_MANDATE, {"mandate": mandate}, lambda d: d["mandate"]["create"])

    def search_mandates(self, filters: dict[str, Any] | None = None, *, status: str | None = None) -> Any:
        filters = {**(filters or {}), **({"status": {"equalTo": status}} if status else {})}
        variables = {"filters": filters or None}
        return self._gql(SEARCH_MANDATES, variables, lambda d: d["mandate"]["mandates"]["items"])

    def mandate(self, mandate_id: str) -> Any:
        """The mandate with this id, or None."""
        variables = {"filters": {"id": {"equalTo": mandate_id}}}
        return self._gql(SEARCH_MANDATES, variables, lambda d: _one(d["mandate"]["mandates"]["items"]))

    # ------------------------------------------------------------------ import and voice

    def add_records(
        self,
        rows: list[dict[str, Any]] | None = None,
        *,
        file: str | Path | None = None,
        extension: str | None = None,
        sent: Callable[[int, int], None] | None = None,
    ) -> Any:
        """addRecords with rows (RowInput objects) or a file (CSV, XLSX, XLS, ODS, XML; the
        extension read from its name unless given). The batch, with its records. `sent`, when
        given, is told the size of each chunk of the request and of the whole as it goes out (a
        progress bar)."""
        if (rows is None) == (file is None):
            raise ValueError("add_records takes exactly one of rows=... or file=...")
        variables: dict[str, Any] = {"rows": rows}
        if file is not None:
            path = Path(file)
            contents = base64.b64encode(path.read_bytes()).decode("ascii")
            variables = {"file": {"extension": extension or path.suffix.lstrip("."), "contents": contents}}
        operation = {"query": ADD_RECORDS, "variables": variables}
        read = lambda d: d["import"]["addRecords"]  # noqa: E731
        return self._send(_Call("POST", "/v1", operation, read=read, graphql=True, sent=sent))

    def batch(self, name: str) -> Any:
        """The batch of this name, with its records, or None."""
        variables = {"filters": {"name": {"equalTo": name}}}
        return self._gql(SEARCH_BATCHES, variables, lambda d: _one(d["import"]["batches"]["items"]))

    def stop_calling(self, script_id: int | str, reference: str) -> Any:
        variables = {"scriptId": int(script_id), "reference": reference}
        return self._gql(STOP_CALLING, variables, lambda d: d["voice"]["stopCalling"])

    def call_in(self, from_: str, to: str, keys: list[str] | None = None, answer: str = "human") -> Any:
        """A person calls a voice script's local number (`from_` E.164 or "anonymous"); the call."""
        body = {"from": from_, "to": to, "keys": keys or [], "answer": answer}
        return self.control("POST", "/_mock/voice/inbound", body)

    def calls(self, *, reference: str | None = None, script: str | None = None) -> Any:
        params = _present({"reference": reference, "script": script})
        return self._send(_Call("GET", "/_mock/voice/calls", params=params, read=lambda a: a["calls"]))

    # ------------------------------------------------------------------ the clock

    def clock(self) -> Any:
        return self.control("GET", "/_mock/clock")

    def advance(self, by: timedelta | str) -> Any:
        """Move the clock on by a duration ("PT1H" or a timedelta), running what falls due."""
        return self.control("POST", "/_mock/clock/advance", {"by": _duration(by)})

    def advance_to(self, moment: datetime | str) -> Any:
        return self.control("POST", "/_mock/clock/advance", {"to": _instant(moment)})

    def step(self) -> Any:
        """Move to the next instant something is due at, and run it."""
        return self.control("POST", "/_mock/clock/advance", {"next": True})

    def run_until_idle(self, within: timedelta | str | None = None) -> Any:
        body = {"idle": True, **({"within": _duration(within)} if within is not None else {})}
        return self.control("POST", "/_mock/clock/advance", body)

    def set_clock_mode(self, mode: str) -> Any:
        """manual, realtime, follow (the process's wall clock, as freezegun moves it) or <N>x."""
        return self.control("POST", "/_mock/clock/mode", {"mode": mode})

    # ------------------------------------------------------------------ the simulated people

    def visit(self, paylink_id: str, **body: Any) -> Any:
        return self.control("POST", f"/_mock/paylinks/{paylink_id}/visit", body)

    def pay(self, paylink_id: str, **body: Any) -> Any:
        """Pay a PayLink (amount="full" | "half" | cents, method="ideal"); the PayLink."""
        return self.control("POST", f"/_mock/paylinks/{paylink_id}/pay", body)

    def cancel(self, paylink_id: str) -> Any:
        return self.control("POST", f"/_mock/paylinks/{paylink_id}/cancel")

    def fail(self, paylink_id: str) -> Any:
        return self.control("POST", f"/_mock/paylinks/{paylink_id}/fail")

    def authorize(self, mandate_id: str) -> Any:
        return self.control("POST", f"/_mock/mandates/{mandate_id}/authorize")

    def confirm(self, mandate_id: str) -> Any:
        return self.control("POST", f"/_mock/mandates/{mandate_id}/confirm")

    # ------------------------------------------------------------------ webhooks

    def deliveries(self, *, event: str | None = None, status: str | None = None) -> Any:
        """The tenant's webhook deliveries, each with its attempts."""
        params = _present({"event": event, "status": status})
        call = _Call("GET", "/_mock/webhooks/deliveries", params=params, read=lambda a: a["deliveries"])
        return self._send(call)

    def add_webhook(self, url: str, **settings: Any) -> Any:
        """Add a webhook endpoint (username=, password=, format=, events=, secret=, timeout=...);
        its id, for remove_webhook."""
        endpoint = {"url": url, **settings}
        return self._send(_Call("POST", "/_mock/webhooks/endpoints", endpoint, read=lambda a: a["id"]))

    def remove_webhook(self, endpoint_id: str) -> Any:
        return self.control("DELETE", f"/_mock/webhooks/endpoints/{endpoint_id}")

    def webhooks(self) -> Any:
        """The tenant's webhook endpoints, the scenario's and those added since."""
        return self._send(_Call("GET", "/_mock/webhooks/endpoints", read=lambda a: a["endpoints"]))

    # ------------------------------------------------------------------ the tenant

    def health(self) -> Any:
        return self.control("GET", "/_mock/health")

    def snapshot(self) -> Any:
        return self.control("GET", "/_mock/snapshot")

    def restore(self, snapshot: dict[str, Any]) -> Any:
        return self.control("PUT", "/_mock/snapshot", snapshot)

    def reset(self) -> Any:
        return self.control("POST", "/_mock/reset")

    def new_tenant(
        self,
        scenario: str | dict[str, Any] | None = None,
        *,
        seed: int | None = None,
        webhooks: list[Any] | None = None,
    ) -> Any:
        """A fresh tenant on the same server (a shipped scenario by name, or one inline), and a
        client of the same kind for it."""
        body = _present({"scenario": scenario, "seed": seed, "webhooks": webhooks})
        read = lambda answer: type(self)(self.url, answer["apiKey"], timeout=self.timeout)  # noqa: E731
        return self._send(_Call("POST", "/_mock/tenants", body, read=read))


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


class Client(_Operations):
    """A tenant of a running mock, called synchronously: `Client(url, key)`."""

    def __init__(self, url: str, key: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(url, key, timeout=timeout)
        self._http = httpx.Client(
            base_url=self.url, headers={"X-AUTH-TOKEN": key}, timeout=timeout, verify=_tls()
        )

    def _send(self, call: _Call) -> Any:
        response = self._http.request(call.method, call.path, params=call.params, **_body(call))
        return _answer(call, response)

    def events(
        self, since: int | None = None, *, opened: Callable[[], None] | None = None
    ) -> Iterator["FeedMessage"]:
        """The tenant's live feed (GET /_mock/events), each domain event and webhook attempt as it
        happens, for as long as the caller reads; after `since`, first what came after that message.
        `opened` is called once the server has answered: from then on nothing is missed.
        Sync only: a stream is read one message at a time, which a script does in a loop."""
        params = _present({"since": since})
        # No read timeout: a quiet tenant sends nothing but pings for as long as it stays quiet.
        timeout = httpx.Timeout(self.timeout, read=None)
        with connect_sse(self._http, "GET", "/_mock/events", params=params, timeout=timeout) as source:
            if not source.response.is_success:
                source.response.read()
                _answer(_Call("GET", "/_mock/events"), source.response)
            if opened is not None:
                opened()
            for event in source.iter_sse():
                yield FeedMessage(int(event.id), event.event, event.json())

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncClient(_Operations):
    """The same operations for asyncio code: each returns an awaitable."""

    def __init__(self, url: str, key: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(url, key, timeout=timeout)
        self._http = httpx.AsyncClient(
            base_url=self.url, headers={"X-AUTH-TOKEN": key}, timeout=timeout, verify=_tls()
        )

    async def _send(self, call: _Call) -> Any:
        body = _body(call)
        if "content" in body:
            body["content"] = _async_chunks(body["content"])
        response = await self._http.request(call.method, call.path, params=call.params, **body)
        return _answer(call, response)

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()
