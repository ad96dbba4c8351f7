"""A served process's start-up objects (modules, the worlds of its scenarios, and once the first /v1
request loads it, GraphQL's schema) kept out of the garbage collector's sight with `gc.freeze()`,
as Instagram's servers do: a full collection walked all of them (about 94,000 objects once GraphQL
is loaded, 40 to 110 ms on a 2-core machine: the p99 of a load) and now walks none. They live as
long as the process (nothing was found to free among them at start), so nothing the collector
could free is kept; what requests make later is collected as before, on the default thresholds
(a larger first threshold was no cheaper: a request leaves its garbage in cycles either way).

Only the console script freezes (mock/console.py, mock/cli/server.py, mock/serving.py): a test
process that builds apps and throws them away, or one embedding the mock in a thread
(`reminders_mock.server()`), would keep each app's objects frozen after the app is gone."""

import contextlib
import gc
from collections.abc import Iterator

from .core.collector import paused

_frozen = False


@contextlib.contextmanager
def built_to_last() -> Iterator[None]:
    """For a block that builds what lives as long as the process (the command line's modules,
    serve's scenarios and app). The collector is paused while the block runs: its collections
    walked those objects again and again as they were being made. What was built is frozen when
    the block ends well: unfrozen, the first collection after would walk all of it as young.
    Together a quarter of serve's start to its first answer (60 ms)."""
    with paused():
        yield
        gc.freeze()


def freeze_start_up() -> None:
    """Once the server is built and about to answer."""
    global _frozen
    gc.freeze()
    _frozen = True


def freeze_loaded() -> None:
    """After a room loaded on first use (mock/web/on_first_use.py) is built: frozen too when the
    start-up was, so its objects are not walked by every later collection. Collected first: the
    request that loaded it left garbage (a full collection now walks only what came since start)."""
    if _frozen:
        gc.collect()
        gc.freeze()
