"""Tables as downloadable CSV (UTF-8 with a BOM, which Excel needs) or XLSX."""

import csv
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def to_csv(table: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: list[list], *, title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in table:
        sheet.append(row)
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
