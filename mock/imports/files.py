"""Reading an import file (the Base64 `FileInput` of addRecords) into records keyed like RowInput.

Every format holds one record per row under a header of column names: the documented group code in
lower case, an underscore and the field (`identification_identifier` is the record's reference).
Column names are matched trimmed and case-insensitively; values are trimmed strings, empty ones
left out.

- csv: `;` or `,` between cells, UTF-8 with or without a BOM (Windows-1252 when the bytes are not
  UTF-8), values quoted with `"` may hold delimiters and newlines. The first row is the header.
- xlsx, xls, ods: the first sheet; its first row is the header. Whole numbers read as digits
  (`56445`, not `56445.0`), dates as `YYYY-MM-DD`.
- xml: a root element holding one element per record, whose child elements are its columns; the
  element names do not matter except the columns'. A DTD may be present, entities may not:
  they are refused, never expanded.

      <records>
        <record>
          <identification_identifier>f0e7a0c3</identification_identifier>
          <control_script>1001</control_script>
          <invoice_amount>56445</invoice_amount>
        </record>
      </records>

An unreadable file raises `FileError` (its batch ends in `error`); an unreadable record becomes a
`FileRow` with a `problem` (it will be a `notLoaded` record) while the others are read.
"""

import base64
import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from threading import Event
from typing import TYPE_CHECKING, TypeAlias
from xml.sax import SAXException
from xml.sax.expatreader import ExpatLocator
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = [
    "COLUMNS",
    "COLUMN_GROUPS",
    "MAX_FILE_BYTES",
    "MAX_ROWS_PER_FILE",
    "FileError",
    "FileRow",
    "FileRows",
    "read_file",
]

# The columns the mock reads into RowInput fields, per documented group; any other column is kept
# in `FileRow.extra`. The script id sits in CONTROL, the group of "Alphacomm control elements":
# it steers what the platform does with the record rather than describing the person or debt.
COLUMN_GROUPS: dict[str, dict[str, str]] = {
    "IDENTIFICATION": {"identification_identifier": "reference"},
    "PERSON": {"person_family_name": "personFamilyName", "person_birth_day": "personBirthDay"},
    "ADDRESS": {},
    "CONTACT": {
        "contact_email_address": "toMailAddress",
        "contact_phone_number_1": "toPhoneNumbers",
        "contact_phone_number_2": "toPhoneNumbers",
        "contact_phone_number_3": "toPhoneNumbers",
    },
    "INVOICE": {
        "invoice_description": "invoiceDescription",
        "invoice_date": "invoiceDate",
        "invoice_due_date": "invoiceDueDate",
        "invoice_reference": "invoiceReference",
        "invoice_currency": "invoiceCurrency",
        "invoice_amount": "invoiceAmount",
        "invoice_number": "invoiceNumber",
    },
    "INVOICE_ARRANGEMENT": {},
    "INVOICELINES": {},
    "EMANDATE": {},
    "CONTRACT": {},
    "CONTRACT_CONTACT": {},
    "CONTROL": {"control_script": "script"},
    "SERVICES": {},
}
COLUMNS: dict[str, str] = {
    column: field for group in COLUMN_GROUPS.values() for column, field in group.items()
}
_LIST_FIELDS = {"toPhoneNumbers"}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CHILD_MEMORY = 4 * 1024**3
MAX_FILE_BYTES = 20 * 1024 * 1024  # of the decoded file, however it arrives (API or SFTP)
# Records one file may hold: a zipped sheet of 20 MiB can hold millions of rows, and each record
# costs memory and checking whatever the file's size.
MAX_ROWS_PER_FILE = 100_000
_POLL_SECONDS = 0.1  # how often a wait on the spreadsheet's child looks whether to give up
_XML_CHUNK = 64 * 1024  # bytes fed to the XML parser at a time, so a stop is seen between records
_STOPPED = "the reading of the file was stopped before its end (the server was shutting down)"


class FileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the batch's `error`."""


@dataclass(frozen=True)
class FileRow:
    """One record: `line` is where it starts (CSV text line, sheet row, line of the XML element);
    `fields` uses RowInput names; `extra` keeps the other columns; `problem` says why it could not
    be read, and then `fields` and `extra` are empty."""

    line: int | None  # None for a RowInput row, which has no line
    fields: dict[str, object]
    extra: dict[str, str]
    problem: str | None = None


FileRows: TypeAlias = list[FileRow]
# What a spreadsheet's contents start with, or what its zip archive holds.
_Signature: TypeAlias = bytes | Callable[[zipfile.ZipFile], bool]


def read_file(
    extension: str, contents_base64: str, *, max_bytes: int = MAX_FILE_BYTES, stop: Event | None = None
) -> FileRows:
    """The records of a Base64 file of the given type, in file order, at most MAX_ROWS_PER_FILE.

    Made to run in a thread: once `stop` is set (its reader gave up, the server is shutting
    down) the reading ends within a row, or a poll of the spreadsheet's child process."""
    kind = extension.strip().lower().lstrip(".")
    reader = _READERS.get(kind)
    if reader is None:
        raise FileError(f"expected a file extension among {', '.join(_READERS)}, got {extension!r}")
    rows: FileRows = []
    for row in reader(_decoded(contents_base64, max_bytes), stop or Event()):
        if len(rows) == MAX_ROWS_PER_FILE:
            raise FileError(
                f"the file holds more than {MAX_ROWS_PER_FILE:,} records, the most one file may hold: "
                "split it into several files"
            )
        rows.append(row)
    return rows


def _decoded(contents_base64: str, max_bytes: int) -> bytes:
    # Line breaks are allowed: `base64` on the command line wraps its output at 76 characters.
    try:
        data = base64.b64decode("".join(contents_base64.split()), validate=True)
    except ValueError as error:  # binascii.Error, or a character outside ASCII
        raise FileError(f"the contents are not valid Base64 ({error})") from None
    if len(data) > max_bytes:
        raise FileError(f"the file is {len(data):,} bytes, more than the limit of {max_bytes:,} bytes")
    if not data:
        raise FileError("the file is empty")
    return data


# CSV


def _read_csv(data: bytes, stop: Event) -> Iterator[FileRow]:
    text = _csv_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return _tabular(_numbered_csv(reader), stop)


def _csv_text(data: bytes) -> str:
    if b"\x00" in data:
        raise FileError("the contents are not a valid CSV file: they hold binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileError(
            "the contents are not a valid CSV file: neither UTF-8 nor Windows-1252 text"
        ) from None


def _delimiter(text: str) -> str:
    # Only the header line is sniffed: column names never hold a delimiter, while values may hold
    # both, which can mislead the sniffer. One column name alone has none; then ',' will do.
    header_line = re.match(r"[^\r\n]*", text.lstrip("\r\n")).group()
    try:
        return csv.Sniffer().sniff(header_line, delimiters=";,").delimiter
    except csv.Error:
        return ","


def _numbered_csv(reader) -> Iterable[tuple[int, list[str]]]:
    """Rows with the text line each starts on; a quoted newline makes a row span several lines."""
    next_line = 1
    try:
        for cells in reader:
            yield next_line, cells
            next_line = reader.line_num + 1
    except csv.Error as error:
        raise FileError(f"the contents are not a valid CSV file: line {next_line}: {error}") from None


# XLSX, XLS, ODS


def _read_sheet(kind: str, signature: _Signature) -> Callable[[bytes, Event], Iterator[FileRow]]:
    def read(data: bytes, stop: Event) -> Iterator[FileRow]:
        if not _looks_like(data, signature):
            raise FileError(f"the contents are not a valid {kind.upper()} file")
        return _tabular(enumerate(_first_sheet(kind, data, stop), start=1), stop)

    return read


def _looks_like(data: bytes, signature: _Signature) -> bool:
    """XLS is an OLE2 compound file, known by its first bytes; XLSX and ODS are zips known by their parts."""
    if isinstance(signature, bytes):
        return data.startswith(signature)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return signature(archive)
    except (zipfile.BadZipFile, EOFError, zlib.error):  # what zipfile lets through on a damaged archive
        return False


def _has_ooxml_parts(archive: zipfile.ZipFile) -> bool:
    names = archive.namelist()
    return "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names)


def _has_ods_mimetype(archive: zipfile.ZipFile) -> bool:
    return "mimetype" in archive.namelist() and archive.read("mimetype").strip() == _ODS_MIMETYPE


def _first_sheet(kind: str, data: bytes, stop: Event) -> list[list[str]]:
    """The first sheet's cells as text, read in a child process: calamine allocates rows x columns
    for a sheet at once and aborts the whole process when two cells lie far apart (tafia/calamine
    issue 693), which must cost the batch, not the server. The child is killed when the reading
    is stopped, so a shutdown never waits for a huge sheet."""
    # Loaded here, for a spreadsheet: multiprocessing and calamine are a sliver of every start-up.
    import multiprocessing

    # Spawned, not forked: forking a server that runs threads can leave the child holding a dead lock.
    spawn = multiprocessing.get_context("spawn")
    receiving, sending = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_sheet_in_child, args=(kind, data, MAX_ROWS_PER_FILE, sending), daemon=True)
    child.start()
    sending.close()  # the child's end: once the child is gone, a poll sees the end of the pipe
    try:
        while not receiving.poll(_POLL_SECONDS):
            if stop.is_set():
                raise FileError(_STOPPED)
        outcome = receiving.recv()
    except EOFError:  # the child died without an answer: calamine aborted, or ran out of memory
        raise FileError(
            f"the {kind.upper()} file cannot be read: its first sheet spans more cells than the mock can hold"
        ) from None
    finally:
        child.kill()
        child.join()
        receiving.close()
    if isinstance(outcome, FileError):
        raise outcome
    return outcome


def _sheet_in_child(kind: str, data: bytes, max_rows: int, answer: "Connection") -> None:
    """In the child: the rows up to one record past the limit (the header and empty rows
    besides), so a sheet of millions of rows never travels back whole."""
    _limit_memory()
    try:
        rows = _sheet_text(kind, data)
    except FileError as error:
        answer.send(error)
        return
    answer.send(_first_filled(rows, max_rows + 2))


def _first_filled(rows: list[list[str]], count: int) -> list[list[str]]:
    """The rows up to the `count`-th that holds a value."""
    filled = 0
    for end, row in enumerate(rows, start=1):
        filled += any(row)
        if filled == count:
            return rows[:end]
    return rows


def _limit_memory() -> None:
    """In the child: a large allocation fails at once instead of filling the machine's memory."""
    try:
        import resource
    except ImportError:  # Windows: no limit, the child still keeps an abort away from the server
        return
    resource.setrlimit(resource.RLIMIT_AS, (_CHILD_MEMORY, _CHILD_MEMORY))


def _sheet_text(kind: str, data: bytes) -> list[list[str]]:
    """In the child. Calamine raises its own errors, and ValueError or zip errors on damaged files."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        # Empty rows and columns before the data are kept so that line numbers are sheet rows.
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:
        raise FileError(f"the contents are not a valid {kind.upper()} file ({error})") from None
    return [[_text(cell) for cell in row] for row in rows]


# Header and rows, shared by CSV and the spreadsheets


def _tabular(rows: Iterable[tuple[int, list[str]]], stop: Event) -> Iterator[FileRow]:
    """The first row with a value is the header; rows without a value are left out. Cells come as
    text (csv's, or a sheet's through `_text` in its child), only trimmed here."""
    texts = ((line, [cell.strip() for cell in cells]) for line, cells in rows)
    records = ((line, cells) for line, cells in texts if any(cells))
    header_line, header = next(records, (0, []))
    names = [name.lower() for name in header]
    _check_header(header_line, names)
    for line, cells in records:
        if stop.is_set():
            raise FileError(_STOPPED)
        yield _tabular_record(line, names, cells)


def _check_header(line: int, names: list[str]) -> None:
    if not names:
        raise FileError("the file holds no header row of column names")
    seen: set[str] = set()
    for name in filter(None, names):
        if name in seen:
            raise FileError(f"the header (line {line}) names column {name!r} twice")
        seen.add(name)


def _tabular_record(line: int, names: list[str], cells: list[str]) -> FileRow:
    for position, value in enumerate(cells):
        if value and (position >= len(names) or not names[position]):
            return _unreadable(
                line,
                f"cell {position + 1} holds {value!r} under no column name: the row has {len(cells)} "
                f"cells and the header {len(names)}",
            )
    return _record(line, zip(names, cells, strict=False))


def _text(value: object) -> str:
    """A cell as a trimmed string, in the shape RowInput takes it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


# XML


def _read_xml(data: bytes, stop: Event) -> Iterator[FileRow]:
    """Fed to the parser a chunk at a time, so records come out as they are read."""
    collector = _XmlRecords()
    parser = defusedxml.sax.make_parser()
    parser.setContentHandler(collector)
    collector.setDocumentLocator(ExpatLocator(parser))  # `parse` would; feeding leaves it to us
    try:
        for start in range(0, len(data), _XML_CHUNK):
            if stop.is_set():
                raise FileError(_STOPPED)
            parser.feed(data[start : start + _XML_CHUNK])
            yield from collector.taken()
        parser.close()
    except DefusedXmlException as error:
        raise FileError(
            f"the XML file declares entities or external references, which are refused ({error})"
        ) from None
    except SAXException as error:
        raise FileError(f"the contents are not a valid XML file ({error})") from None
    yield from collector.taken()


class _XmlRecords(ContentHandler):
    """The root's children are records and theirs are columns; anything deeper spoils a record."""

    def __init__(self) -> None:
        super().__init__()
        self.records: FileRows = []
        self._depth = 0
        self._line = 0
        self._columns: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._problem: str | None = None

    def setDocumentLocator(self, locator) -> None:
        self._locator = locator

    def startElement(self, name, attrs) -> None:
        self._depth += 1
        if self._depth == 2:
            self._line, self._columns, self._problem = self._locator.getLineNumber(), [], None
        elif self._depth == 3:
            self._text = []
        elif self._depth == 4 and self._problem is None:
            self._problem = f"element <{name}> inside a column, which holds text only"

    def characters(self, content) -> None:
        if self._depth == 3:
            self._text.append(content)
        elif self._depth == 2 and content.strip() and self._problem is None:
            self._problem = f"text {content.strip()!r} outside any column"

    def endElement(self, name) -> None:
        if self._depth == 3:
            self._columns.append((name.lower(), "".join(self._text).strip()))
        elif self._depth == 2:
            self.records.append(
                _unreadable(self._line, self._problem) if self._problem else self._read_record()
            )
        self._depth -= 1

    def taken(self) -> FileRows:
        """The records read since last asked."""
        records, self.records = self.records, []
        return records

    def _read_record(self) -> FileRow:
        names = [name for name, _ in self._columns]
        twice = next((name for name in names if names.count(name) > 1), None)
        if twice:
            return _unreadable(self._line, f"column {twice!r} appears twice in the record")
        return _record(self._line, self._columns)


# Records


def _record(line: int, columns: Iterable[tuple[str, str]]) -> FileRow:
    """Columns (lower-case name, trimmed value) sorted into RowInput fields and the rest."""
    cells = {name: value for name, value in columns if name and value}
    fields: dict[str, object] = {}
    # In the table's order, so that phone numbers keep their numbering whatever the file's order.
    for column, field in COLUMNS.items():
        if column in cells:
            if field in _LIST_FIELDS:
                fields.setdefault(field, []).append(cells[column])
            else:
                fields[field] = cells[column]
    extra = {name: value for name, value in cells.items() if name not in COLUMNS}
    return FileRow(line, fields, extra)


def _unreadable(line: int, problem: str) -> FileRow:
    return FileRow(line, {}, {}, problem)


_READERS: dict[str, Callable[[bytes, Event], Iterator[FileRow]]] = {
    "csv": _read_csv,
    "xml": _read_xml,
    "xlsx": _read_sheet("xlsx", _has_ooxml_parts),
    "xls": _read_sheet("xls", _OLE2_MAGIC),
    "ods": _read_sheet("ods", _has_ods_mimetype),
}
