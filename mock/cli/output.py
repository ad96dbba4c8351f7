"""How the commands print: rich tables and progress bars on a terminal, plain tab-separated
lines when the output goes to a file or a pipe (scripts and tests read those).

rich is loaded only when it will draw: it was a sixth of every command's start-up, and scripts
and tests, which read plain lines, never need it."""

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# What rich reads to treat a stream that is not a terminal as one.
_RICH_SETTINGS = ("FORCE_TERMINAL", "FORCE_COLOR", "TTY_COMPATIBLE")


def terminal(stderr: bool = False) -> "Console | None":
    """rich's console for stdout (or stderr) when rich would draw there, else None. With no
    terminal and none of rich's settings, rich would print plain text: it is not loaded."""
    stream = sys.stderr if stderr else sys.stdout
    if not stream.isatty() and not any(name in os.environ for name in _RICH_SETTINGS):
        return None
    console = _console(stderr)
    return console if console.is_terminal else None


@cache
def _console(stderr: bool) -> "Console":
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    console = terminal()
    if console is not None:
        from rich.table import Table

        shown = Table(*columns, title=title)
        for row in rows:
            shown.add_row(*(str(cell) for cell in row))
        console.print(shown)
        return
    print(title)
    print("\t".join(columns))
    for row in rows:
        print("\t".join(str(cell) for cell in row))


def say(line: str) -> None:
    """A line for the person at the terminal (on stderr, so stdout keeps only what was asked for)."""
    console = terminal(stderr=True)
    if console is not None:
        console.print(line, markup=False, soft_wrap=True)
    else:
        print(line, file=sys.stderr, flush=True)


@contextmanager
def progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A bar of bytes sent on a terminal; elsewhere a line when it starts and one when it ends.
    Yields the function to tell each amount sent and the total."""
    console = terminal(stderr=True)
    if console is None:
        say(f"{what}...")
        yield lambda done, total: None
        say(f"{what}: sent")
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, advance=done, total=total)
