"""What the dashboard's templates draw, as plain data: tables of cells, facts, timelines and
buttons. The views fill them from a tenant's world; the templates never reach into domain objects."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    status: str | None = None  # drawn as a status badge, coloured by its name
    moment: datetime | None = None  # the cell is a time: the page gives it as RFC 3339 as well
    title: str | None = None  # the whole of what `text` shortens (an id)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    total: int  # matches in all, of which `rows` shows the newest
    more: str | None = None  # where to see them all
    empty: str = "Nothing yet."


@dataclass(frozen=True)
class Filter:
    """A list's filter form: its fields and the values chosen now."""

    statuses: list[str]
    status: str | None
    reference: str | None
    extra: dict[str, list[str]] = field(default_factory=dict)  # more choices: name → options
    chosen: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Button:
    """A form posting to a dashboard route: `fields` go as hidden inputs, `amount` asks for one."""

    label: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    secondary: bool = False


@dataclass(frozen=True)
class Moment:
    """One line of a timeline: what happened (or is planned) when, and how it went."""

    at: datetime
    title: str
    text: str = ""
    status: str | None = None
    planned: bool = False
    href: str | None = None


@dataclass
class Detail:
    kind: str  # PayLink, mandate, batch, call, message, delivery
    title: str
    facts: list[tuple[str, Cell]]
    buttons: list[Button] = field(default_factory=list)
    timeline: list[Moment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # headed preformatted text (bodies)
    note: str | None = None
