"""Ids and short codes: drawn from the tenant's seed, so the same seed gives the same ids."""

import random
import re
import string
import uuid
from collections.abc import Callable

from reminders_mock.core.ids import SHORT_CODE_LENGTH, Ids

SHORT_CODE = re.compile(r"[a-z0-9]{7}")


def draw(ids: Ids, count: int = 5) -> list[str]:
    """A mixed sequence of uuids and short codes, as a tenant would draw them."""
    return [ids.uuid() if n % 2 else ids.short_code() for n in range(count * 2)]


def test_the_same_seed_gives_the_same_sequence():
    assert draw(Ids("seed-1")) == draw(Ids("seed-1"))


def test_different_seeds_give_different_sequences():
    assert draw(Ids("seed-1")) != draw(Ids("seed-2"))


def test_uuids_are_version_4_and_parse():
    ids = Ids("seed")
    for _ in range(50):
        text = ids.uuid()
        parsed = uuid.UUID(text)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text


def test_a_uuid_is_the_one_uuid_module_makes_of_the_same_random_bits():
    """Written without uuid.UUID, an id is still the text it gave: ids in saved tests and state
    files stay the same."""
    ids, bits = Ids("seed"), random.Random("seed")

    for _ in range(500):
        assert ids.uuid() == str(uuid.UUID(int=bits.getrandbits(128), version=4))


def test_a_short_code_is_the_one_random_choices_draws_from_its_generator():
    ids, codes = Ids("seed"), random.Random("seed:short-codes")

    for _ in range(500):
        assert ids.short_code() == "".join(codes.choices(string.ascii_lowercase + string.digits, k=7))


def test_uuids_do_not_repeat():
    ids = Ids("seed")
    drawn = [ids.uuid() for _ in range(200)]

    assert len(set(drawn)) == len(drawn)


def test_short_codes_are_seven_lower_case_letters_and_digits():
    ids = Ids("seed")
    for _ in range(200):
        code = ids.short_code()
        assert SHORT_CODE.fullmatch(code), code
    assert SHORT_CODE_LENGTH == 7


def test_a_refused_short_code_is_replaced_by_another_draw():
    offered: list[str] = []

    def claim(code: str) -> bool:
        offered.append(code)
        return len(offered) > 1  # the first code is taken by another tenant

    code = Ids("seed", claim).short_code()

    assert len(offered) == 2
    assert code == offered[1]
    assert code != offered[0]
    assert SHORT_CODE.fullmatch(code)


def test_a_refused_short_code_does_not_break_determinism():
    def refuse_first() -> Callable[[str], bool]:
        seen: list[str] = []

        def claim(code: str) -> bool:
            seen.append(code)
            return len(seen) > 1

        return claim

    first = Ids("seed", refuse_first())
    second = Ids("seed", refuse_first())

    assert [first.short_code() for _ in range(3)] == [second.short_code() for _ in range(3)]


def test_a_refused_short_code_does_not_shift_the_uuids():
    def refuse_first() -> Callable[[str], bool]:
        seen: list[str] = []
        return lambda code: seen.append(code) or len(seen) > 1

    calm, clashing = Ids("seed"), Ids("seed", refuse_first())
    calm.short_code()
    clashing.short_code()

    assert [calm.uuid() for _ in range(3)] == [clashing.uuid() for _ in range(3)]
