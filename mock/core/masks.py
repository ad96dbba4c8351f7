"""Secrets as logs and the request journal show them: never in full. An API key keeps its first
characters, so a reader can tell two keys apart; a password or token shows nothing."""

import re

SHOWN = 8  # characters of a long key left readable: too few to guess the other 88 bits from
_HIDDEN = "***"
# `"password": "..."` and the like, in a JSON body or a cut-off excerpt of one.
_SECRET_FIELD = re.compile(
    r'("(?:password|secret|key|apiKey|token|adminToken)"\s*:\s*")((?:[^"\\]|\\.)*)', re.IGNORECASE
)
# `scheme://user:password@host`, wherever a URL is quoted (webhook URLs carry basic auth so).
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)([^@/\s]+)(@)")


def mask(secret: str) -> str:
    """`key-1a2b3c4d5e6f...` as `key-1a2b***`; anything short enough to guess, as `***`."""
    return secret[:SHOWN] + _HIDDEN if len(secret) >= 3 * SHOWN else _HIDDEN


def masked(text: str) -> str:
    """`text` with every secret field's value and every URL's password masked."""
    text = _SECRET_FIELD.sub(lambda found: found[1] + mask(found[2]), text)
    return _URL_PASSWORD.sub(lambda found: found[1] + _HIDDEN + found[3], text)
