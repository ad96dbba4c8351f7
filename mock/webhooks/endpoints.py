"""A tenant's webhook endpoints, each with an id, whether the scenario configured it or a client
added it at run time (POST /_mock/webhooks/endpoints)."""

import random
from dataclasses import dataclass

from ..scenario.models import WebhookSpec


@dataclass
class Endpoint:
    """`configured`: the tenant's scenario has it, rather than a client at run time; a snapshot
    restored into another tenant keeps that tenant's own configured endpoints, as it keeps its keys.
    `removed` keeps an endpoint a client deleted in the list, so deliveries made to it (which
    name their endpoint by position) still find its URL and settings in the log."""

    id: str
    spec: WebhookSpec
    configured: bool = False
    removed: bool = False


def endpoint_id(seed: int, position: int) -> str:
    """The same seed gives the same ids in the same order, like every other id of a tenant; a
    generator of its own per position, so adding endpoints never shifts a domain or delivery id."""
    return f"we_{random.Random(f'{seed}:endpoint:{position}').getrandbits(96):024x}"
