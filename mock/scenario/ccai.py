"""The `ccai:` section of a tenant: the contact centre behind the CCAI Platform face (its company
credentials, agents, menus, contacts with their tickets) and what its end users do on a call."""

from datetime import timedelta
from typing import Literal, get_args

import pycountry
from pydantic import Field, field_validator, model_validator

from ..core.values import Duration, Text
from .base import ScenarioModel

CallType = Literal[
    "Voice Outbound (API)",
    "Voice Inbound (API)",
    "Voice Scheduled (API)",
    "OutboundCall",
    "IncomingCall",
    "ScheduledCall",
]
ALL_CALL_TYPES: list[CallType] = list(get_args(CallType))
MenuType = Literal["ivr", "mobile", "web", "chat"]
MenuState = Literal["open", "after_hours", "manual_redirection"]
Answer = Literal["answers", "busy", "no_answer", "hangs_up"]


def well_formed_number(number: str) -> bool:
    """A number as the Call API accepts it: international (+ and country code) and of a possible
    length for its country, written with any spaces or dashes."""
    import phonenumbers  # loaded on first use, as core.values loads it: it weighs on every start-up

    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False


def same_number(one: str, other: str) -> bool:
    """Two well-formed numbers that dial the same line, however each is written."""
    import phonenumbers

    e164 = phonenumbers.PhoneNumberFormat.E164
    return phonenumbers.format_number(phonenumbers.parse(one, None), e164) == phonenumbers.format_number(
        phonenumbers.parse(other, None), e164
    )


def iso_639_1(code: str) -> bool:
    return len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None


def _numbers(numbers: list[str]) -> list[str]:
    for number in numbers:
        if not well_formed_number(number):
            raise ValueError(
                f"expected international phone numbers such as '+1 339-219-5276', got {number!r}"
            )
    return numbers


class AgentSpec(ScenarioModel):
    id: int = Field(ge=1)
    email: Text
    first_name: str
    last_name: str
    available: bool = Field(default=True, description="false: 'Agent is not available to take this call'")
    can_call: bool = Field(default=True, description="false: 'Agent does not have access to make calls'")
    outbound_numbers: list[str] = Field(
        default=[],
        description="the agent's outbound numbers; with several, a call without one waits for the agent "
        "to choose (202) and a call with another one asks the caller to choose (200)",
    )
    avatar_url: str | None = None
    agent_number: str | None = None

    _check_numbers = field_validator("outbound_numbers")(_numbers)


class MenuSpec(ScenarioModel):
    id: int = Field(ge=1)
    name: Text
    type: MenuType = Field(
        description="ivr and mobile menus take inbound calls, mobile and web scheduled ones"
    )
    state: MenuState = "open"
    languages: list[str] = Field(default=["en"], description="ISO 639-1 codes the menu answers in")
    parent_id: int | None = None
    position: int = 0
    output_msg: str | None = None
    ask_recording_permission: bool = Field(
        default=False, description="false: recording_permission is not evaluated and calls show not_asked"
    )

    @field_validator("languages")
    @classmethod
    def _iso_639_1(cls, languages: list[str]) -> list[str]:
        for code in languages:
            if not iso_639_1(code):
                raise ValueError(f"expected ISO 639-1 language codes such as 'en', got {code!r}")
        return languages


class ContactSpec(ScenarioModel):
    """An end user the CRM knows: a call for one of its tickets dials its number."""

    id: int = Field(ge=1)
    number: str
    out_contact_id: str | None = None
    tickets: list[str] = []

    @field_validator("number")
    @classmethod
    def _well_formed(cls, number: str) -> str:
        return _numbers([number])[0]


class EndUserSpec(ScenarioModel):
    """What an end user does once the contact centre calls or answers them."""

    answer: Answer = Field(
        default="answers", description="answers, busy, no_answer, or hangs_up (leaves the queue)"
    )
    talk: Duration = Field(default=timedelta(minutes=3), description="connected time, hold included")
    hold: Duration = Field(default=timedelta(0), description="time on hold during the call")
    means: str = ""


class CcaiSpec(ScenarioModel):
    company_key: Text = "demo-company-key"
    company_secret: Text = "demo-company-secret"
    call_types: list[CallType] = Field(
        default_factory=lambda: list(ALL_CALL_TYPES),
        description="call types the company accepts; any other is an 'Invalid call type'",
    )
    default_outbound_number: str = "+1 339-219-5276"
    agents: list[AgentSpec] = []
    menus: list[MenuSpec] = []
    contacts: list[ContactSpec] = []
    end_users: dict[str, EndUserSpec] = Field(
        default={},
        description="number endings (digits) -> what the end user does; before the built-in magic numbers",
    )
    forward_menu: int | None = Field(
        default=None, description="the menu where a reminder call's Forward node lands as an inbound call"
    )

    @field_validator("end_users")
    @classmethod
    def _endings_are_digits(cls, end_users: dict[str, EndUserSpec]) -> dict[str, EndUserSpec]:
        for ending in end_users:
            if not ending.isdigit():
                raise ValueError(f"expected number endings made of digits, got {ending!r}")
        return end_users

    @model_validator(mode="after")
    def _ids_unique_and_forward_menu_known(self) -> "CcaiSpec":
        for name, values in (
            ("agent id", [a.id for a in self.agents]),
            ("agent email", [a.email for a in self.agents]),
            ("menu id", [m.id for m in self.menus]),
            ("contact id", [c.id for c in self.contacts]),
        ):
            if len(set(values)) != len(values):
                raise ValueError(f"expected each {name} once, got {values}")
        if self.forward_menu is not None and self.forward_menu not in {m.id for m in self.menus}:
            raise ValueError(f"forwardMenu: expected the id of one of the menus, got {self.forward_menu}")
        return self
