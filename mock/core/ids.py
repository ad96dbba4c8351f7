"""Every id and short code of a tenant, drawn from the tenant's seeded generator.

The same seed and the same sequence of requests give the same ids, whatever else the server
holds. Short codes are URL paths shared by all tenants of a server, so each one drawn is
claimed server-wide first; they come from a generator of their own, so that a code drawn again
after a clash shifts only the codes, never the ids.
"""

import random
import string
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

_WORDS = 624  # of a Mersenne Twister's state; getstate() adds the position in them


def _mersenne_twister(internal: tuple[int, ...]) -> tuple[int, ...]:
    """Checked here, so that a state edited by hand is refused as input, not by setstate."""
    words, position = internal[:-1], internal[-1] if internal else -1
    if len(words) != _WORDS or not all(0 <= w < 2**32 for w in words) or not 0 <= position <= _WORDS:
        raise ValueError(f"expected {_WORDS} numbers from 0 to 2**32 - 1 and a position up to {_WORDS}")
    return internal


# What random.Random.getstate() answers: pydantic writes the tuples as JSON lists and reads them
# back as tuples, which is what setstate wants.
RandomState = tuple[Literal[3], Annotated[tuple[int, ...], AfterValidator(_mersenne_twister)], float | None]

# A version 4 UUID's fixed bits, as uuid.UUID(version=4) sets them: the variant (10) and version (4).
_UUID4_CLEARED = ~(0xC000 << 48 | 0xF000 << 64)
_UUID4_SET = 0x8000 << 48 | 4 << 76

_CODE_ALPHABET = string.ascii_lowercase + string.digits
SHORT_CODE_LENGTH = 7
_CODES, _CODE_PLACES = len(_CODE_ALPHABET), range(SHORT_CODE_LENGTH)


def _claim_anything(_code: str) -> bool:
    return True


class IdsState(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built by the first snapshot

    ids: RandomState
    codes: RandomState


class Ids:
    def __init__(self, seed: str, claim: Callable[[str], bool] = _claim_anything) -> None:
        """`claim(code)` answers True and records the code if no tenant has it yet."""
        self.rng = random.Random(seed)
        self._code_rng = random.Random(f"{seed}:short-codes")
        self._claim = claim

    def uuid(self) -> str:
        """A version 4 UUID, as the platform's ids are: the text str(uuid.UUID(int=..., version=4))
        gives, written without the UUID object, which was half the cost of every id (two a PayLink)."""
        digits = f"{self.rng.getrandbits(128) & _UUID4_CLEARED | _UUID4_SET:032x}"
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"

    def short_code(self) -> str:
        """Seven lower-case letters and digits, like 'u8t1nbw' in the platform's short URLs."""
        # random.choices(_CODE_ALPHABET, k=7), written out: the same letters from the same draws,
        # without its argument handling, which py-spy showed as most of a code's cost.
        draw = self._code_rng.random
        while True:
            code = "".join([_CODE_ALPHABET[int(draw() * _CODES)] for _ in _CODE_PLACES])
            if self._claim(code):
                return code

    def state(self) -> IdsState:
        """Both generators' states, for a snapshot."""
        return IdsState(ids=self.rng.getstate(), codes=self._code_rng.getstate())

    def restore(self, state: IdsState) -> None:
        self.rng.setstate(state.ids)
        self._code_rng.setstate(state.codes)
