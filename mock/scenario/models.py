"""The scenario file format, as pydantic models; field names are camelCase like the API's."""

import base64
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    GetJsonSchemaHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from ..core.access import AllowList
from ..core.clock import CLOCK_MOMENTS, ClockError, parse_mode, within_the_clock
from ..core.values import Cents, CurrencyCode, Duration, Text
from ..core.vocabulary import (
    DEFAULT_WEBHOOK_EVENTS,
    WEBHOOK_EVENTS,
    BatchAction,
    BatchStatus,
    MandateStatus,
    MandateType,
    PayLinkStatus,
    PersonGender,
    RowField,
)
from ..core.windows import WEEKDAYS, WeeklyWindows
from .base import ScenarioModel
from .callr import CallrSpec
from .ccai import CcaiSpec
from .flows import Flow, UnknownFlow, builtin_flow
from .population import PopulationSpec
from .rules import Rule

ALL_EVENTS = "all"  # `events: all`: the extensions too, and any added later
INBOX_SCHEME = "inbox:"


class ApiKeySpec(ScenarioModel):
    key: Text
    allow: str | None = Field(
        default=None,
        description="IP allow-list: addresses and CIDR blocks separated by spaces, "
        "as in '127.1.1.1 192.1.0.0/32'. Absent: any address.",
    )

    @field_validator("allow")
    @classmethod
    def _allow_list_parses(cls, text: str | None) -> str | None:
        if text is not None:
            AllowList.parse(text)
        return text


class CallingSpec(ScenarioModel):
    """When and how often a voice script calls a job's numbers."""

    window: WeeklyWindows = Field(
        default_factory=lambda: (
            {day: ["09:00-20:00"] for day in WEEKDAYS[:5]} | {"saturday": ["10:00-16:00"]}
        ),
        validate_default=True,  # the defaults are written as in a scenario file, and read the same way
        description="calling hours per weekday in the tenant's time zone (HH:MM-HH:MM; "
        "a window that closes before it opens runs across midnight)",
    )
    max_attempts: int = Field(default=3, ge=1, description="calls per job before it gives up")
    retry_interval: Duration = Field(default=timedelta(hours=2), description="wait between attempts")
    local_number: str = Field(default="31513703800", description="the number calls come from (digits)")


def _flow_or_builtin_name(value: object, _handler: object) -> Flow | str | None:
    """A flow by the name of a built-in one (checked now, so that no call placed later meets a flow
    that is not there) or written out. Chosen by the value's form, so a flow written out with a
    mistake is reported once, at its own fields, not also as "not a string"."""
    if value is None or isinstance(value, Flow):
        return value
    if isinstance(value, str):
        try:
            builtin_flow(value)
        except UnknownFlow as error:
            raise ValueError(str(error)) from None
        return value
    return Flow.model_validate(value)


def _jinja2_template(template: str | None) -> str | None:
    """Parsed when the scenario is read, so a broken template is a validate error with its line,
    not a tenant that cannot be built. Jinja2 loads only for a scenario that writes a template."""
    if template is not None:
        import jinja2

        try:
            jinja2.Environment().parse(template)
        except jinja2.TemplateSyntaxError as error:
            raise ValueError(f"expected a Jinja2 template (line {error.lineno}: {error.message})") from None
    return template


class ScriptSpec(ScenarioModel):
    id: Text
    name: str = ""
    medium: Literal["mail", "sms", "voice"]
    service: Literal["paylink", "emandate"] | None = None
    required: list[RowField] = Field(
        default_factory=lambda: ["reference", "script"],
        description="The RowInput fields a record for this script must have.",
    )
    flow: Annotated[Flow | str | None, WrapValidator(_flow_or_builtin_name)] = Field(
        default=None, description="voice: the call flow, by the name of a built-in flow or written out"
    )
    calling: CallingSpec = CallingSpec()
    template: Annotated[str | None, AfterValidator(_jinja2_template)] = Field(
        default=None, description="mail and SMS: the message text (Jinja2), default per medium and service"
    )


MAX_WEBHOOK_TIMEOUT = 60.0  # seconds: longer than any receiver worth waiting for


class FaultSpec(ScenarioModel):
    """Network trouble between the platform and an endpoint, each a probability per attempt,
    drawn from the tenant's seeded generator."""

    drop: float = Field(default=0.0, ge=0, le=1, description="the attempt never reaches the endpoint")
    duplicate: float = Field(default=0.0, ge=0, le=1, description="the attempt arrives twice")
    delay: float = Field(default=0.0, ge=0, le=1, description="the first attempt waits delayBy first")
    delay_by: Duration = Field(default=timedelta(minutes=5), description="how long a delayed attempt waits")
    reorder: float = Field(default=0.0, ge=0, le=1, description="the event is held back behind later ones")


class WebhookSpec(ScenarioModel):
    """A webhook endpoint: only `url` is needed, and a plain URL string is an endpoint with every
    default. `inbox:NAME` delivers to the mock's own inbox."""

    url: str = Field(description="the receiver's http or https URL, or inbox:NAME, the mock's own inbox")
    username: str | None = None
    password: str | None = None
    format: Literal["envelope", "legacy"] = "envelope"
    events: list[Literal[WEBHOOK_EVENTS]] | Literal["all"] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="event names to send, or all; absent: the documented events (PayLinkVisited, "
        "PayLinkPaid, VoiceCallCompleted), for a legacy endpoint only VoiceCallCompleted",
    )
    secret: str | None = Field(
        default=None, description="Standard Webhooks signing secret (whsec_... base64); absent: unsigned"
    )
    # Bounded: a delivery holds its tenant's clock while it waits, so one endpoint's timeout is
    # how long that tenant's advance may hang on it (1e308 once hung it for good).
    timeout: float = Field(
        default=10.0,
        gt=0,
        le=MAX_WEBHOOK_TIMEOUT,
        allow_inf_nan=False,
        description=f"seconds to wait for an answer, at most {MAX_WEBHOOK_TIMEOUT:g}",
    )

    @model_validator(mode="before")
    @classmethod
    def _url_alone(cls, data: object) -> object:
        return {"url": data} if isinstance(data, str) else data

    @field_validator("url")
    @classmethod
    def _http_or_inbox(cls, url: str) -> str:
        if not _http_or_inbox_url(url):
            raise ValueError(f"expected an http or https URL or inbox:NAME ({INBOX_NAME_CHARACTERS} in NAME)")
        return url

    @field_validator("events", mode="before")
    @classmethod
    def _known_events(cls, events: object) -> object:
        """One clear problem naming the unknown event, rather than pydantic's one per union member."""
        names = ", ".join(WEBHOOK_EVENTS)
        if isinstance(events, str) and events != ALL_EVENTS:
            raise ValueError(f"expected a list of event names from {names}, or all; {events!r} is neither")
        if isinstance(events, list):
            for name in events:
                if name not in WEBHOOK_EVENTS:
                    raise ValueError(
                        f"expected event names from {names}, or all; {name!r} is not one of them"
                    )
        return events

    @field_validator("secret")
    @classmethod
    def _standard_webhooks_secret(cls, secret: str | None) -> str | None:
        if secret is not None:
            try:
                key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
            except ValueError:
                key = b""
            if not key:  # an empty key would sign nothing: the signer refuses it
                raise ValueError(
                    "expected a Standard Webhooks secret: whsec_ and base64 of at least one byte, "
                    "e.g. whsec_c2VjcmV0LXNlY3JldA=="
                )
        return secret

    @field_validator("username")
    @classmethod
    def _fits_basic_auth(cls, username: str | None) -> str | None:
        if username is not None and ":" in username:
            raise ValueError("expected a user name without ':', which basic auth cannot carry")
        return username

    retry: Literal["default", "stripe", "mollie", "none", "callr"] = "default"
    faults: FaultSpec = FaultSpec()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Editors are told a plain URL string is an endpoint too, as validation takes it."""
        endpoint = handler(core_schema)
        return {"anyOf": [{"type": "string", "description": "the URL alone"}, endpoint]}

    def receives(self, event: str) -> bool:
        """Whether an event of this name goes to this endpoint: the extensions only when asked for."""
        if self.events == ALL_EVENTS:
            return True
        return event in (self.events if self.events is not None else DEFAULT_WEBHOOK_EVENTS[self.format])


INBOX_NAME_CHARACTERS = "letters, digits, '.', '_', '~' and '-'"


def _http_or_inbox_url(url: str) -> bool:
    if url.startswith(INBOX_SCHEME):
        return re.fullmatch(r"[A-Za-z0-9._~-]+", url.removeprefix(INBOX_SCHEME)) is not None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- only to have a port that is not a number refused
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class AttributeSpec(ScenarioModel):
    id: Text
    value: str


class PayLinkFixture(ScenarioModel):
    """A PayLink that exists when the tenant starts; attributes are stored exactly as given,
    by default only the 'origin' the platform gives PayLinks made through the API."""

    id: str | None = None
    attributes: list[AttributeSpec] = [AttributeSpec(id="origin", value="api")]
    person_name: Text
    person_gender: PersonGender = PersonGender.U
    status: PayLinkStatus = PayLinkStatus.ready
    amount_paid: int = Field(default=0, ge=0)
    invoice_amount: Cents
    invoice_currency: CurrencyCode = "EUR"
    invoice_description: str = ""
    invoice_reference: str = ""
    invoice_date: AwareDatetime
    visible_until: AwareDatetime | None = None
    created_on: AwareDatetime
    updated_on: AwareDatetime | None = None


class MandateFixture(ScenarioModel):
    id: str | None = None
    person_name: Text
    reference: Text
    type: MandateType = MandateType.RCUR
    reason: str = ""
    debtor_reference: str = ""
    status: MandateStatus = MandateStatus.new
    created_on: AwareDatetime
    updated_on: AwareDatetime | None = None


class BatchFixture(ScenarioModel):
    name: Text
    action: BatchAction = BatchAction.IMPORT
    status: BatchStatus = BatchStatus.empty
    created_on: AwareDatetime


class Fixtures(ScenarioModel):
    """Objects that exist before the first request, such as the ones the documentation shows."""

    pay_links: list[PayLinkFixture] = []
    mandates: list[MandateFixture] = []
    batches: list[BatchFixture] = []


WORKDAY_WINDOWS = ["08:00-09:00", "12:00-13:00", "16:00-17:00"]


class TenantSpec(ScenarioModel):
    customer: Text
    name: str = ""
    timezone: str = "Europe/Amsterdam"
    api_keys: list[ApiKeySpec] = Field(min_length=1)
    scripts: list[ScriptSpec] = []
    webhooks: list[WebhookSpec] = []
    rules: list[Rule] = Field(default=[], description="tried before the built-in rules; first match wins")
    max_records_per_batch: int | None = Field(
        default=None, gt=0, description="records of one batch past this many are dropped; absent: no limit"
    )
    import_schedule: WeeklyWindows = Field(
        default_factory=lambda: {day: list(WORKDAY_WINDOWS) for day in WEEKDAYS[:5]},
        validate_default=True,
        description="when queued batches start, per weekday, in the tenant's time zone (HH:MM-HH:MM; "
        "a window that closes before it opens runs across midnight)",
    )
    fixtures: Fixtures = Fixtures()
    ccai: CcaiSpec | None = Field(
        default=None, description="the contact centre behind the CCAI Platform face; absent: none"
    )
    callr: CallrSpec | None = Field(default=None, description="the tenant's CALLR account; absent: none")
    population: PopulationSpec | None = Field(
        default=None, description="generated debtors, imported through the tenant's own scripts"
    )

    @model_validator(mode="after")
    def _population_of_own_scripts(self) -> "TenantSpec":
        if self.population is not None:
            known = [script.id for script in self.scripts]
            if not known and self.population.size:
                raise ValueError("population: expected a tenant with scripts for its records to go to")
            for script in self.population.scripts or {}:
                if script not in known:
                    raise ValueError(
                        f"population.scripts: expected script ids of this tenant ({', '.join(known)}), "
                        f"got {script!r}"
                    )
        return self

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"expected an IANA time zone such as Europe/Amsterdam, got {name!r}") from None
        return name


def _within_the_clock(start: datetime) -> datetime:
    if not within_the_clock(start):
        raise ValueError(f"expected {CLOCK_MOMENTS}")
    return start


class ClockSpec(ScenarioModel):
    start: Annotated[AwareDatetime, AfterValidator(_within_the_clock)]
    mode: str = Field(
        default="manual", description="manual, realtime, follow (the wall clock), or a speed such as 60x"
    )

    @field_validator("mode")
    @classmethod
    def _known_mode(cls, mode: str) -> str:
        try:
            parse_mode(mode)
        except ClockError as error:  # pydantic reports ValueErrors, not our own errors
            raise ValueError(error.message.removeprefix("mode: ")) from None
        return mode


class Scenario(ScenarioModel):
    seed: int = 0
    clock: ClockSpec
    tenants: list[TenantSpec] = Field(min_length=1)

    def with_seed(self, seed: int | None) -> "Scenario":
        return self if seed is None else self.model_copy(update={"seed": seed})

    def with_overrides(
        self,
        *,
        seed: int | None = None,
        mode: str | None = None,
        webhooks: Sequence[WebhookSpec | str] = (),
        populate: int | None = None,
    ) -> "Scenario":
        """The command line's `--seed`, `--clock`, `--webhook` (endpoints of the first tenant) and
        `--populate` (the first tenant's population size, its other settings kept)."""
        scenario = self.with_seed(seed)
        first = scenario.tenants[0]
        if populate is not None:
            population = (first.population or PopulationSpec(size=populate)).model_copy(
                update={"size": populate}
            )
            scenario = scenario._with_first_tenant(population=population)
        if mode is not None:
            clock = ClockSpec(start=scenario.clock.start, mode=mode)
            scenario = scenario.model_copy(update={"clock": clock})
        if webhooks:
            endpoints = [*first.webhooks, *(WebhookSpec.model_validate(hook) for hook in webhooks)]
            scenario = scenario._with_first_tenant(webhooks=endpoints)
        return scenario

    def _with_first_tenant(self, **update: object) -> "Scenario":
        tenants = [self.tenants[0].model_copy(update=update), *self.tenants[1:]]
        return self.model_copy(update={"tenants": tenants})
