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
        return {"ids": random_state_to_json(self.rng), "codes": random_state_to_json(self._code_rng)}

    def restore(self, state: dict[str, list]) -> None:
        self.rng.setstate(random_state_from_json(state["ids"]))
        self._code_rng.setstate(random_state_from_json(state["codes"]))


def random_state_to_json(rng: random.Random) -> list:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def random_state_from_json(data: list) -> tuple:
    """Random.getstate() comes back from JSON as lists; setstate wants its tuples back."""
    version, internal, gauss = data
    return version, tuple(internal), gauss
