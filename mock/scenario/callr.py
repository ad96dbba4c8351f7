"""A tenant's CALLR account, as its scenario declares it: credentials, numbers, and the magic
number endings that decide how its SMS and calls fare (on top of the face's built-in ones)."""

from typing import Literal

from pydantic import Field

from .base import ScenarioModel

SmsOutcome = Literal["RECEIVED", "ERROR", "FAILED", "EXPIRED"]
DialStatus = Literal["ANSWER", "NOANSWER", "BUSY", "CONGESTION", "CANCEL", "CHANUNAVAIL", "NODIAL"]


class CallrSpec(ScenarioModel):
    login: str = Field(default="demo", min_length=1, description="the JSON-RPC basic-auth login")
    password: str = Field(default="demo-password", min_length=1)
    api_key: str = Field(default="demo-callr-api-key", min_length=1, description="for Authorization: Api-Key")
    numbers: list[str] = Field(
        default=["+31851234567"],
        description="the account's DIDs, E.164: accepted as SMS senders and as caller ids",
    )
    senders: list[str] = Field(
        default=["Alphacomm"], description="alphanumeric SMS senders the account may use besides its numbers"
    )
    sms_outcomes: dict[str, SmsOutcome] = Field(
        default={}, description="recipient number ending → how an SMS to it ends, over the built-in table"
    )
    dial_statuses: dict[str, DialStatus] = Field(
        default={}, description="called number ending → the call's dialstatus, over the built-in table"
    )
