"""Tables as downloadable CSV (UTF-8 with a BOM, which Excel needs) or XLSX, and uploaded
tables read back, both safe against what a person can type.

Exports cannot run code (OWASP's CSV-injection guidance): in CSV a text that a spreadsheet
would take for a formula (it starts with = + - @, a tab or a carriage return) is written with
a leading apostrophe, which spreadsheets show as text; in XLSX every text is a string cell,
never a formula. Every export of the app goes through `download`.
"""

import csv
import io
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Filled:
    """A cell with a background colour (a level's, say) in XLSX; in CSV, its value alone."""

    __slots__ = ("colour", "value")

    def __init__(self, value, colour: str):
        self.value = value
        self.colour = colour.lstrip("#")

    def __str__(self) -> str:
        return str(self.value)


def inert(value):
    """A CSV cell's value that no spreadsheet runs: text that starts like a formula gets a
    leading apostrophe. Numbers, dates and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value):
    return value.value if isinstance(value, Filled) else value


def to_csv(table: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([inert(_plain(value)) for value in row] for row in table)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text_cell(sheet, value):
    """A text as a string cell: openpyxl would take a text starting with "=" for a formula.
    A date stays a date (shown as one); a Filled cell gets its colour."""
    from openpyxl.cell import Cell
    from openpyxl.styles import PatternFill

    fill = None
    if isinstance(value, Filled):
        fill = PatternFill("solid", start_color=value.colour, end_color=value.colour)
        value = value.value
    if not isinstance(value, str) and fill is None and not isinstance(value, date):
        return value
    cell = Cell(sheet, row=1, column=1, value=value)  # placed where it is appended
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if fill is not None:
        cell.fill = fill
    return cell


def to_xlsx(table: list[list], *, title: str = "Sheet") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in table:
        sheet.append([_text_cell(sheet, value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
        for cell in column[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(table: list[list], *, fmt: str, filename: str, title: str = "Sheet") -> HttpResponse:
    """The table as an attachment; an unknown format is a 404."""
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    content = to_csv(table) if fmt == "csv" else to_xlsx(table, title=title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


ROWS_A_CHUNK = 500


def csv_chunks(rows: Iterable[list]) -> Iterator[bytes]:
    """to_csv() as it goes: the BOM, then the rows a few hundred at a time, so that a long
    table is never held whole."""
    yield "\ufeff".encode()
    rows = iter(rows)
    while chunk := list(islice(rows, ROWS_A_CHUNK)):
        out = io.StringIO()
        csv.writer(out).writerows([inert(_plain(value)) for value in row] for row in chunk)
        yield out.getvalue().encode("utf-8")


def xlsx_file(rows: Iterable[list], *, title: str = "Sheet"):
    """to_xlsx() in openpyxl's write-only mode: each row is written out as it comes (not
    kept as cells), into a temporary file returned at its start. The same safety (every text
    a string cell) and the same look (a bold header row kept in view, wrapped text)."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    widths_set = False
    try:
        for number, row in enumerate(rows):
            if not widths_set:
                for index in range(len(row)):
                    sheet.column_dimensions[get_column_letter(index + 1)].width = 24
                widths_set = True
            cells = []
            for value in row:
                cell = _text_cell(sheet, value)
                if isinstance(cell, Cell):
                    if number == 0:
                        cell.font = bold
                    else:
                        cell.alignment = wrapped
                cells.append(cell)
            sheet.append(cells)
    except BaseException:
        sheet.close()  # its writer and temporary file now, not when collected (it warns then)
        raise
    out = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the response closes it)
    book.save(out)
    out.seek(0)
    return out


def stream_download(
    rows: Iterable[list], *, fmt: str, filename: str, title: str = "Sheet"
) -> StreamingHttpResponse | FileResponse:
    """download() for a table that grows with the data: CSV streamed row by row, XLSX made
    in write-only mode and sent from a temporary file; `rows` may be a generator (its first
    row the header). An unknown format is a 404, before any row is read."""
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    name = f"{filename}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(rows), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        xlsx_file(rows, title=title),
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES[fmt],
    )


# ---------------------------------------------------------------- uploads

# An XLSX file is a zip of XML parts. These bound what a file may unpack to before anything
# is parsed, so that a small file that decompresses to gigabytes is refused at once.
XLSX_MAX_PARTS = 100
XLSX_MAX_PART_SIZE = 16 * 1024 * 1024  # uncompressed, one part (a sheet, the shared strings)
XLSX_MAX_TOTAL_SIZE = 32 * 1024 * 1024  # uncompressed, all parts
XLSX_MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MiB
FORMULAS_LISTED = 10
# Cells (or shared strings) a sheet may hold, per allowed row: far more than any table here
# fills, few enough that a sheet of that many is read in well under a second.
MAX_CELLS_A_ROW = 20


def _refuse(message: str):
    raise ValidationError(message)


_TAG = rb"<(?:[A-Za-z_][\w.-]*:)?%s[\s/>]"
ROW_TAG = re.compile(_TAG % rb"row")
CELL_TAG = re.compile(_TAG % rb"(?:c|si)")  # a sheet's cell, or a shared string


def _count(part, pattern: re.Pattern, *, stop_after: int) -> int:
    """How many times the tag occurs in a zip part, read a megabyte at a time; stops once
    past `stop_after`. A tag cut between two reads is counted once."""
    count, tail = 0, b""
    while chunk := part.read(1024 * 1024):
        window = tail + chunk
        count += sum(1 for m in pattern.finditer(window) if m.end() > len(tail))
        if count > stop_after:
            break
        tail = window[-64:]
    return count


# What reading a damaged or hostile zip (an office document, a workbook) raises, all of it
# "this file cannot be read": the zip's directory or a part's compressed data is broken, a
# part names a compression no program reads (NotImplementedError), or a member it names is
# missing (KeyError).
UNREADABLE_ZIP = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
    zlib.error,
)


def unpacks_to_too_much(
    parts: list[zipfile.ZipInfo], *, max_part_size: int, max_total_size: int, max_ratio: int
) -> bool:
    """Whether a zip (an office document) would unpack to more than allowed, read from its
    directory alone: a part or all of them too large, or a part over 1 MiB packed more than
    `max_ratio` times (a zip bomb). Nothing is unpacked."""
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > max_part_size or total > max_total_size:
            return True
        if part.file_size > 1024 * 1024 and part.file_size > max_ratio * max(part.compress_size, 1):
            return True
    return False


def _check_zip(data: bytes, *, max_rows: int, max_cells: int) -> None:
    """Refuse, before openpyxl reads anything, a file that unpacks to too much (from the
    zip's directory alone) or whose sheets hold more rows or cells than allowed (tags counted
    in the raw XML: openpyxl would build every element, and reads a sheet that does not
    declare its size to the end just to learn it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse("The XLSX file could not be opened.")
    if len(parts) > XLSX_MAX_PARTS:
        _refuse(
            f"The XLSX file has more than {XLSX_MAX_PARTS} parts: save it again as a plain "
            "workbook."
        )
    if unpacks_to_too_much(
        parts,
        max_part_size=XLSX_MAX_PART_SIZE,
        max_total_size=XLSX_MAX_TOTAL_SIZE,
        max_ratio=XLSX_MAX_RATIO,
    ):
        _refuse(
            "The XLSX file unpacks to more data than a set of competencies can hold "
            f"(at most {XLSX_MAX_PART_SIZE // (1024 * 1024)} MB a sheet): remove what is "
            "not part of the set, or save it as CSV."
        )
    try:
        for part in parts:
            name = part.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(part) as sheet:
                    if _count(sheet, ROW_TAG, stop_after=max_rows + 1) > max_rows + 1:
                        _refuse(f"The file has more than {max_rows} rows.")
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                with archive.open(part) as content:
                    if _count(content, CELL_TAG, stop_after=max_cells) > max_cells:
                        _refuse(f"The file has more than {max_cells} cells.")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise ValidationError("The XLSX file could not be opened.") from error


def _column_name(header: list[str], index: int) -> str:
    from openpyxl.utils import get_column_letter

    name = header[index].strip() if index < len(header) else ""
    return name or get_column_letter(index + 1)


def _refuse_formulas(table: list[list[str]], formulas: list[tuple[int, int]], why: str) -> None:
    """Refuse the file with a line for each of the first formula cells, by row and column."""
    if not formulas:
        return
    header = table[0] if table else []
    listed = [
        f"Row {row}, column “{_column_name(header, index)}”: {why}"
        for row, index in formulas[:FORMULAS_LISTED]
    ]
    if len(formulas) > FORMULAS_LISTED:
        listed.append(f"… and {len(formulas) - FORMULAS_LISTED} more.")
    raise ValidationError(listed)


def _read_xlsx(data: bytes, *, max_rows: int, max_columns: int) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_zip(data, max_rows=max_rows, max_cells=(max_rows + 1) * MAX_CELLS_A_ROW)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ValidationError("The XLSX file could not be opened.") from error
    try:
        if not book.worksheets:
            _refuse("The XLSX file has no sheet.")
        sheet = book.worksheets[0]
        # The sheet's declared size first (cheap: the start of its XML); then every row is
        # read whatever was declared, and counted as it comes.
        if (sheet.max_row or 0) > max_rows + 1:
            _refuse(f"The file has more than {max_rows} rows.")
        if (sheet.max_column or 0) > max_columns:
            _refuse(f"The file has more than {max_columns} columns.")
        sheet.reset_dimensions()
        table: list[list[str]] = []
        formulas: list[tuple[int, int]] = []
        for number, cells in enumerate(sheet.iter_rows(max_col=max_columns + 1), start=1):
            if number > max_rows + 1:
                _refuse(f"The file has more than {max_rows} rows.")
            row = []
            for index, cell in enumerate(cells):
                value = cell.value
                if index == max_columns:
                    if value not in (None, ""):
                        _refuse(f"The file has more than {max_columns} columns.")
                    break
                if cell.data_type == "f":
                    formulas.append((number, index))
                    value = None
                row.append("" if value is None else str(value))
            while row and not row[-1]:
                row.pop()  # the padding openpyxl adds up to max_col
            table.append(row)
    except ValidationError:
        raise
    except Exception as error:  # a part that does not parse
        raise ValidationError("The XLSX file could not be read.") from error
    finally:
        book.close()
    _refuse_formulas(
        table,
        formulas,
        "is a formula; type its value instead (copy the cells, then paste values only).",
    )
    return table


def _read_csv(data: bytes, *, max_rows: int, max_columns: int) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("The CSV file could not be read as UTF-8 text.") from error
    table: list[list[str]] = []
    formulas: list[tuple[int, int]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if number > max_rows + 1:
                _refuse(f"The file has more than {max_rows} rows.")
            if any(cell.strip() for cell in row[max_columns:]):
                _refuse(f"The file has more than {max_columns} columns.")
            row = row[:max_columns]
            for index, cell in enumerate(row):
                if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
                    row[index] = cell[1:]  # written so by an export (inert): the text itself
                elif cell.startswith("="):
                    formulas.append((number, index))
            table.append(row)
    except csv.Error as error:
        raise ValidationError("The CSV file could not be read: " + str(error)) from error
    _refuse_formulas(
        table,
        formulas,
        "starts with “=”, which spreadsheets run as a formula; start it with an apostrophe "
        "(’=) if it is text.",
    )
    return table


def read_upload(upload, *, max_rows: int, max_columns: int) -> list[list[str]]:
    """An uploaded table's rows as text, from CSV or XLSX (by name), trailing empty rows left
    out. Refused with a ValidationError that says why, before any large work: a file that is
    neither format, that unpacks to too much, that has more rows or columns than allowed
    (checked as rows come, so a huge sheet is not read to the end), or that holds formulas
    (reported by cell: their results are not kept in the file reliably)."""
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        table = _read_xlsx(data, max_rows=max_rows, max_columns=max_columns)
    elif name.endswith(".csv"):
        table = _read_csv(data, max_rows=max_rows, max_columns=max_columns)
    else:
        raise ValidationError("Upload a .csv or .xlsx file.")
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    return table
