"""The voice service of a tenant: the calls of its voice scripts (voice/calls.py) and the
API's stopCalling."""

from .calls import Call, Calls, CallStop

__all__ = ["Call", "CallStop", "VoiceService"]


class VoiceService(Calls):
    def stop_calling(self, script_id: int, reference: str) -> str:
        """Scheduled calls of the script and reference are dropped (one in progress ends as it
        would); answers 'done' as the platform does, whether or not calls were scheduled."""
        self.stops.append(CallStop(script_id, reference, self.tenant.clock.now()))
        self.cancel_calls(str(script_id), reference)
        return "done"
