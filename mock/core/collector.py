"""The garbage collector paused around work that makes many objects meant to stay: its
collections, triggered every 700 new objects, walk the young ones again and again while they
are being made, and a full collection walks everything the tenant holds."""

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector is off while the block runs and back on after it, unless it was off already
    (a program embedding the mock may run without it). What the block made is collected as usual
    afterwards, once: a block of a thousand imported records made about 30,000 objects and
    triggered some forty collections, a full one among them now and then."""
    was_running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_running:
            gc.enable()
