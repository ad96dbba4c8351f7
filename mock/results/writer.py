"""Result rows rendered as the platform's CSV: `;`-separated, UTF-8, a header row."""

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date


def file_name(customer: str, script: str, day: date) -> str:
    return f"results_{customer}_{script}_{day:%Y%m%d}.csv"


def render(columns: list[str] | tuple[str, ...], rows: Iterable[Mapping[str, object]]) -> bytes:
    """Each row's values by column; a column a row lacks stays empty."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return text.getvalue().encode("utf-8")
