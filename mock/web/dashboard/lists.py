"""The dashboard's tables: a tenant's PayLinks, mandates, batches, calls, messages, webhook
deliveries, endpoints, inboxes and requests, newest first, filtered by status and reference.
Read from the same services and stores the control API reads."""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from ...control.endpoints import endpoint_json
from ...core.masks import masked
from ...core.values import format_money
from ...core.vocabulary import BatchStatus, MandateStatus, PayLinkStatus
from ...imports.model import Batch
from ...mandates.model import Mandate
from ...paylinks.model import PayLink
from ...scenario.models import INBOX_SCHEME
from ...webhooks.deliveries import Delivery, DeliveryStatus
from ...world import World
from .render import shown_time
from .shapes import Cell, Table

T = TypeVar("T")
SHOWN = 50  # rows of a list page; the overview shows fewer


def base(world: World) -> str:
    return f"/_mock/ui/tenants/{world.tenant.customer}"


def when(world: World, moment) -> Cell:
    return Cell(shown_time(moment, world), moment=moment)


def short_id(object_id: str, href: str) -> Cell:
    """An id in a table: its first 8 characters (enough to tell a list's rows apart), whole on hover."""
    return Cell(object_id[:8], href=href, title=object_id)


def _newest(items: Iterable[T], keep: Callable[[T], bool], limit: int) -> tuple[list[T], int]:
    """The newest `limit` items that `keep` keeps, and how many it keeps in all."""
    kept = [item for item in items if keep(item)]
    return kept[::-1][:limit], len(kept)


def _table(
    title: str, columns: list[str], found: tuple[Sequence[T], int], row, more: str, empty: str
) -> Table:
    items, total = found
    return Table(title, columns, [row(item) for item in items], total, more, empty)


def paylinks(world: World, status: str | None, reference: str | None, limit: int = SHOWN) -> Table:
    def keep(link: PayLink) -> bool:
        return (status is None or link.status == status) and (
            reference is None or reference in (link.reference, link.invoice_reference)
        )

    def row(link: PayLink) -> list[Cell]:
        return [
            when(world, link.created_on),
            short_id(link.id, f"{base(world)}/paylinks/{link.id}"),
            Cell(link.person_name),
            Cell(format_money(link.invoice_amount, link.invoice_currency)),
            Cell(format_money(link.amount_paid, link.invoice_currency)),
            Cell(str(link.status) + (" (expired)" if link.expired else ""), status=str(link.status)),
            Cell(link.reference or link.invoice_reference),
        ]

    columns = ["Created", "PayLink", "Name", "Amount", "Paid", "Status", "Reference"]
    found = _newest(world.paylinks.store, keep, limit)
    return _table("PayLinks", columns, found, row, f"{base(world)}/paylinks", "No PayLinks yet.")


def mandates(world: World, status: str | None, reference: str | None, limit: int = SHOWN) -> Table:
    def keep(mandate: Mandate) -> bool:
        return (status is None or mandate.status == status) and reference in (None, mandate.reference)

    def row(mandate: Mandate) -> list[Cell]:
        return [
            when(world, mandate.created_on),
            short_id(mandate.id, f"{base(world)}/mandates/{mandate.id}"),
            Cell(mandate.person_name),
            Cell(str(mandate.type)),
            Cell(str(mandate.status), status=str(mandate.status)),
            Cell(mandate.reference),
        ]

    columns = ["Created", "Mandate", "Name", "Type", "Status", "Reference"]
    found = _newest(world.mandates.store, keep, limit)
    return _table("Mandates", columns, found, row, f"{base(world)}/mandates", "No mandates yet.")


def record_counts(batch: Batch) -> str:
    """A batch's records per status, as the progress of an import: '12 created, 1 rejected'."""
    counts = Counter(str(record.status) for record in batch.records)
    return ", ".join(f"{count} {status}" for status, count in counts.most_common()) or "no records yet"


def batches(world: World, status: str | None, reference: str | None, limit: int = SHOWN) -> Table:
    def keep(batch: Batch) -> bool:
        return (status is None or batch.status == status) and (
            reference is None or any(record.reference == reference for record in batch.records)
        )

    def row(batch: Batch) -> list[Cell]:
        return [
            when(world, batch.created_on),
            Cell(batch.name, href=f"{base(world)}/batches/{batch.name}"),
            Cell(str(batch.action)),
            Cell(str(batch.status), status=str(batch.status)),
            Cell(record_counts(batch)),
        ]

    columns = ["Created", "Batch", "Action", "Status", "Records"]
    found = _newest(world.imports.batches, keep, limit)
    return _table("Batches", columns, found, row, f"{base(world)}/batches", "No batches yet.")


def calls(world: World, status: str | None, reference: str | None, limit: int = SHOWN) -> Table:
    now = world.tenant.clock.now()

    def row(call) -> list[Cell]:
        shown = call.status_at(now)
        return [
            when(world, call.created_on),
            short_id(call.id, f"{base(world)}/calls/{call.id}"),
            Cell(call.script_id),
            Cell(call.direction),
            Cell(call.remote_number),
            Cell(shown, status=shown),
            Cell(call.reference or ""),
        ]

    found = _newest(
        world.voice.search(reference=reference), lambda c: status in (None, c.status_at(now)), limit
    )
    columns = ["Created", "Call", "Script", "Direction", "Number", "Status", "Reference"]
    return _table("Calls", columns, found, row, f"{base(world)}/calls", "No calls yet.")


def messages(world: World, status: str | None, reference: str | None, limit: int = SHOWN) -> Table:
    def row(message) -> list[Cell]:
        return [
            when(world, message.created_on),
            short_id(message.id, f"{base(world)}/messages/{message.id}"),
            Cell(str(message.channel)),
            Cell(message.to),
            Cell(message.subject or message.text[:60]),
            Cell(message.status, status=message.status),
            Cell(message.reference),
        ]

    found = _newest(world.messaging.search(reference), lambda m: status in (None, m.status), limit)
    columns = ["Created", "Message", "Channel", "To", "Subject or text", "Status", "Reference"]
    return _table("Messages", columns, found, row, f"{base(world)}/messages", "No mail or SMS sent yet.")


def deliveries(world: World, status: str | None, event: str | None, limit: int = SHOWN) -> Table:
    def row(delivery: Delivery) -> list[Cell]:
        last = delivery.attempts[-1] if delivery.attempts else None
        answer = "" if last is None else str(last.status or last.error or "")
        return [
            when(world, delivery.created_on),
            Cell(delivery.event, href=f"{base(world)}/webhooks/{delivery.id}"),
            Cell(masked(delivery.url)),
            Cell(str(delivery.status), status=str(delivery.status)),
            Cell(str(len(delivery.attempts))),
            Cell(answer),
        ]

    found = _newest(world.webhooks.deliveries(event=event, status=status), lambda _: True, limit)
    columns = ["Created", "Event", "Endpoint", "Status", "Attempts", "Last answer"]
    empty = "No webhooks sent yet. Add an endpoint below (inbox:demo keeps them here)."
    return _table("Webhook deliveries", columns, found, row, f"{base(world)}/webhooks", empty)


def endpoints(world: World) -> Table:
    rows = [
        [
            Cell(endpoint.id),
            Cell(masked(endpoint.spec.url), href=_inbox_href(world, endpoint.spec.url)),
            Cell(endpoint.spec.format),
            Cell(", ".join(endpoint_json(endpoint)["events"])),
        ]
        for endpoint in world.webhooks.endpoints()
    ]
    return Table(
        "Webhook endpoints", ["Id", "URL", "Format", "Events"], rows, len(rows), empty="No endpoints."
    )


def inbox_names(world: World) -> list[str]:
    """The tenant's `inbox:NAME` endpoints: the built-in receivers the dashboard shows."""
    urls = [endpoint.spec.url for endpoint in world.webhooks.endpoints()]
    return list(dict.fromkeys(url.removeprefix(INBOX_SCHEME) for url in urls if url.startswith(INBOX_SCHEME)))


def _inbox_href(world: World, url: str) -> str | None:
    return f"{base(world)}/inbox/{url.removeprefix(INBOX_SCHEME)}" if url.startswith(INBOX_SCHEME) else None


def requests(world: World, entries: list[dict], limit: int = SHOWN) -> Table:
    """The request journal: what the tenant's clients asked, newest first."""
    shown = entries[::-1][:limit]
    rows = [
        [
            Cell(entry["receivedOn"]),
            Cell(entry["method"]),
            Cell(entry["path"]),
            Cell(str(entry["status"]), status="delivered" if entry["status"] < 400 else "failed"),
            Cell(f"{entry['durationMs']:g} ms"),
        ]
        for entry in shown
    ]
    columns = ["Received (real time)", "Method", "Path", "Status", "Took"]
    return Table("Requests", columns, rows, len(entries), f"{base(world)}/requests", "No requests yet.")


def statuses(kind: str, world: World) -> list[str]:
    """The statuses a list's filter offers: the documented ones, or for calls and messages (whose
    outcomes the callees and recipients decide) the ones the tenant's have reached."""
    if kind == "calls":
        now = world.tenant.clock.now()
        return sorted({call.status_at(now) for call in world.voice.calls})
    if kind == "messages":
        return sorted({message.status for message in world.messaging.messages})
    return [str(status) for status in DOCUMENTED_STATUSES[kind]]


DOCUMENTED_STATUSES = {
    "paylinks": PayLinkStatus,
    "mandates": MandateStatus,
    "batches": BatchStatus,
    "webhooks": DeliveryStatus,
}
LISTS = {"paylinks": paylinks, "mandates": mandates, "batches": batches, "calls": calls, "messages": messages}
