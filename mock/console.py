"""The `reminders-mock` console script and `python -m reminders_mock`: the command line, loaded
with the garbage collector paused.

Loading the commands' modules makes some hundred thousand objects that live as long as the
process (classes, pydantic's validators, the scenario models); with the collector running, its
collections walked them again and again while they were being made: 25 ms, a tenth of `serve`'s
start to its first answer. Loading modules leaves little garbage, collected by the first
collection after; the collector runs again before any command does (`serve` then hides what it
built from it, mock/heap.py)."""

import gc


def main(argv: list[str] | None = None) -> int:
    gc.disable()
    try:
        from .cli import main as command_line
    finally:
        gc.enable()
    return command_line(argv)
