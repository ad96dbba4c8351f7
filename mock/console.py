"""The `reminders-mock` console script and `python -m reminders_mock`: the command line, loaded
as what lives as long as the process (mock/heap.py): loading its modules makes some hundred
thousand objects (classes, pydantic's validators, the scenario models) that the collector walked
again and again while they were being made. It runs again before any command does."""

from .heap import built_to_last


def main(argv: list[str] | None = None) -> int:
    with built_to_last():
        from .cli import main as command_line
    return command_line(argv)
