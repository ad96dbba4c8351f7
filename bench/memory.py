"""Resident bytes per stored PayLink: the growth of this process's resident memory (a fresh
process: bench/__main__.py runs every group in one) over N documented PayLinks made through the
service's create, each with its schedule (its expiry and the payer's timeline), divided by N.
An absolute figure: its baseline column is the target it must reach."""

import gc
import os

from .figures import FIGURES
from .measure import Measured, Settings
from .worlds import InProcess

WARM_UP = 1_000  # made first: the first creates also fill caches every later one shares


def measure(settings: Settings) -> dict[str, Measured]:
    mock = InProcess.default()
    mock.create_paylinks(WARM_UP)
    before = resident_bytes()
    mock.create_paylinks(settings.stored)
    grown = resident_bytes() - before
    target = FIGURES["bytes_per_paylink"].must_reach
    return {
        "bytes_per_paylink": Measured(grown / settings.stored, target, "B", {"paylinks": settings.stored})
    }


def resident_bytes() -> int:
    """After a collection, so garbage waiting for one does not count (Linux: /proc/self/statm)."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
