"""Every id and short code of a tenant, drawn from the tenant's seeded generator.

The same seed and the same sequence of requests give the same ids, whatever else the server
holds. Short codes are URL paths shared by all tenants of a server, so each one drawn is
claimed server-wide first; they come from a generator of their own, so that a code drawn again
after a clash shifts only the codes, never the ids.
"""

import random
import string
import uuid
from collections.abc import Callable

_CODE_ALPHABET = string.ascii_lowercase + string.digits
SHORT_CODE_LENGTH = 7


def _claim_anything(_code: str) -> bool:
    return True


class Ids:
    def __init__(self, seed: str, claim: Callable[[str], bool] = _claim_anything) -> None:
        """`claim(code)` answers True and records the code if no tenant has it yet."""
        self.rng = random.Random(seed)
        self._code_rng = random.Random(f"{seed}:short-codes")
        self._claim = claim

    def uuid(self) -> str:
        """A version 4 UUID, as the platform's ids are."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def short_code(self) -> str:
        """Seven lower-case letters and digits, like 'u8t1nbw' in the platform's short URLs."""
        while True:
            code = "".join(self._code_rng.choices(_CODE_ALPHABET, k=SHORT_CODE_LENGTH))
            if self._claim(code):
                return code

    def state(self) -> dict[str, list]:
        """Both generators' states as JSON-able lists, for a snapshot."""
        return {"ids": _listed(self.rng.getstate()), "codes": _listed(self._code_rng.getstate())}

    def restore(self, state: dict[str, list]) -> None:
        self.rng.setstate(_tupled(state["ids"]))
        self._code_rng.setstate(_tupled(state["codes"]))


def _listed(value):
    return [_listed(item) for item in value] if isinstance(value, tuple) else value


def _tupled(value):
    return tuple(_tupled(item) for item in value) if isinstance(value, list) else value
