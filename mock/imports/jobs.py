"""Jobs: accepted records at work in their scripts. A job of a PayLink script opens a PayLink,
one of an e-mandate script a mandate; mail, SMS and calls themselves come with the messaging
and voice simulation, which takes up the JobCreated and JobUpdated events."""

import hashlib
from datetime import datetime, time

from pydantic import BaseModel, ConfigDict

from ..core.tenant import Tenant
from ..core.values import parse_date
from ..core.vocabulary import MandateType, PersonGender, RecordStatus
from ..mandates.model import Mandate
from ..mandates.service import MandateService
from ..paylinks.model import Attribute
from ..paylinks.service import PayLinkService
from ..scenario.models import ScriptSpec
from .model import Job, MessageLevel, Record, RecordMessage

# What a job tells the rooms that take it up (messaging, voice): its events, by name.
JOB_EVENTS = ("JobCreated", "JobUpdated")


class JobsState(BaseModel):
    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    jobs: list[Job]  # in creation order


class Jobs:
    def __init__(self, tenant: Tenant, paylinks: PayLinkService, mandates: MandateService) -> None:
        self.tenant, self.paylinks, self.mandates = tenant, paylinks, mandates
        self.open: dict[tuple[str, str], Job] = {}  # by (script, reference)
        self.all: list[Job] = []
        self.by_id: dict[str, Job] = {}

    def state(self) -> JobsState:
        return JobsState(jobs=self.all)

    def restore(self, state: JobsState) -> None:
        """From a snapshot: the later job of a script and reference is the open one."""
        self.all = list(state.jobs)
        self.by_id = {job.id: job for job in self.all}
        self.open = {(job.script_id, job.reference): job for job in self.all if job.reference}

    def take(self, record: Record, script: ScriptSpec) -> None:
        """Turn an accepted record into a new job, or let it update the open one."""
        now = self.tenant.clock.now()
        known = self.open.get((script.id, record.reference)) if record.reference else None
        if known is not None:
            known.fields, known.extra, known.updated_on = record.fields, record.extra, now
            record.job_id, record.status = known.id, RecordStatus.updated
            self.tenant.emit("JobUpdated", "import", known.id, record.reference or "", {"script": script.id})
            return
        job = Job(
            self._job_id(script, record), script.id, record.reference, record.fields, record.extra, now, now
        )
        self._start(job, script, record)
        self.all.append(job)
        self.by_id[job.id] = job
        if record.reference:
            self.open[(script.id, record.reference)] = job
        record.job_id, record.status = job.id, RecordStatus.created
        self.tenant.emit("JobCreated", "import", job.id, record.reference or "", {"script": script.id})

    def _job_id(self, script: ScriptSpec, record: Record) -> str:
        """Shaped like the platform's job ids: a SHA-256 and the script, '…-06512'."""
        seed = f"{self.tenant.customer}:{script.id}:{record.reference}:{len(self.all)}"
        return f"{hashlib.sha256(seed.encode()).hexdigest()}-{int(script.id):05d}"

    def _start(self, job: Job, script: ScriptSpec, record: Record) -> None:
        if script.service == "paylink":
            job.paylink_id = self._open_paylink(job, script, record)
        elif script.service == "emandate":
            job.mandate_id = self._open_mandate(job).id

    def _open_paylink(self, job: Job, script: ScriptSpec, record: Record) -> str | None:
        fields = job.fields
        if not fields.get("invoiceAmount") or not fields.get("invoiceCurrency"):
            record.messages.append(
                RecordMessage(
                    "invoiceAmount", "no PayLink: the record has no amount and currency", MessageLevel.warning
                )
            )
            return None
        attributes = [Attribute("origin", script.medium), Attribute("script", script.id)]
        if job.reference:
            attributes.append(Attribute("reference", job.reference))
        link = self.paylinks.open(
            attributes=attributes,
            person_name=str(fields.get("personFamilyName") or ""),
            person_gender=_gender(job.extra.get("person_gender")),
            invoice_amount=str(fields["invoiceAmount"]),
            invoice_currency=str(fields["invoiceCurrency"]),
            invoice_description=str(fields.get("invoiceDescription") or ""),
            invoice_reference=str(fields.get("invoiceReference") or ""),
            invoice_date=self._midnight(fields.get("invoiceDate")),
        )
        return link.id

    def _open_mandate(self, job: Job) -> Mandate:
        fields = job.fields
        kind = job.extra.get("emandate_type", "RCUR")
        return self.mandates.open(
            person_name=str(fields.get("personFamilyName") or ""),
            reference=job.reference or job.id,
            type=MandateType(kind) if kind in MandateType.__members__ else MandateType.RCUR,
            reason=str(fields.get("invoiceDescription") or ""),
            debtor_reference=str(fields.get("invoiceReference") or job.reference or ""),
        )

    def _midnight(self, text: object) -> datetime:
        """An import's invoice date is a day; the PayLink's is that day's start in the tenant's
        zone. An optional date that was wrong (the record only got a warning) counts as today."""
        try:
            day = parse_date(text) if isinstance(text, str) else self.tenant.today()
        except ValueError:
            day = self.tenant.today()
        return datetime.combine(day, time(0), self.tenant.timezone)


def _gender(value: str | None) -> PersonGender:
    return (
        PersonGender(value.upper()) if value and value.upper() in PersonGender.__members__ else PersonGender.U
    )
