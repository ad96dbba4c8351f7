"""What a result file holds: the result groups as data, a record's known result, a written file.

Columns are the lower-cased group, an underscore and the field, as in the import format
(`identification_identifier` is the record reference). Which groups a script's file has
depends on its medium and service:

| group                             | fields                             | media            | service  |
|-----------------------------------|------------------------------------|------------------|----------|
| identification                    | identifier, batch, status          | all              | any      |
| enrichmentresults_phonenumber_1   | (none: the E.164 number)           | sms, voice       | any      |
| paymailresults_email_1            | status                             | mail             | any      |
| smsresults_sms                    | status                             | sms              | any      |
| paymailresults_paylink_1          | status, amount_paid, url           | mail             | paylink  |
| smsresults_paylink_1              | status, amount_paid, url           | sms              | paylink  |
| paymailresults_partialpaylink_1   | amount                             | all              | paylink  |
| paymailresults_paymentmethod_1    | (none: the last transaction's)     | all              | paylink  |
| paymailresults_emandate_1         | status                             | all              | emandate |
| callresults_call_1 .. _3          | status, started_on, duration       | voice            | any      |

Message statuses are the last SMS or mail of the record's job (sent, delivered, failed,
bounced); call groups hold the job's calls in order (duration in seconds).
`paymailresults_partialpaylink_1_amount` is filled only while the PayLink is partially paid.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

ALL_MEDIA = ("mail", "sms", "voice")


@dataclass(frozen=True)
class Group:
    name: str
    fields: tuple[str, ...]
    media: tuple[str, ...] = ALL_MEDIA
    service: str | None = None  # None: scripts of any service

    def columns(self) -> list[str]:
        return [f"{self.name}_{f}" if f else self.name for f in self.fields]

    def fits(self, medium: str, service: str | None) -> bool:
        return medium in self.media and (self.service is None or self.service == service)


GROUPS: tuple[Group, ...] = (
    Group("identification", ("identifier", "batch", "status")),
    Group("enrichmentresults_phonenumber_1", ("",), media=("sms", "voice")),
    Group("paymailresults_email_1", ("status",), media=("mail",)),
    Group("smsresults_sms", ("status",), media=("sms",)),
    Group("paymailresults_paylink_1", ("status", "amount_paid", "url"), media=("mail",), service="paylink"),
    Group("smsresults_paylink_1", ("status", "amount_paid", "url"), media=("sms",), service="paylink"),
    Group("paymailresults_partialpaylink_1", ("amount",), service="paylink"),
    Group("paymailresults_paymentmethod_1", ("",), service="paylink"),
    Group("paymailresults_emandate_1", ("status",), service="emandate"),
    # CALLRESULTS_CALL repeats: one group per attempt, up to the default maximum of attempts.
    *(
        Group(f"callresults_call_{n}", ("status", "started_on", "duration"), media=("voice",))
        for n in (1, 2, 3)
    ),
)

# The separate file for PayLinks made through the API (or the portal): no record behind them.
API_PAYLINK_COLUMNS = (
    "identification_identifier",  # the PayLink id
    "paylink_status",
    "paylink_amount_paid",
    "paylink_payment_method",
    "paylink_updated_on",
)


def script_columns(medium: str, service: str | None) -> list[str]:
    return [column for group in GROUPS if group.fits(medium, service) for column in group.columns()]


@dataclass(slots=True)  # one per record of the day: a tenant may hold 100,000
class RecordResult:
    """What is known of one record of a script: its import outcome and the objects its job opened.
    One per script and reference, as the file has one row per reference."""

    script: str
    key: str  # the reference, or batch#line for a record without one
    reference: str = ""
    batch: str = ""
    status: str = ""
    phone_numbers: list[str] = field(default_factory=list)
    paylink_id: str | None = None
    mandate_id: str | None = None
    message_status: str | None = None  # the last SMS or mail message's status
    calls: list[dict[str, object]] = field(default_factory=list)  # status, started_on, duration


@dataclass(frozen=True)
class ResultFile:
    name: str
    day: date
    script: str | None  # None: the API PayLinks file
    created_on: datetime
    content: bytes
