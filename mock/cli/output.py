"""How the commands print: rich tables and progress bars on a terminal, plain tab-separated
lines when the output goes to a file or a pipe (scripts and tests read those)."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn
from rich.table import Table

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    if console.is_terminal:
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
    errors.print(line, markup=False, soft_wrap=True)


@contextmanager
def progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A bar of bytes sent on a terminal; elsewhere a line when it starts and one when it ends.
    Yields the function to tell each amount sent and the total."""
    if not errors.is_terminal:
        say(f"{what}...")
        yield lambda done, total: None
        say(f"{what}: sent")
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=errors) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, advance=done, total=total)
