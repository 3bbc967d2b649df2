"""What measures contribute to the documents (districts.documents): the plan's measures of
success, judged, in a district's section (for who reads the plan), and the measures with
their data in the whole-record archive (notes only for who reads evidence)."""

from dataclasses import dataclass

from districts.access import DistrictAccess
from districts.documents import Part, Reading, iso_date, person_name
from measures import exchange
from measures.models import DataPoint
from measures.selectors import measures_of
from measures.status import rule_text


@dataclass
class Shown:
    measures: list
    rule: str


def _measures(access: DistrictAccess, reading: Reading) -> Shown | None:
    if not access.reads_plan:
        return None
    return Shown(measures=measures_of(access), rule=rule_text())


def _tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The plan's measures with their targets and status, and their data in the columns the
    measures' import reads (notes only for who reads evidence)."""
    if not access.reads_plan:
        return {}
    measures = measures_of(access)
    points = list(
        DataPoint.objects.readable_in(access)
        .filter(measure__in=measures)
        .select_related("school")
        .order_by("as_of", "pk")
    )
    by_school = [p for p in points if p.school_id]
    header = [
        "Measure",
        "What it counts",
        "Strand",
        "Kind",
        "Unit",
        "Better",
        "Baseline",
        "Baseline as of",
        "Baseline source",
        "New data due",
        "Owner",
        "Targets",
        "Status",
    ]
    return {
        "measures": [header]
        + [
            [
                m.name,
                m.counts,
                m.get_strand_display(),
                m.get_kind_display(),
                m.unit_word if m.unit == "number" else m.get_unit_display(),
                m.get_direction_display(),
                m.baseline_value,
                iso_date(m.baseline_date),
                m.baseline_source,
                m.get_cadence_display(),
                person_name(m.owner),
                "; ".join(f"June {t.year}: {t.value}" for t in m.target_list),
                m.standing.label,
            ]
            for m in measures
        ],
        "measure-data": exchange.rows(
            measures, [p for p in points if not p.school_id], with_notes=access.reads_evidence
        ),
        # the measures kept per school: each school's points (the district's, rolled up from
        # them, are in measure-data)
        "measure-school-data": school_rows(measures, by_school, with_notes=access.reads_evidence),
    }


def school_rows(measures, points, *, with_notes: bool) -> list[list]:
    """Each school's points of the measures kept per school, header first, by measure, school
    and date."""
    names = {m.pk: m.name for m in measures}
    header = ["Measure", "School", "As of", "Value", "Source"] + (["Note"] if with_notes else [])
    rows = sorted(points, key=lambda p: (names[p.measure_id].lower(), p.school.name, p.as_of))
    return [header] + [
        [names[p.measure_id], p.school.name, p.as_of.isoformat(), f"{p.value.normalize():f}"]
        + [p.source]
        + ([p.note] if with_notes else [])
        for p in rows
    ]


PARTS = (
    Part(
        slug="measures",
        position=30,
        template="measures/document_measures.html",
        read=_measures,
        tables=_tables,
    ),
)
