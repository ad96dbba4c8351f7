"""Messaging: renders and sends the mail or SMS of each job of a mail or SMS script, and moves
each message through its statuses on the tenant's clock (see MESSAGE_OUTCOMES)."""

from datetime import timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ..core.errors import NotFound
from ..core.events import DomainEvent
from ..core.tenant import Tenant
from ..core.values import format_money
from ..imports.jobs import JOB_EVENTS, Jobs
from ..imports.model import Job
from ..mandates.service import MandateService
from ..paylinks.service import PayLinkService
from ..scenario.models import ScriptSpec
from .model import Channel, Message, outcome

if TYPE_CHECKING:  # Jinja2 itself loads with a script's first message, not with every server
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

STATUS_ACTION = "messaging.status"


class MessagingState(BaseModel):
    """The messages sent; the clock's state carries the statuses still to come."""

    # A view of the live objects, not a copy (a state file may hold 100,000 of them): the
    # snapshot module writes it out at once, or copies it.
    model_config = ConfigDict(revalidate_instances="never", defer_build=True)

    messages: list[Message]


@lru_cache(maxsize=16)
def default_template(medium: str, service: str | None) -> str:
    """Read once per process: finding a package file costs about 0.4 ms, and a new tenant reads
    one per messaging script (that was half of what a tenant cost)."""
    name = f"{medium}_{service or 'plain'}.txt"
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


class Messaging:
    def __init__(
        self,
        tenant: Tenant,
        scripts: list[ScriptSpec],
        jobs: Jobs,
        paylinks: PayLinkService,
        mandates: MandateService,
    ) -> None:
        self.tenant, self.jobs, self.paylinks, self.mandates = tenant, jobs, paylinks, mandates
        self.scripts = {s.id: s for s in scripts if s.medium in ("mail", "sms")}
        self.messages: list[Message] = []
        self._by_id: dict[str, Message] = {}
        tenant.clock.on(STATUS_ACTION, self._move, known=lambda message, status: message in self._by_id)
        tenant.events.subscribe(self._on_event, JOB_EVENTS)

    def get(self, message_id: str) -> Message:
        found = self._by_id.get(message_id)
        if found is None:
            raise NotFound(f"message {message_id}: no such message in this tenant")
        return found

    def search(self, reference: str | None = None, channel: str | None = None) -> list[Message]:
        return [
            m
            for m in self.messages
            if (reference is None or m.reference == reference) and (channel is None or m.channel == channel)
        ]

    def state(self) -> MessagingState:
        return MessagingState(messages=self.messages)

    def restore(self, state: MessagingState) -> None:
        """Into a freshly built Messaging; the clock's own restore brings back pending statuses."""
        self.messages = list(state.messages)
        self._by_id = {m.id: m for m in self.messages}

    # -- following the jobs ----------------------------------------------------------------

    def _on_event(self, event: DomainEvent) -> None:
        script = self.scripts.get(str(event.data.get("script")))
        job = self.jobs.by_id.get(event.service_id)
        if script is not None and job is not None:
            self._send(job, script)

    def _send(self, job: Job, script: ScriptSpec) -> None:
        channel: Channel = "sms" if script.medium == "sms" else "mail"
        subject, text, failed = self._render(job, script)
        now = self.tenant.clock.now()
        message = Message(
            self.tenant.ids.uuid(),
            job.id,
            script.id,
            job.reference or "",
            channel,
            _recipient(job, channel),
            subject,
            text,
            "new",
            now,
            now,
        )
        self.messages.append(message)
        self._by_id[message.id] = message
        steps = [("failed", 0)] if failed else outcome(channel, message.to)
        for status, seconds in steps:
            if seconds == 0:
                self._move(message.id, status)
            else:
                self.tenant.clock.schedule_in(
                    timedelta(seconds=seconds), STATUS_ACTION, message=message.id, status=status
                )

    def _move(self, message: str, status: str) -> None:
        found = self._by_id[message]
        found.move(status, self.tenant.clock.now())
        data = {"status": status, "channel": found.channel, "to": found.to, "script": found.script_id}
        self.tenant.emit("MessageStatusChanged", found.channel, found.id, found.reference, data)

    # -- rendering -------------------------------------------------------------------------

    def _render(self, job: Job, script: ScriptSpec) -> tuple[str | None, str, bool]:
        """(subject, text, failed): a template that breaks on this job's data fails the message."""
        context = self._context(job, script)
        try:
            rendered = _compile(script).render(context).strip()
        # A scenario's template is the user's code: besides Jinja2's own errors it raises what
        # Python raises (TypeError for {{ invoiceAmount + 1 }}, the text being a string), which
        # escaped the import step and left the rest of the step's records without their jobs.
        except Exception as error:
            return None, f"template error: {error}", True
        if script.medium != "mail":
            return None, rendered, False
        first, _, rest = rendered.partition("\n")
        if first.lower().startswith("subject:"):
            return first.split(":", 1)[1].strip(), rest.strip(), False
        return f"Reminder: {job.fields.get('invoiceDescription') or script.name}", rendered, False

    def _context(self, job: Job, script: ScriptSpec) -> dict[str, Any]:
        short_url = long_url = ""
        if script.service == "paylink" and job.paylink_id:
            link = self.paylinks.get(job.paylink_id)
            short_url, long_url = link.short_url, link.long_url
        elif script.service == "emandate" and job.mandate_id:
            mandate = self.mandates.get(job.mandate_id)
            short_url, long_url = mandate.short_url, mandate.long_url
        fields = job.fields
        return {
            **job.extra,
            **fields,
            "reference": job.reference or "",
            "script": script.id,
            "amount": format_money(fields.get("invoiceAmount"), fields.get("invoiceCurrency")),
            "shortUrl": short_url,
            "longUrl": long_url,
            "url": short_url if script.medium == "sms" else long_url,
        }


def _recipient(job: Job, channel: Channel) -> str:
    if channel == "mail":
        return str(job.fields.get("toMailAddress") or "")
    numbers = job.fields.get("toPhoneNumbers") or []
    return str(numbers[0]) if isinstance(numbers, list) and numbers else ""


def _compile(script: ScriptSpec) -> "Template":
    """The script's template, whose syntax the scenario checked when it was read; compiled by the
    script's first message, not when the tenant is made (a server that sends none never loads Jinja2)."""
    return _template(script.template or default_template(script.medium, script.service))


@lru_cache(maxsize=256)
def _template(source: str) -> "Template":
    """Compiled once per text: tenants made from one scenario share their templates (compiling
    them was a fifth of what a new tenant cost), and a compiled template keeps no state."""
    template = _environment().from_string(source)
    # Jinja2 keeps a template's globals as a ChainMap over the environment's, and every render
    # copies them key by key through ChainMap's Python methods: 4.5 of the 7.4 µs of an SMS's
    # render. The environment's globals never change here, so a plain dict holds the same.
    template.globals = dict(template.globals)
    return template


@cache
def _environment() -> "SandboxedEnvironment":
    from jinja2.sandbox import SandboxedEnvironment

    # Scenario templates are written by users: sandboxed, and an unknown variable renders empty.
    return SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
