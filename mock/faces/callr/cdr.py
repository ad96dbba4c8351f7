"""A call as CALLR records it, and the CDR.In and CDR.Out objects made from it."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .values import NO_CHARGE, callr_datetime

# ISDN cause of each dial status: 16 normal clearing, 17 busy, 19 no answer, 21 rejected,
# 1 unallocated number, 34 no circuit.
HANGUP_CAUSES = {"ANSWER": 16, "NOANSWER": 19, "BUSY": 17, "CANCEL": 21, "CHANUNAVAIL": 1, "CONGESTION": 34}


@dataclass
class CallRecord:
    """One call as CALLR records it: what CDR.In and CDR.Out are made from."""

    callid: int
    direction: str
    number: str  # the called number (OUT) or the DID called (IN)
    cli: str | None
    dialstatus: str
    start: datetime
    answer: datetime | None
    hangup: datetime
    hangupsource: str
    customer_field: str | None = None
    app: str | None = None
    app_name: str | None = None
    package: str | None = None
    ended: bool = False

    def as_cdr(self) -> dict[str, Any]:
        answered = int((self.hangup - self.answer).total_seconds()) if self.answer else 0
        common = {
            "answer": callr_datetime(self.answer),
            "billing_customer_cost_label": None,
            "billing_customer_credit_eur": NO_CHARGE,
            "billing_customer_debit_eur": NO_CHARGE,
            "callid": self.callid,
            "cli_name": None,
            "cli_number": self.cli,
            "customer_field": self.customer_field,
            "duration": int((self.hangup - self.start).total_seconds()),
            "duration_answered": answered,
            "duration_billed": answered,
            "hangup": callr_datetime(self.hangup),
            "hangupcause": HANGUP_CAUSES.get(self.dialstatus, 0),
            "hangupsource": self.hangupsource,
            "package_name": self.package,
            "scenario_hash": self.app,
            "scenario_name": self.app_name,
            "start": callr_datetime(self.start),
        }
        if self.direction == "IN":
            return dict(
                sorted(
                    {**common, "did_intl_number": self.number, "cli_pres": "allowed_passed_screen"}.items()
                )
            )
        extra = {"callid_in": None, "cli_pres": "allowed_passed_screen", "dialstatus": self.dialstatus}
        extra |= {"number": self.number, "number_country_code": None, "number_type": None}
        return dict(sorted({**common, **extra}.items()))
