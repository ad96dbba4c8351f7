"""Voice operations of the API: stopCalling. Calls themselves come with the voice simulation."""

from dataclasses import dataclass
from datetime import datetime

from mock.core.tenant import Tenant


@dataclass(frozen=True)
class CallStop:
    """A stopCalling request: no call of this script and reference is made after `on`."""

    script_id: int
    reference: str
    on: datetime


class VoiceService:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.stops: list[CallStop] = []

    def stop_calling(self, script_id: int, reference: str) -> str:
        """Answers 'done' as the platform does, whether or not calls were scheduled."""
        self.stops.append(CallStop(script_id, reference, self.tenant.clock.now()))
        return "done"
