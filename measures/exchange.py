"""A district's data points as a table (CSV or XLSX), and back.

One row per point of a measure kept for the district (a measure kept per school is entered
school by school on its page, and is not in the table): the measure's name, the date it is
as of (YYYY-MM-DD), the value, its source and (for who reads evidence) its note. Importing
checks every row first and names each bad one; nothing is saved until all are good. A row
for a measure and date that has a point already corrects it (kept in the history) when its
values differ, and changes nothing otherwise: exporting and importing the file again
changes nothing."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from districts.tables import read_upload
from districts.validators import found_in
from measures.models import DataPoint, Measure
from measures.services import check_value, point_add, point_correct

HEADER = ["Measure", "As of", "Value", "Source", "Note"]
MAX_ROWS = 5000
MAX_COLUMNS = 16
MAX_SOURCE = 300
MAX_NOTE = 10_000


def rows(measures: list[Measure], points: list[DataPoint], *, with_notes: bool) -> list[list]:
    """The points as table rows, header first, by measure then date."""
    names = {m.pk: m.name for m in measures}
    header = HEADER if with_notes else HEADER[:-1]
    table = [header]
    for p in sorted(points, key=lambda p: (names[p.measure_id].lower(), p.as_of, p.pk)):
        row = [names[p.measure_id], p.as_of.isoformat(), f"{p.value.normalize():f}", p.source]
        table.append([*row, p.note] if with_notes else row)
    return table


def read_table(upload) -> list[list[str]]:
    return read_upload(upload, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


@dataclass(frozen=True)
class PlannedPoint:
    row: int
    measure: str  # the measure's code
    measure_name: str
    as_of: str
    value: str
    source: str
    note: str | None  # None: the file has no Note column (the stored note stays)


def _date(text: str) -> date | None:
    text = text.strip()
    for parse in (
        lambda t: date.fromisoformat(t[:10]),
        lambda t: datetime.strptime(t, "%m/%d/%Y").date(),
    ):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _check_row(number, values, by_name, seen) -> tuple[PlannedPoint | None, list[str]]:
    problems = []
    measure = by_name.get(values["Measure"].lower())
    if measure is None:
        problems.append(f"Row {number}, column “Measure”: no measure of the plan has this name.")
    elif measure.follows_dimension:
        problems.append(
            f"Row {number}, column “Measure”: it follows a rubric dimension; its data come "
            "from submitted rounds."
        )
    elif measure.per_school:
        problems.append(
            f"Row {number}, column “Measure”: it is kept per school; add each school's data "
            "on the measure's page (the district's value is worked out from them)."
        )
    day = _date(values["As of"])
    if day is None:
        problems.append(f"Row {number}, column “As of”: write the date as YYYY-MM-DD.")
    elif day > timezone.localdate():
        problems.append(f"Row {number}, column “As of”: the date is in the future.")
    try:
        value = Decimal(values["Value"].replace(",", "").strip())
    except InvalidOperation:
        value = None
        problems.append(f"Row {number}, column “Value”: write a number, such as 42 or 42.5.")
    if value is not None and measure is not None:
        try:
            check_value(value, field="value", label="Value", unit=measure.unit)
        except ValidationError as error:
            problems.append(f"Row {number}, column “Value”: {error.messages[0].split(': ', 1)[1]}")
    for column, limit in (("Source", MAX_SOURCE), ("Note", MAX_NOTE)):
        if len(values.get(column, "")) > limit:
            problems.append(f"Row {number}, column “{column}”: at most {limit} characters.")
    if found_in(values["Source"]):
        problems.append(f"Row {number}, column “Source”: write it on one line.")
    if measure is not None and day is not None:
        key = (measure.pk, day)
        if key in seen:
            problems.append(
                f"Row {number}: the same measure and date as row {seen[key]}; keep one."
            )
        seen[key] = number
    if problems:
        return None, problems
    planned = PlannedPoint(
        number,
        str(measure.code),
        measure.name,
        day.isoformat(),
        str(value),
        values["Source"],
        values.get("Note"),
    )
    return planned, []


def check(measures: list[Measure], table: list[list[str]]) -> tuple[list[PlannedPoint], list[str]]:
    """Every problem of the table, by row and column, and the points it describes."""
    if not table:
        return [], ["The file is empty."]
    got = [cell.strip() for cell in table[0]]
    if got[:4] != HEADER[:4]:
        return [], ["Row 1: the header must be: " + ", ".join(HEADER) + " (Note may be left out)."]
    columns = HEADER if len(got) >= 5 and got[4] == "Note" else HEADER[:4]
    by_name = {m.name.lower(): m for m in measures}
    planned, problems, seen = [], [], {}
    for number, raw in enumerate(table[1:], start=2):
        row = [(raw[i] if i < len(raw) else "").strip() for i in range(len(columns))]
        if not any(row):
            continue
        values = dict(zip(columns, row, strict=True))
        point, found = _check_row(number, values, by_name, seen)
        problems += found
        if point:
            planned.append(point)
    if not planned and not problems:
        problems.append("The file has no data rows.")
    return planned, problems


def from_data(data: list[dict]) -> list[PlannedPoint]:
    return [PlannedPoint(**row) for row in data]


@transaction.atomic
def import_points(
    *, measures: list[Measure], planned: list[PlannedPoint], acting_user: User
) -> dict:
    """Add or correct the planned points (checked by check()): all or nothing. Rows equal to
    a stored point change nothing."""
    by_code = {str(m.code): m for m in measures}
    wanted = {by_code[p.measure].pk for p in planned}
    existing = {
        (p.measure_id, p.as_of): p
        for p in DataPoint.objects.select_for_update().filter(
            measure_id__in=wanted, from_round__isnull=True
        )
    }
    counts = {"added": 0, "corrected": 0, "unchanged": 0}
    for p in planned:
        measure = by_code[p.measure]
        day, value = date.fromisoformat(p.as_of), Decimal(p.value)
        stored = existing.get((measure.pk, day))
        note = p.note if p.note is not None else (stored.note if stored else "")
        fields = {"value": value, "as_of": day, "source": p.source, "note": note}
        if stored is None:
            point_add(measure=measure, acting_user=acting_user, **fields)
            counts["added"] += 1
        elif (stored.value, stored.source, stored.note) == (value, p.source, note):
            counts["unchanged"] += 1
        else:
            stored.measure = measure
            point_correct(
                point=stored, expected_version=stored.version, acting_user=acting_user, **fields
            )
            counts["corrected"] += 1
    return counts
