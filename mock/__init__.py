"""reminders-mock: an offline simulator of the Alphacomm / Collectmaxx reminders platform.

`Client`, `AsyncClient` and `server` are loaded on first use: the pytest plugin imports this
package in every test run of an environment that has it installed, and most runs never need them."""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"
__all__ = ["AsyncClient", "Client", "__version__", "server"]

_LAZY = {"Client": "client", "AsyncClient": "client", "server": "background"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_LAZY[name]}", __name__), name)
