"""The district's whole set of competencies as a table (CSV or XLSX), and back.

One row per performance indicator (a competency without indicators has a row of its own),
in outline order. Learning objectives are one per line in their cell; the last columns are
the scoring criteria, headed by the district's scale labels. Exporting and importing the
file again changes nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from competencies.models import Competency, Criterion, Indicator, Objective
from competencies.selectors import competency_set
from competencies.services import scale_for
from districts.models import District
from districts.tables import read_upload
from districts.validators import found_in

KINDS = {
    "Cross-curricular": Competency.Kind.CROSS_CURRICULAR,
    "Content-area": Competency.Kind.CONTENT_AREA,
}
KIND_NAMES = {value: name for name, value in KINDS.items()}
FIXED = [
    "Kind",
    "Content area",
    "Competency",
    "Competency statement",
    "Indicator code",
    "Indicator",
    "Standards",
    "Learning objectives",
]
MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_CELL = 10_000
# Columns of one-line fields (districts.validators.one_line); the texts may run over lines.
ONE_LINE = ["Content area", "Competency", "Indicator code", "Standards"]


def header(district: District) -> list[str]:
    return FIXED + list(scale_for(district).labels)


def rows(district: District) -> list[list[str]]:
    """The set as table rows, header first."""
    table = [header(district)]
    labels = scale_for(district).labels
    for competency in competency_set(district):
        base = [
            KIND_NAMES[competency.kind],
            competency.content_area,
            competency.title,
            competency.statement,
        ]
        indicators = list(competency.indicators.all())
        if not indicators:
            table.append(base + [""] * (4 + len(labels)))
        for indicator in indicators:
            criteria = {c.level: c.text for c in indicator.criteria.all()}
            table.append(
                base
                + [
                    indicator.label,
                    indicator.text,
                    indicator.standards,
                    "\n".join(o.text for o in indicator.objectives.all()),
                ]
                + [criteria.get(level, "") for level in range(1, len(labels) + 1)]
            )
    return table


def read_table(upload) -> list[list[str]]:
    """The uploaded file's rows as text, from CSV or XLSX (by name), refused early and
    cheaply when hostile or too large (districts.tables.read_upload)."""
    return read_upload(upload, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return (
            f"Row {self.row}, column “{self.column}”: {self.message}"
            if self.column
            else (f"Row {self.row}: {self.message}")
        )


@dataclass
class PlannedCompetency:
    kind: str
    content_area: str
    title: str
    statement: str
    indicators: list[dict] = field(default_factory=list)


def _cell_problems(number: int, values: dict[str, str]) -> list[Problem]:
    """What is wrong with a row's cells as text: too long, a NUL, a line break where one line
    is wanted."""
    problems = []
    for column, value in values.items():
        if len(value) > MAX_CELL:
            problems.append(Problem(number, column, f"longer than {MAX_CELL} characters."))
        if "\x00" in value:
            problems.append(Problem(number, column, "contains a NUL character."))
        elif column in ONE_LINE and (found := found_in(value)):
            problems.append(Problem(number, column, f"has {found}: write it on one line."))
    return problems


def _kind_problems(number: int, values: dict[str, str]) -> tuple[str | None, list[Problem]]:
    """The row's kind of competency (None when it cannot be read) and what is wrong with the
    kind and its content area."""
    kind = KINDS.get(values["Kind"])
    if kind is None:
        return None, [Problem(number, "Kind", "write Cross-curricular or Content-area.")]
    area = values["Content area"]
    problems = []
    if kind == Competency.Kind.CONTENT_AREA and not area:
        problems.append(Problem(number, "Content area", "a content-area competency needs one."))
    if kind == Competency.Kind.CROSS_CURRICULAR and area:
        problems.append(Problem(number, "Content area", "must be empty for cross-curricular."))
    return kind, problems


def _objectives(number: int, text: str, problems: list[Problem]) -> list[str]:
    """The learning objectives of a cell, one a line, each checked."""
    objectives = [line.strip() for line in text.splitlines() if line.strip()]
    for line in objectives:
        if found := found_in(line):
            problems.append(Problem(number, "Learning objectives", f"an objective has {found}."))
        if len(line) > 1000:
            problems.append(
                Problem(
                    number, "Learning objectives", "an objective is longer than 1000 characters."
                )
            )
    return objectives


def _header_problems(district: District, table: list[list[str]]) -> list[Problem]:
    """What is wrong with the table as a whole: empty, the wrong header, too many rows."""
    if not table:
        return [Problem(1, "", "The file is empty.")]
    expected = header(district)
    if [cell.strip() for cell in table[0]][: len(expected)] != expected:
        return [
            Problem(
                1, "", "The header must be: " + ", ".join(expected) + " (download the template)."
            )
        ]
    if len(table) - 1 > MAX_ROWS:
        return [Problem(1, "", f"The file has more than {MAX_ROWS} rows.")]
    return []


def check(
    district: District, table: list[list[str]]
) -> tuple[list[PlannedCompetency], list[Problem]]:
    """Every problem of the table, by row and column, and the set it describes."""
    if problems := _header_problems(district, table):
        return [], problems
    expected = header(district)
    indicator_columns = FIXED[4:] + expected[len(FIXED) :]
    planned: dict[tuple, PlannedCompetency] = {}
    first_row: dict[tuple, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        row = [(raw[i] if i < len(raw) else "").strip() for i in range(len(expected))]
        if not any(row):
            continue
        values = dict(zip(expected, row, strict=True))
        problems += _cell_problems(number, values)
        kind, kind_problems = _kind_problems(number, values)
        problems += kind_problems
        if kind is None:
            continue
        if not values["Competency"]:
            problems.append(Problem(number, "Competency", "is empty."))
            continue
        key = (kind, values["Content area"].lower(), values["Competency"].lower())
        competency = planned.get(key)
        if competency is None:
            competency = planned[key] = PlannedCompetency(
                kind, values["Content area"], values["Competency"], values["Competency statement"]
            )
            first_row[key] = number
        elif values["Competency statement"] != competency.statement:
            problems.append(
                Problem(number, "Competency statement", f"differs from row {first_row[key]}.")
            )
        if not any(values[c] for c in indicator_columns):
            continue
        if not values["Indicator"]:
            problems.append(
                Problem(number, "Indicator", "is empty but the row has criteria or objectives.")
            )
            continue
        competency.indicators.append(
            {
                "label": values["Indicator code"][:40],
                "text": values["Indicator"],
                "standards": values["Standards"],
                "objectives": _objectives(number, values["Learning objectives"], problems),
                "criteria": [values[label] for label in expected[len(FIXED) :]],
            }
        )
        if len(values["Indicator code"]) > 40:
            problems.append(Problem(number, "Indicator code", "longer than 40 characters."))
    return list(planned.values()), problems


def _outline(competencies: list[Competency]) -> list[int]:
    """The competencies' ids in outline order (school-wide first, then by content area, then
    by position), as competency_set() lists them."""
    by_area = sorted(competencies, key=lambda c: (c.content_area.lower(), c.position, c.pk or 0))
    return [c.pk for c in sorted(by_area, key=lambda c: c.kind, reverse=True)]


def _write_competencies(district: District, planned: list[PlannedCompetency], counts: dict):
    """The district's competencies made what the file lists, in its order; returns them in
    the file's order (the ones kept keep their identity)."""
    existing = {
        (c.kind, c.content_area.lower(), c.title.lower()): c
        for c in Competency.objects.filter(district=district).select_for_update()
    }
    outline_before = _outline(list(existing.values()))
    competencies_new, competencies_changed, kept, targets = [], [], set(), []
    for position, item in enumerate(planned, start=1):
        competency = existing.get((item.kind, item.content_area.lower(), item.title.lower()))
        values = (item.kind, item.content_area, item.title, item.statement, position)
        if competency is None:
            competency = Competency(district=district)
            competencies_new.append(competency)
            counts["added"] += 1
        else:
            kept.add(competency.pk)
            current = (
                competency.kind,
                competency.content_area,
                competency.title,
                competency.statement,
                competency.position,
            )
            if current != values:
                competencies_changed.append(competency)
                # A new position alone is no change: positions are renumbered from the file.
                if current[:4] != values[:4]:
                    counts["updated"] += 1
        (
            competency.kind,
            competency.content_area,
            competency.title,
            competency.statement,
            competency.position,
        ) = values
        targets.append(competency)
    counts["reordered"] = [pk for pk in outline_before if pk in kept] != _outline(
        [c for c in targets if c.pk in kept]
    )
    removed = Competency.objects.filter(district=district).exclude(pk__in=kept)
    counts["removed"] = removed.count()
    removed.delete()
    Competency.objects.bulk_update(
        competencies_changed, ["kind", "content_area", "title", "statement", "position"]
    )
    Competency.objects.bulk_create(competencies_new)
    return targets


def _write_indicators(district: District, targets: list[Competency], planned) -> list[tuple]:
    """Each competency's indicators made the file's, matched by place; returns each indicator
    with the file's data for it (its objectives and criteria)."""
    indicators_of: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(district=district).order_by(
        "competency_id", "position", "pk"
    ):
        indicators_of.setdefault(indicator.competency_id, []).append(indicator)
    indicators_new, indicators_changed, indicators_gone, texts = [], [], [], []
    for target, item in zip(targets, planned, strict=True):
        current = indicators_of.get(target.pk, [])
        for index, data in enumerate(item.indicators):
            values = (data["label"], data["text"], data["standards"], index + 1)
            if index < len(current):
                indicator = current[index]
                if (indicator.label, indicator.text, indicator.standards, indicator.position) != (
                    values
                ):
                    indicators_changed.append(indicator)
            else:
                indicator = Indicator(district=district, competency=target)
                indicators_new.append(indicator)
            indicator.label, indicator.text, indicator.standards, indicator.position = values
            texts.append((indicator, data))
        indicators_gone += current[len(item.indicators) :]
    Indicator.objects.filter(pk__in=[i.pk for i in indicators_gone]).delete()
    Indicator.objects.bulk_update(indicators_changed, ["label", "text", "standards", "position"])
    Indicator.objects.bulk_create(indicators_new)
    return texts


def _write_objectives_and_criteria(district: District, texts: list[tuple], criteria: dict):
    """The indicators' learning objectives written anew and their criteria made the file's."""
    Objective.objects.filter(district=district).delete()
    Objective.objects.bulk_create(
        Objective(district=district, indicator=indicator, text=text, position=i)
        for indicator, data in texts
        for i, text in enumerate(data["objectives"], start=1)
    )
    criteria_new, criteria_changed = [], []
    for indicator, data in texts:
        for level, text in enumerate(data["criteria"], start=1):
            criterion = criteria.get((indicator.pk, level))
            if criterion is None:
                criteria_new.append(
                    Criterion(district=district, indicator=indicator, level=level, text=text)
                )
            elif criterion.text != text:
                criterion.text = text
                criteria_changed.append(criterion)
    Criterion.objects.bulk_update(criteria_changed, ["text"])
    Criterion.objects.bulk_create(criteria_new)


@transaction.atomic
def replace_set(*, district: District, planned: list[PlannedCompetency], acting_user: User) -> dict:
    """Make the district's set what the file describes. Competencies are matched by kind,
    content area and title, indicators by their place in the competency, so unchanged items
    keep their identity; what the file no longer has is removed. A fixed number of queries
    whatever the file's size (bulk writes), so that 5,000 rows take seconds, not minutes."""
    counts = {"added": 0, "updated": 0, "removed": 0, "reordered": False}
    targets = _write_competencies(district, planned, counts)
    # Read before indicators are removed: the criteria kept are updated in place.
    criteria = {(c.indicator_id, c.level): c for c in Criterion.objects.filter(district=district)}
    texts = _write_indicators(district, targets, planned)
    _write_objectives_and_criteria(district, texts, criteria)
    return counts
