"""Import files read into records: one record set written by independent writers in every accepted
format reads the same; bad files fail with a clear FileError; unreadable lines become problems."""

import base64
import csv
import datetime
import io
import typing
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest
import xlwt
from hypothesis import given
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from reminders_mock.core.vocabulary import RowField
from reminders_mock.imports.files import COLUMN_GROUPS, COLUMNS, FileError, FileRow, read_file

HEADER = [
    "identification_identifier",
    "control_script",
    "person_family_name",
    "person_birth_day",
    "contact_email_address",
    "contact_phone_number_1",
    "contact_phone_number_2",
    "invoice_description",
    "invoice_date",
    "invoice_due_date",
    "invoice_reference",
    "invoice_currency",
    "invoice_amount",
    "invoice_number",
    "address_city",
    "contract_number",
]
D = datetime.date
# Typed as a spreadsheet holds them: dates as dates, amounts and numbers as numbers.
RECORDS = [
    ["f0e7a0c3", "1001", "  Alphacomm ", D(2000, 1, 1), "reminders@alphacomm.nl", "+31612345678", None,
     "Example payment", D(2019, 4, 4), D(2019, 7, 30), "40824524", "EUR", 56445, 249075245, None, None],
    ["a1b2c3d4", "1003", "Ünal", D(1985, 12, 31), None, "+31612345678", "+32470123456",
     "Factuur april", D(2024, 4, 1), D(2024, 4, 30), "INV-2", "EUR", 1250, 1002, None, None],
    ["c3d4e5f6", "1001", "Dubois-Lefèvre", None, "claire@example.fr", None, None,
     "Huur; april\nen mei, samen", D(2024, 5, 1), D(2024, 5, 31), "R-77", "EUR", 99, 1003, None, None],
    ["d4e5f6a7", "2001", "García", None, "jose@example.es", None, None,
     "Abonnement", D(2024, 6, 1), D(2024, 6, 30), "A-1", "EUR", 2500, 1004, "Zaandam", None],
    ["e5f6a7b8", "6512", "Jansen", None, None, "+31201234567", None,
     "Energie € 120", D(2024, 7, 1), D(2024, 7, 31), "E-9", "EUR", 12000, 1005, None, 7734],
]  # fmt: skip

EXPECTED = [
    (
        {
            "reference": "f0e7a0c3",
            "script": "1001",
            "personFamilyName": "Alphacomm",
            "toMailAddress": "reminders@alphacomm.nl",
            "toPhoneNumbers": ["+31612345678"],
            "invoiceDescription": "Example payment",
            "invoiceDate": "2019-04-04",
            "invoiceDueDate": "2019-07-30",
            "invoiceReference": "40824524",
            "invoiceCurrency": "EUR",
            "invoiceAmount": "56445",
            "invoiceNumber": "249075245",
            "personBirthDay": "2000-01-01",
        },
        {},
    ),
    (
        {
            "reference": "a1b2c3d4",
            "script": "1003",
            "personFamilyName": "Ünal",
            "toPhoneNumbers": ["+31612345678", "+32470123456"],
            "invoiceDescription": "Factuur april",
            "invoiceDate": "2024-04-01",
            "invoiceDueDate": "2024-04-30",
            "invoiceReference": "INV-2",
            "invoiceCurrency": "EUR",
            "invoiceAmount": "1250",
            "invoiceNumber": "1002",
            "personBirthDay": "1985-12-31",
        },
        {},
    ),
    (
        {
            "reference": "c3d4e5f6",
            "script": "1001",
            "personFamilyName": "Dubois-Lefèvre",
            "toMailAddress": "claire@example.fr",
            "invoiceDescription": "Huur; april\nen mei, samen",
            "invoiceDate": "2024-05-01",
            "invoiceDueDate": "2024-05-31",
            "invoiceReference": "R-77",
            "invoiceCurrency": "EUR",
            "invoiceAmount": "99",
            "invoiceNumber": "1003",
        },
        {},
    ),
    (
        {
            "reference": "d4e5f6a7",
            "script": "2001",
            "personFamilyName": "García",
            "toMailAddress": "jose@example.es",
            "invoiceDescription": "Abonnement",
            "invoiceDate": "2024-06-01",
            "invoiceDueDate": "2024-06-30",
            "invoiceReference": "A-1",
            "invoiceCurrency": "EUR",
            "invoiceAmount": "2500",
            "invoiceNumber": "1004",
        },
        {"address_city": "Zaandam"},
    ),
    (
        {
            "reference": "e5f6a7b8",
            "script": "6512",
            "personFamilyName": "Jansen",
            "toPhoneNumbers": ["+31201234567"],
            "invoiceDescription": "Energie € 120",
            "invoiceDate": "2024-07-01",
            "invoiceDueDate": "2024-07-31",
            "invoiceReference": "E-9",
            "invoiceCurrency": "EUR",
            "invoiceAmount": "12000",
            "invoiceNumber": "1005",
        },
        {"contract_number": "7734"},
    ),
]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def as_text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def write_csv(delimiter: str, encoding: str, rows=RECORDS, header=HEADER) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([as_text(value) for value in row] for row in rows)
    return out.getvalue().encode(encoding)


def write_xlsx(rows=RECORDS, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xls() -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("records")
    as_date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for column, name in enumerate(HEADER):
        sheet.write(0, column, name)
    for number, row in enumerate(RECORDS, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(number, column, value, as_date)
            elif value is not None:
                sheet.write(number, column, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, datetime.date):
        return TableCell(valuetype="date", datevalue=value.isoformat())
    if isinstance(value, int):
        return TableCell(valuetype="float", value=value)
    cell = TableCell(valuetype="string")
    for paragraph in value.split("\n"):  # ODF writes a line break in a cell as a new paragraph
        cell.addElement(P(text=paragraph))
    return cell


def write_ods() -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="records")
    for row in [HEADER, *RECORDS]:
        table_row = TableRow()
        for value in row:
            table_row.addElement(ods_cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def write_xml(rows=RECORDS) -> bytes:
    root = ET.Element("records")
    for row in rows:
        record = ET.SubElement(root, "record")
        for name, value in zip(HEADER, row, strict=True):
            if value is not None:
                ET.SubElement(record, name).text = as_text(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def read(extension: str, data: bytes, **options) -> list[FileRow]:
    return read_file(extension, b64(data), **options)


def contents(rows: list[FileRow]) -> list[tuple]:
    return [(row.fields, row.extra) for row in rows]


FORMATS = {
    "csv-semicolon-utf8-bom": ("csv", lambda: write_csv(";", "utf-8-sig")),
    "csv-comma-utf8": ("csv", lambda: write_csv(",", "utf-8")),
    "csv-semicolon-windows-1252": ("csv", lambda: write_csv(";", "cp1252")),
    "csv-comma-windows-1252": ("csv", lambda: write_csv(",", "cp1252")),
    "xlsx": ("xlsx", write_xlsx),
    "xls": ("xls", write_xls),
    "ods": ("ods", write_ods),
    "xml": ("xml", write_xml),
}


@pytest.mark.parametrize("written", FORMATS.values(), ids=FORMATS.keys())
def test_every_format_reads_to_the_same_records(written):
    extension, write = written
    rows = read(extension, write())
    assert contents(rows) == EXPECTED
    assert all(row.problem is None for row in rows)


def test_csv_records_are_numbered_by_the_text_line_they_start_on():
    rows = read("csv", write_csv(";", "utf-8"))
    # The third record's description holds a newline, so the fourth starts a line later.
    assert [row.line for row in rows] == [2, 3, 4, 6, 7]


def test_spreadsheet_records_are_numbered_by_sheet_row_and_blank_rows_are_no_records():
    rows = read("xlsx", write_xlsx(rows=[[None] * len(HEADER), *RECORDS]))
    assert [row.line for row in rows] == [3, 4, 5, 6, 7]


def test_xml_records_are_numbered_by_the_line_of_their_element():
    data = b"<records>\n<record>\n<identification_identifier>a</identification_identifier>\n</record>\n" \
        b"<record><identification_identifier>b</identification_identifier></record></records>"  # fmt: skip
    assert [(row.line, row.fields) for row in read("xml", data)] == [
        (2, {"reference": "a"}),
        (5, {"reference": "b"}),
    ]


def test_column_names_are_trimmed_and_matched_whatever_their_case():
    data = b" Identification_Identifier ;CONTROL_SCRIPT;Address_City\nf0e7a0c3;1001;Zaandam\n"
    assert contents(read("csv", data)) == [
        ({"reference": "f0e7a0c3", "script": "1001"}, {"address_city": "Zaandam"})
    ]


def test_phone_numbers_keep_their_numbering_and_blanks_are_left_out():
    data = b"contact_phone_number_3,contact_phone_number_1,contact_phone_number_2\n+3230,+3210, \n"
    assert read("csv", data)[0].fields == {"toPhoneNumbers": ["+3210", "+3230"]}


def test_empty_cells_are_left_out_and_blank_lines_are_no_records():
    data = b"identification_identifier;invoice_description;address_city\n\na;  ;\n;;\n"
    assert [(row.line, row.fields, row.extra) for row in read("csv", data)] == [(3, {"reference": "a"}, {})]


def test_spreadsheet_numbers_and_dates_read_as_the_text_rowinput_takes():
    header = ["invoice_amount", "invoice_date", "invoice_due_date", "vat_rate", "invoice_number"]
    row = [56445.0, datetime.datetime(2019, 4, 4), datetime.datetime(2019, 7, 30, 9, 15), 21.5, 12]
    assert contents(read("xlsx", write_xlsx(rows=[row], header=header))) == [
        (
            {
                "invoiceAmount": "56445",
                "invoiceDate": "2019-04-04",
                "invoiceDueDate": "2019-07-30T09:15:00",
                "invoiceNumber": "12",
            },
            {"vat_rate": "21.5"},
        )
    ]


def test_a_single_column_csv_reads():
    assert read("csv", b"identification_identifier\r\na\r\nb\r\n")[1].fields == {"reference": "b"}


def test_base64_with_line_breaks_reads():
    wrapped = base64.encodebytes(write_csv(",", "utf-8")).decode("ascii")
    assert "\n" in wrapped.strip()
    assert contents(read_file("csv", wrapped)) == EXPECTED


def test_the_extension_is_read_without_a_dot_and_whatever_its_case():
    assert contents(read(".XLSX", write_xlsx())) == EXPECTED


def test_a_ten_thousand_row_csv_reads_every_record():
    rows = [
        [f"ref{number:05d}", "1001", f"Person {number}", "", "", f"+316{number:08d}", "", f"Invoice {number}"]
        for number in range(10_000)
    ]
    records = read("csv", write_csv(";", "utf-8", rows=rows))
    assert len(records) == 10_000
    assert records[-1] == FileRow(
        10_001,
        {
            "reference": "ref09999",
            "script": "1001",
            "personFamilyName": "Person 9999",
            "toPhoneNumbers": ["+31600009999"],
            "invoiceDescription": "Invoice 9999",
        },
        {},
    )


def kept(**values: str) -> dict[str, str]:
    return {name: value.strip() for name, value in values.items() if value.strip()}


text_values = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20)


@given(
    rows=st.lists(st.lists(text_values, min_size=3, max_size=3), min_size=1, max_size=5),
    delimiter=st.sampled_from(";,"),
)
def test_any_text_written_by_the_csv_module_reads_back_trimmed(rows, delimiter):
    header = ["identification_identifier", "invoice_description", "address_city"]
    expected = [
        (kept(reference=a, invoiceDescription=b), kept(address_city=c))
        for a, b, c in rows
        if (a + b + c).strip()
    ]
    assert contents(read("csv", write_csv(delimiter, "utf-8", rows=rows, header=header))) == expected


# Lines that cannot be read


def test_a_csv_line_with_more_cells_than_the_header_is_a_problem_while_the_others_read():
    data = b"identification_identifier;control_script\na;1001\nb;1001;Main street 1\nc;1001;\n"
    rows = read("csv", data)
    assert [(row.line, row.fields) for row in rows] == [
        (2, {"reference": "a", "script": "1001"}),
        (3, {}),
        (4, {"reference": "c", "script": "1001"}),
    ]
    assert rows[1].extra == {}
    assert (
        rows[1].problem
        == "cell 3 holds 'Main street 1' under no column name: the row has 3 cells and the header 2"
    )


def test_an_xml_record_with_elements_inside_a_column_is_a_problem_while_the_others_read():
    data = (
        b"<records><record><identification_identifier>a</identification_identifier></record>"
        b"<record><identification_identifier><b>x</b></identification_identifier></record>"
        b"<record><identification_identifier>c</identification_identifier></record></records>"
    )
    rows = read("xml", data)
    assert [row.fields for row in rows] == [{"reference": "a"}, {}, {"reference": "c"}]
    assert rows[1].problem == "element <b> inside a column, which holds text only"


def test_an_xml_record_with_text_outside_its_columns_is_a_problem():
    data = b"<records><record>loose<control_script>1001</control_script></record></records>"
    assert read("xml", data)[0].problem == "text 'loose' outside any column"


def test_an_xml_record_with_a_column_twice_is_a_problem():
    data = b"<records><record><control_script>1</control_script><Control_Script>2</Control_Script></record>"
    data += b"</records>"
    assert read("xml", data)[0] == FileRow(1, {}, {}, "column 'control_script' appears twice in the record")


# Files that cannot be read


def assert_refused(extension: str, data: bytes | str, message: str, **options) -> FileError:
    contents_base64 = data if isinstance(data, str) else b64(data)
    with pytest.raises(FileError, match=message) as error:
        read_file(extension, contents_base64, **options)
    return error.value


def test_invalid_base64_is_refused():
    assert_refused("csv", "not base64!", r"^the contents are not valid Base64")


def test_an_empty_file_is_refused():
    assert_refused("csv", "", "^the file is empty$")


def test_a_file_over_the_limit_is_refused_naming_the_limit():
    assert_refused(
        "csv", b"x" * 1025, "^the file is 1,025 bytes, more than the limit of 1,024 bytes$", max_bytes=1024
    )


def test_an_unknown_extension_is_refused():
    assert_refused("pdf", b"%PDF", r"^expected a file extension among csv, xml, xlsx, xls, ods, got 'pdf'$")


def test_csv_text_sent_as_xlsx_is_refused():
    assert_refused("xlsx", write_csv(";", "utf-8"), "^the contents are not a valid XLSX file$")


def test_an_xlsx_sent_as_ods_is_refused():
    assert_refused("ods", write_xlsx(), "^the contents are not a valid ODS file$")


def test_an_ods_sent_as_xlsx_is_refused():
    assert_refused("xlsx", write_ods(), "^the contents are not a valid XLSX file$")


def test_csv_text_sent_as_xls_is_refused():
    assert_refused("xls", write_csv(";", "utf-8"), "^the contents are not a valid XLS file$")


def test_a_truncated_xlsx_is_refused():
    data = write_xlsx()
    assert_refused("xlsx", data[: len(data) // 2], "^the contents are not a valid XLSX file")


def test_an_xlsx_with_a_damaged_sheet_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(write_xlsx())) as source, zipfile.ZipFile(out, "w") as damaged:
        for item in source.infolist():
            damaged.writestr(
                item, source.read(item)[:40] if "worksheets" in item.filename else source.read(item)
            )
    assert_refused("xlsx", out.getvalue(), r"^the contents are not a valid XLSX file \(.+\)$")


def test_a_sheet_whose_cells_lie_far_apart_is_refused_without_taking_the_process_down():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "identification_identifier"
    workbook.active["XFD1048576"] = "f0e7a0c3"  # calamine would allocate every cell in between
    out = io.BytesIO()
    workbook.save(out)
    assert_refused("xlsx", out.getvalue(), "^the XLSX file cannot be read: its first sheet spans more cells")
    assert contents(read("xlsx", write_xlsx())) == EXPECTED


def test_an_xlsx_sent_as_csv_is_refused():
    assert_refused("csv", write_xlsx(), "^the contents are not a valid CSV file: they hold binary data")


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_as_csv():
    assert_refused("csv", b"identification_identifier\n\x81\x8d\n", "neither UTF-8 nor Windows-1252")


def test_a_csv_without_a_header_is_refused():
    assert_refused("csv", b"\r\n;;\r\n", "^the file holds no header row of column names$")


def test_a_header_naming_a_column_twice_is_refused():
    assert_refused("csv", b"control_script;Control_Script\n1;2\n", "names column 'control_script' twice")


def test_a_header_without_records_reads_as_no_records():
    assert read("csv", b"identification_identifier;control_script\n") == []


def test_text_that_is_not_xml_is_refused():
    assert_refused(
        "xml", b"identification_identifier;control_script\n", "^the contents are not a valid XML file"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE records [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<records><record><invoice_description>&lol9;</invoice_description></record></records>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE records [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<records><record><invoice_description>&secret;</invoice_description></record></records>
"""


def test_an_xml_bomb_is_refused_without_expanding_it():
    assert_refused("xml", BILLION_LAUGHS, "^the XML file declares entities .* refused .*'lol'")


def test_an_xml_external_entity_is_refused_without_reading_it():
    error = assert_refused("xml", EXTERNAL_ENTITY, "^the XML file declares entities .* refused .*'secret'")
    assert "root:" not in str(error)


def test_a_plain_doctype_without_entities_reads():
    data = b"<!DOCTYPE records><records><record><control_script>1001</control_script></record></records>"
    assert read("xml", data)[0].fields == {"script": "1001"}


# The column table


def test_every_column_maps_onto_a_rowinput_field_and_every_rowinput_field_has_a_column():
    assert set(COLUMNS.values()) == set(typing.get_args(RowField))


def test_columns_are_grouped_by_the_documented_group_codes():
    assert list(COLUMN_GROUPS) == [
        "IDENTIFICATION",
        "PERSON",
        "ADDRESS",
        "CONTACT",
        "INVOICE",
        "INVOICE_ARRANGEMENT",
        "INVOICELINES",
        "EMANDATE",
        "CONTRACT",
        "CONTRACT_CONTACT",
        "CONTROL",
        "SERVICES",
    ]
    assert all(
        column.startswith(group.lower() + "_")
        for group, columns in COLUMN_GROUPS.items()
        for column in columns
    )
