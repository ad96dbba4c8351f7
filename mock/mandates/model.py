"""The e-Mandate as the platform documents it: its statuses and which acts each allows."""

from dataclasses import dataclass
from datetime import datetime

from ..core.errors import InvalidTransition
from ..core.vocabulary import MandateStatus, MandateType


@dataclass
class Mandate:
    id: str
    short_code: str
    short_url: str
    long_url: str
    person_name: str
    reference: str
    type: MandateType
    reason: str
    debtor_reference: str
    created_on: datetime
    updated_on: datetime
    status: MandateStatus = MandateStatus.new

    def check(self, act: str) -> None:
        if self.status != ACTS[act][0]:
            raise InvalidTransition(
                f"mandate {self.id} is {self.status}: {act} needs a {ACTS[act][0]} mandate"
            )


# act: (the status it starts from, the status it leads to). The debtor authorizes twice:
# the first makes the mandate pending, the second (confirm) gives it.
ACTS: dict[str, tuple[MandateStatus, MandateStatus]] = {
    "authorize": (MandateStatus.new, MandateStatus.pending),
    "confirm": (MandateStatus.pending, MandateStatus.success),
}
