"""The result-file writer: it follows a tenant's events, keeps which records changed on each
simulated day (in the tenant's time zone), and at local midnight writes that day's files."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..core.events import DomainEvent
from ..core.tenant import Tenant
from ..core.values import format_datetime
from ..core.vocabulary import PayLinkStatus, RecordStatus
from ..mandates.service import MandateService
from ..paylinks.model import PayLink
from ..paylinks.service import PayLinkService
from ..scenario.models import ScriptSpec
from .model import API_PAYLINK_COLUMNS, RecordResult, ResultFile, script_columns
from .writer import file_name, render

API_FILE = "paylinks-api"
DAY_ACTION = "results.day"
IMPORTED = (RecordStatus.created, RecordStatus.updated)  # the record's job was opened or replaced


class ResultsState(BaseModel):
    """What the writer knows and has written; the clock's state carries the next midnight."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    records: list[RecordResult]
    changed: dict[str, dict[str, list[str]]]  # per day and script, in order of first change
    api_changed: dict[str, list[str]]
    mandate_by_reference: dict[str, str]
    files: list[ResultFile]


class Results:
    def __init__(
        self,
        tenant: Tenant,
        scripts: list[ScriptSpec],
        paylinks: PayLinkService,
        mandates: MandateService,
        outbox: Path | None = None,
    ) -> None:
        self.tenant, self.paylinks, self.mandates, self.outbox = tenant, paylinks, mandates, outbox
        self.scripts = {script.id: script for script in scripts}
        self.files: list[ResultFile] = []
        self.records: dict[tuple[str, str], RecordResult] = {}  # by (script, key)
        # Per day (ISO date): the records changed per script and the API PayLinks changed,
        # both in order of their first change that day: dicts as ordered sets (values unused),
        # so marking a key again costs the same however many changed that day.
        self.changed: dict[str, dict[str, dict[str, None]]] = {}
        self.api_changed: dict[str, dict[str, None]] = {}
        self._mandate_by_reference: dict[str, str] = {}  # a mandate's event comes before its record's
        self._last_day: tuple[datetime | None, str] = (None, "")
        tenant.clock.on(DAY_ACTION, self._end_of_day, known=_is_day)
        tenant.events.subscribe(self._on_event)
        today = tenant.today()
        tenant.clock.schedule(self._midnight_after(today), DAY_ACTION, day=today.isoformat())

    # -- following the events -------------------------------------------------------------

    def _on_event(self, event: DomainEvent) -> None:
        if event.name == "RecordStatusChanged":
            self._record_changed(event)
        elif event.service == "paylink":
            self._paylink_changed(event)
        elif event.service == "mandate":
            self._mandate_changed(event)
        elif event.name == "MessageStatusChanged":
            self._message_changed(event)
        elif event.name == "VoiceCallCompleted" and event.reference:
            self._call_completed(event)

    def _record_changed(self, event: DomainEvent) -> None:
        data = event.data
        script, reference = str(data.get("script") or ""), event.reference
        key = reference or f"{data.get('batch')}#{data.get('line')}"
        batch, status = str(data.get("batch") or ""), str(data.get("status") or "")
        if _repeats_an_imported_record(self.records.get((script, key)), batch, status):
            return
        result = self._result(script, key, reference)
        result.batch, result.status = batch, status
        if data.get("phone-numbers") is not None:
            result.phone_numbers = [str(n) for n in data["phone-numbers"]]
        if reference and self._service(script) == "emandate":
            result.mandate_id = self._mandate_by_reference.get(reference, result.mandate_id)
        self._mark(event, script, key)

    def _paylink_changed(self, event: DomainEvent) -> None:
        link = self.paylinks.store.get(event.service_id)
        if link is None:
            return
        attributes = {a.id: a.value for a in link.attributes}
        if attributes.get("origin") == "api":
            self.api_changed.setdefault(self._day(event), {})[link.id] = None
            return
        script, reference = attributes.get("script"), attributes.get("reference")
        if script and reference:
            self._result(script, reference, reference).paylink_id = link.id
            self._mark(event, script, reference)

    def _mandate_changed(self, event: DomainEvent) -> None:
        if not event.reference:
            return
        self._mandate_by_reference[event.reference] = event.service_id
        for script in [s for s in self.scripts if self._service(s) == "emandate"]:
            result = self.records.get((script, event.reference))
            if result is not None:
                result.mandate_id = event.service_id
                self._mark(event, script, event.reference)

    def _message_changed(self, event: DomainEvent) -> None:
        script = str(event.data.get("script") or "")
        if event.reference and (script, event.reference) in self.records:
            self.records[(script, event.reference)].message_status = str(event.data["status"])
            self._mark(event, script, event.reference)

    def _call_completed(self, event: DomainEvent) -> None:
        script = str(event.details.get("attributes", {}).get("script") or "")
        result = self.records.get((script, event.reference))
        if result is None:
            return
        answered = event.data.get("answeredOn")
        started = event.details.get("createdOn")
        duration = None
        if answered and event.details.get("updatedOn"):
            duration = int(
                (
                    datetime.fromisoformat(event.details["updatedOn"]) - datetime.fromisoformat(answered)
                ).total_seconds()
            )
        result.calls.append({"status": event.data.get("status"), "started_on": started, "duration": duration})
        self._mark(event, script, event.reference)

    def _result(self, script: str, key: str, reference: str) -> RecordResult:
        found = self.records.get((script, key))
        if found is None:
            found = self.records[(script, key)] = RecordResult(script, key, reference)
        return found

    def _mark(self, event: DomainEvent, script: str, key: str) -> None:
        scripts = self.changed.setdefault(self._day(event), {})
        scripts.setdefault(script, {})[key] = None

    def _day(self, event: DomainEvent) -> str:
        """The event's day in the tenant's time zone. Events come in runs at one instant (the
        clock's now() is one object until it moves), so the last instant's day is kept."""
        moment = event.occurred_on
        last, day = self._last_day
        if moment is not last:
            day = moment.astimezone(self.tenant.timezone).date().isoformat()
            self._last_day = (moment, day)
        return day

    # -- writing at midnight ----------------------------------------------------------------

    def _end_of_day(self, day: str) -> None:
        """The day is over: its files (and any earlier day's still pending) are written."""
        for pending in sorted({*self.changed, *self.api_changed}):
            if pending <= day:
                self._write_day(date.fromisoformat(pending))
        tomorrow = date.fromisoformat(day) + timedelta(days=1)
        self.tenant.clock.schedule(self._midnight_after(tomorrow), DAY_ACTION, day=tomorrow.isoformat())

    def _write_day(self, day: date) -> None:
        for script, keys in self.changed.pop(day.isoformat(), {}).items():
            spec = self.scripts.get(script)
            if spec is None:  # a record of an unknown script was rejected: no file of its own
                continue
            rows = [self._row(self.records[(script, key)]) for key in keys]
            self._add_file(day, script, render(script_columns(spec.medium, spec.service), rows))
        links = self.api_changed.pop(day.isoformat(), {})
        if links:
            rows = [_api_row(self.paylinks.get(link_id)) for link_id in links]
            self._add_file(day, None, render(API_PAYLINK_COLUMNS, rows))

    def _add_file(self, day: date, script: str | None, content: bytes) -> None:
        name = file_name(self.tenant.customer, script or API_FILE, day)
        result = ResultFile(name, day, script, self.tenant.clock.now(), content)
        self.files.append(result)
        if self.outbox is not None:
            self.outbox.mkdir(parents=True, exist_ok=True)
            (self.outbox / name).write_bytes(content)

    def _row(self, result: RecordResult) -> dict[str, object]:
        row: dict[str, object] = {
            "identification_identifier": result.reference,
            "identification_batch": result.batch,
            "identification_status": result.status,
            "enrichmentresults_phonenumber_1": result.phone_numbers[0] if result.phone_numbers else None,
        }
        link = self.paylinks.store.get(result.paylink_id) if result.paylink_id else None
        if link is not None:
            for group in ("paymailresults_paylink_1", "smsresults_paylink_1"):
                row[f"{group}_status"] = _paylink_status(link)
                row[f"{group}_amount_paid"] = link.amount_paid
                row[f"{group}_url"] = link.short_url
            if link.status == PayLinkStatus.partially_paid:
                row["paymailresults_partialpaylink_1_amount"] = link.amount_paid
            row["paymailresults_paymentmethod_1"] = link.payment_method
        mandate = self.mandates.store.get(result.mandate_id) if result.mandate_id else None
        if mandate is not None:
            row["paymailresults_emandate_1_status"] = str(mandate.status)
        row["paymailresults_email_1_status"] = row["smsresults_sms_status"] = result.message_status
        for number, call in enumerate(result.calls, start=1):
            for name, value in call.items():
                row[f"callresults_call_{number}_{name}"] = value
        return row

    def _midnight_after(self, day: date) -> datetime:
        return datetime.combine(day + timedelta(days=1), time(0), self.tenant.timezone)

    def _service(self, script: str) -> str | None:
        spec = self.scripts.get(script)
        return spec.service if spec else None

    # -- snapshot ---------------------------------------------------------------------------

    def state(self) -> ResultsState:
        return ResultsState(
            records=list(self.records.values()),
            changed={day: _listed(scripts) for day, scripts in self.changed.items()},
            api_changed={day: list(ids) for day, ids in self.api_changed.items()},
            mandate_by_reference=self._mandate_by_reference,
            files=self.files,
        )

    def restore(self, state: ResultsState) -> None:
        """Into a freshly built Results; the clock's own restore brings back the pending midnight."""
        self.records = {(r.script, r.key): r for r in state.records}
        self.changed = {
            day: {script: dict.fromkeys(keys) for script, keys in scripts.items()}
            for day, scripts in state.changed.items()
        }
        self.api_changed = {day: dict.fromkeys(ids) for day, ids in state.api_changed.items()}
        self._mandate_by_reference = dict(state.mandate_by_reference)
        self.files = list(state.files)


def _repeats_an_imported_record(row: RecordResult | None, batch: str, status: str) -> bool:
    """A later line of a batch with a reference that batch imported (dropped as its repeat, or
    rejected): the file has one row per reference, and it stays the imported record's."""
    return row is not None and row.batch == batch and row.status in IMPORTED and status not in IMPORTED


def _listed(scripts: dict[str, dict[str, None]]) -> dict[str, list[str]]:
    return {script: list(keys) for script, keys in scripts.items()}


def _paylink_status(link: PayLink) -> str:
    return "expired" if link.expired and link.status != PayLinkStatus.paid else str(link.status)


def _api_row(link: PayLink) -> dict[str, object]:
    return {
        "identification_identifier": link.id,
        "paylink_status": _paylink_status(link),
        "paylink_amount_paid": link.amount_paid,
        "paylink_payment_method": link.payment_method,
        "paylink_updated_on": format_datetime(link.updated_on),
    }


def _is_day(day: object) -> bool:
    """A day as the midnight action names it, "2024-06-12"."""
    try:
        date.fromisoformat(str(day))
    except ValueError:
        return False
    return True
