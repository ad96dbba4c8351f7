"""The scenario file format, as pydantic models; field names are camelCase like the API's."""

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from mock.core.access import AllowList
from mock.core.values import Cents, CurrencyCode, Text
from mock.imports.model import BatchAction, BatchStatus, RowField
from mock.mandates.model import MandateStatus, MandateType
from mock.paylinks.model import PayLinkStatus, PersonGender


class ScenarioModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


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


class ScriptSpec(ScenarioModel):
    id: Text
    name: str = ""
    medium: Literal["mail", "sms", "voice"]
    service: Literal["paylink", "emandate"] | None = None
    required: list[RowField] = Field(
        default_factory=lambda: ["reference", "script"],
        description="The RowInput fields a record for this script must have.",
    )


class WebhookSpec(ScenarioModel):
    url: str
    username: str | None = None
    password: str | None = None
    format: Literal["envelope", "legacy"] = "envelope"
    events: list[str] | None = None
    secret: str | None = None
    timeout: float = 10.0


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


class TenantSpec(ScenarioModel):
    customer: Text
    name: str = ""
    timezone: str = "Europe/Amsterdam"
    api_keys: list[ApiKeySpec] = Field(min_length=1)
    scripts: list[ScriptSpec] = []
    webhooks: list[WebhookSpec] = []
    fixtures: Fixtures = Fixtures()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"expected an IANA time zone such as Europe/Amsterdam, got {name!r}") from None
        return name


class ClockSpec(ScenarioModel):
    start: AwareDatetime
    mode: Literal["manual"] = "manual"


class Scenario(ScenarioModel):
    seed: int = 0
    clock: ClockSpec
    tenants: list[TenantSpec] = Field(min_length=1)

    def with_seed(self, seed: int | None) -> "Scenario":
        return self if seed is None else self.model_copy(update={"seed": seed})
