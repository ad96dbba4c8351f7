"""The page of one object: its facts, the buttons that play the simulated person, and its
timeline (created, visited, paid, webhook sent, retried, delivered, and what is planned next)."""

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ...control.voice import call_json
from ...control.webhooks import delivery_json
from ...core.events import DomainEvent
from ...core.masks import masked
from ...core.values import format_money
from ...imports.model import Batch, Job
from ...mandates.model import ACTS as MANDATE_ACTS
from ...mandates.model import Mandate
from ...paylinks.model import ACTS_FROM, PayLink
from ...voice.calls import Call
from ...webhooks.deliveries import Attempt, AttemptKind, Delivery
from ...world import World
from .lists import base, record_counts, when
from .shapes import Button, Cell, Detail, Moment, Table

PAYLINK_BUTTONS = {"visit": "Visit", "pay": "Pay in full", "cancel": "Cancel", "fail": "Fail at the bank"}
ATTEMPT_TITLES = {
    AttemptKind.attempt: "webhook sent",
    AttemptKind.dropped: "webhook dropped on the way",
    AttemptKind.duplicate: "webhook sent twice",
    AttemptKind.redelivery: "webhook redelivered by hand",
}


def paylink(world: World, link: PayLink) -> Detail:
    money = link.invoice_currency
    facts = [
        ("Status", Cell(str(link.status) + (" (expired)" if link.expired else ""), status=str(link.status))),
        ("Name", Cell(link.person_name)),
        ("Amount", Cell(format_money(link.invoice_amount, money))),
        ("Paid", Cell(format_money(link.amount_paid, money))),
        ("Invoice", Cell(f"{link.invoice_reference}: {link.invoice_description}")),
        ("Reference", Cell(link.reference or "(made through the API)")),
        ("Visible until", when(world, link.visible_until)),
        ("Landing page", Cell(link.short_url, href=link.long_url)),
    ]
    now = world.tenant.clock.now()
    buttons = [
        Button(label, f"{base(world)}/paylinks/{link.id}/{act}", secondary=act != "pay")
        for act, label in PAYLINK_BUTTONS.items()
        # The payer's acts start with a visit when no transaction is open, as the control API's do.
        if link.status in ACTS_FROM["visit"] and now < link.visible_until
    ]
    if not link.expired and link.status != "paid":
        buttons.append(Button("Expire now", f"{base(world)}/paylinks/{link.id}/expire", secondary=True))
    timeline = _object_timeline(world, link.id, link.created_on, "PayLink created", money)
    return Detail("PayLink", f"PayLink {link.id}", facts, buttons, timeline, note=_note(world, link.id))


def mandate(world: World, found: Mandate) -> Detail:
    facts = [
        ("Status", Cell(str(found.status), status=str(found.status))),
        ("Name", Cell(found.person_name)),
        ("Type", Cell(str(found.type))),
        ("Reason", Cell(found.reason)),
        ("Reference", Cell(found.reference)),
        ("Debtor reference", Cell(found.debtor_reference)),
        ("Landing page", Cell(found.short_url, href=found.long_url)),
    ]
    buttons = [
        Button(act.capitalize(), f"{base(world)}/mandates/{found.id}/{act}")
        for act, (start, _) in MANDATE_ACTS.items()
        if found.status == start
    ]
    timeline = _object_timeline(world, found.id, found.created_on, "Mandate created")
    return Detail("mandate", f"Mandate {found.id}", facts, buttons, timeline, note=_note(world, found.id))


def batch(world: World, found: Batch) -> Detail:
    facts = [
        ("Status", Cell(str(found.status), status=str(found.status))),
        ("Action", Cell(str(found.action))),
        ("Records", Cell(record_counts(found))),
        *([("Why it ended in error", Cell(found.message))] if found.message else []),
        *([("File", Cell(f"{found.file.extension}, read when the batch runs"))] if found.file else []),
    ]
    rows = [
        [
            Cell(str(record.line or position)),
            Cell(record.reference or ""),
            Cell(record.script_id),
            Cell(str(record.status), status=str(record.status)),
            Cell("; ".join(f"{m.context}: {m.message}" for m in record.messages)),
        ]
        for position, record in enumerate(found.records, start=1)
    ]
    records = Table("Records", ["Line", "Reference", "Script", "Status", "Messages"], rows, len(rows))
    timeline = [Moment(found.created_on, "Batch received", f"{len(found.records)} records so far")]
    for record in found.records:
        job = world.imports.jobs.by_id.get(record.job_id or "")
        if job is not None:
            timeline += _job_moments(world, job, record.reference or "")
    return Detail("batch", f"Batch {found.name}", facts, tables=[records], timeline=_in_order(timeline))


def _job_moments(world: World, job: Job, reference: str) -> list[Moment]:
    """What became of one accepted record: its job, the PayLink or mandate made for it, the mail
    or SMS sent and the calls made."""
    moments = [Moment(job.created_on, f"Record {reference}: job for script {job.script_id}")]
    if job.paylink_id:
        link = f"{base(world)}/paylinks/{job.paylink_id}"
        moments.append(Moment(job.created_on, f"Record {reference}: PayLink created", href=link))
    if job.mandate_id:
        mandate = f"{base(world)}/mandates/{job.mandate_id}"
        moments.append(Moment(job.created_on, f"Record {reference}: mandate created", href=mandate))
    for message in world.messaging.messages:
        if message.job_id == job.id:
            href = f"{base(world)}/messages/{message.id}"
            moments += [
                Moment(change.at, f"Record {reference}: {message.channel} {change.status}", href=href)
                for change in message.history
            ]
    now = world.tenant.clock.now()
    for call in world.voice.calls:
        if call.job_id == job.id:
            title = f"Record {reference}: call {call.attempt} {call.status_at(now)}"
            moments.append(Moment(call.created_on, title, href=f"{base(world)}/calls/{call.id}"))
    return moments


def call(world: World, found: Call) -> Detail:
    shown = call_json(found, world.tenant.clock.now())
    facts = [
        ("Status", Cell(shown["status"], status=shown["status"])),
        ("Script", Cell(found.script_id)),
        ("Direction", Cell(found.direction)),
        ("Attempt", Cell(str(found.attempt))),
        ("Local number", Cell(found.local_number)),
        ("Remote number", Cell(found.remote_number)),
        ("Reference", Cell(found.reference or "")),
    ]
    nodes = [
        Moment(
            datetime.fromisoformat(event["time"]), f"{event['type']} {event['nodeType']}", _node_text(event)
        )
        for event in shown["events"]
    ]
    timeline = [Moment(found.created_on, "Call placed"), *nodes]
    if found.completed:
        timeline.append(Moment(found.ended_on, "Call completed", found.result, status=found.result))
    else:
        timeline.append(Moment(found.ended_on, "Call ends", planned=True))
    timeline += _webhooks(world, found.id)
    return Detail("call", f"Call {found.id}", facts, timeline=_in_order(timeline))


def message(world: World, found: Any) -> Detail:
    facts = [
        ("Status", Cell(found.status, status=found.status)),
        ("Channel", Cell(str(found.channel))),
        ("To", Cell(found.to)),
        ("Script", Cell(found.script_id)),
        ("Reference", Cell(found.reference)),
    ]
    blocks = [*([("Subject", found.subject)] if found.subject else []), ("Text", found.text)]
    timeline = [Moment(change.at, change.status, status=change.status) for change in found.history]
    return Detail("message", f"Message {found.id}", facts, timeline=timeline, blocks=blocks)


def delivery(world: World, found: Delivery) -> Detail:
    shown = delivery_json(found)
    facts = [
        ("Status", Cell(str(found.status), status=str(found.status))),
        ("Event", Cell(found.event)),
        ("Event id", Cell(found.event_id)),
        ("Endpoint", Cell(masked(found.url))),
        (
            "Next attempt",
            when(world, found.next_attempt_on) if found.next_attempt_on else Cell("none planned"),
        ),
    ]
    attempts = [
        (f"Attempt {n} ({a.kind}) at {when(world, a.on).text}: {_outcome(a)}", _headers(world, found, a))
        for n, a in enumerate(found.attempts, start=1)
    ]
    blocks = [("Body", json.dumps(shown["body"], indent=2, ensure_ascii=False)), *attempts]
    button = Button("Redeliver", f"{base(world)}/webhooks/{found.id}/redeliver")
    timeline = _in_order([Moment(found.created_on, f"{found.event} happened"), *_attempts(world, found)])
    return Detail("delivery", f"Webhook {found.event}", facts, [button], timeline, blocks=blocks)


# -- timelines ---------------------------------------------------------------------------------


def _object_timeline(
    world: World, object_id: str, created_on: datetime, created: str, currency: str = "EUR"
) -> list[Moment]:
    """A PayLink's or mandate's events, its webhooks and what its simulated person plans next."""
    events = world.history.of(object_id)
    moments = [_event_moment(event, currency) for event in events]
    if not any(event.name.endswith("Created") for event in events):
        moments.append(Moment(created_on, created))
    planned = [
        Moment(entry.due, f"{entry.payload['act']} (planned by the scenario's rules)", planned=True)
        for entry in world.tenant.clock.pending
        if entry.action == "person.act" and entry.payload.get("object_id") == object_id
    ]
    return _in_order([*moments, *_webhooks(world, object_id), *planned])


def _note(world: World, object_id: str) -> str | None:
    if world.history.of(object_id):
        return None
    return (
        "Its earlier events are not kept (a fixture of the scenario, restored from a snapshot, or older "
        "than the tenant's last 10,000 events): the timeline shows what its webhooks and fields say."
    )


def _event_moment(event: DomainEvent, currency: str) -> Moment:
    data = event.data
    text = ", ".join(f"{name} {value}" for name, value in data.items() if name != "transaction-amount")
    if "transaction-amount" in data:
        text = f"{format_money(data['transaction-amount'], currency)} by {data.get('payment-method', '')}"
    return Moment(event.occurred_on, event.name, text)


def _webhooks(world: World, object_id: str) -> list[Moment]:
    """Every attempt of every webhook about the object, and the retries still to come."""
    return [moment for found in _deliveries_about(world, object_id) for moment in _attempts(world, found)]


def _deliveries_about(world: World, object_id: str) -> Iterable[Delivery]:
    # The object's id in the body is the envelope's serviceId or the legacy body's id; the cheap
    # byte test first, so a page does not parse the whole log.
    needle = object_id.encode()
    for found in world.webhooks.deliveries():
        if needle in found.body:
            body = json.loads(found.body)
            if object_id in (body.get("serviceId"), body.get("id")):
                yield found


def _attempts(world: World, found: Delivery) -> list[Moment]:
    href = f"{base(world)}/webhooks/{found.id}"
    moments = [
        Moment(
            attempt.on,
            f"{found.event} {ATTEMPT_TITLES[attempt.kind]}"
            + (" (retry)" if attempt.kind == AttemptKind.attempt and n > 1 else ""),
            f"to {masked(found.url)}: {_outcome(attempt)}",
            status="delivered" if attempt.ok else "failed",
            href=href,
        )
        for n, attempt in enumerate(found.attempts, start=1)
    ]
    if found.next_attempt_on is not None:
        moments.append(Moment(found.next_attempt_on, f"{found.event} webhook try", planned=True, href=href))
    return moments


def _outcome(attempt: Attempt) -> str:
    if attempt.status is not None:
        return f"HTTP {attempt.status}" + (f" {attempt.answer[:60]!r}" if attempt.answer else "")
    return attempt.error or "no answer"


def _headers(world: World, found: Delivery, attempt: Attempt) -> str:
    if attempt.kind == AttemptKind.dropped:
        return "(never sent)"
    headers = world.webhooks.sent_headers(found, attempt)
    return "\n".join(f"{name}: {value}" for name, value in headers.items())


def _node_text(event: dict[str, Any]) -> str:
    data = event["data"]
    shown = json.dumps(data, ensure_ascii=False) if data else ""
    return f"node {event['nodeId']}" + (f": {shown}" if shown else "")


def _in_order(moments: list[Moment]) -> list[Moment]:
    """Oldest first; what is planned after what has happened at the same moment."""
    return sorted(moments, key=lambda moment: (moment.at, moment.planned))
