"""YAML read with libyaml's parser when PyYAML was built with it: the pure-Python one was most of
loading the default scenario at `serve`'s start (its file, the built-in rules and flows)."""

from typing import Any

import yaml

# The same safe constructors either way; only the scanner and parser are in C.
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=FastLoader)  # a safe loader, in C when there is one
