"""CALLR voice apps: made per package (REALTIME10 calls its URL as a call goes on), read, deleted."""

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...core.clock import Clock
from .errors import value_error
from .hooks import endpoint_param
from .values import by_hash, callr_datetime, choice_param, new_hash, object_param, string_param

# Package name → (type, whether it can be given a DID), as App.Package describes them.
PACKAGES: dict[str, tuple[str, bool]] = {
    "REALTIME10": ("THEDIALR", True),
    "CLICKTOCALL10": ("CLICKTOCALL", False),
    "CALLTRACKING10": ("CALLTRACKING", True),
}


@dataclass
class App:
    hash: str
    name: str
    package: str
    params: dict[str, Any]
    date_creation: datetime
    date_update: datetime

    def as_json(self) -> dict[str, Any]:
        kind, has_did = PACKAGES[self.package]
        return {
            "date_creation": callr_datetime(self.date_creation),
            "date_update": callr_datetime(self.date_update),
            "did": [],
            "hash": self.hash,
            "name": self.name,
            "p": self.params,
            "package": {"has_did": has_did, "name": self.package, "type": kind},
        }


class Apps:
    def __init__(self, clock: Clock, rng: random.Random) -> None:
        self.clock, self.rng = clock, rng
        self.apps: dict[str, App] = {}

    def create(self, package: Any, name: Any, params: Any) -> App:
        chosen = choice_param("package", package, tuple(PACKAGES))
        checked = object_param("params", params)
        if chosen == "REALTIME10":
            checked = _realtime_params(checked)
        now = self.clock.now()
        app = App(new_hash(self.rng), string_param("name", name), chosen, checked, now, now)
        self.apps[app.hash] = app
        return app

    def get(self, hash_: Any) -> App:
        return by_hash(self.apps, "app", hash_)

    def delete(self, hash_: Any) -> bool:
        del self.apps[self.get(hash_).hash]
        return True


def _realtime_params(params: dict[str, Any]) -> dict[str, Any]:
    """REALTIME10: `url` required (where RT.Request bodies are posted), data_format JSON only."""
    for name in params:
        if name not in ("url", "data_format", "login", "password"):
            raise value_error(f"params.{name}", "url, data_format, login or password", name)
    choice_param("params.data_format", params.get("data_format", "JSON"), ("JSON",))
    login, password = params.get("login"), params.get("password")
    return {
        "data_format": "JSON",
        "login": None if login is None else string_param("params.login", login),
        "password": None if password is None else string_param("params.password", password),
        "url": endpoint_param("params.url", params.get("url")),
    }
