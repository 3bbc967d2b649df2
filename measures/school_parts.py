"""What a school's page shows of the measures (schools.parts): the measures kept per school,
each with the school's latest value, read as the plan is (its audience)."""

from django.db.models import OuterRef, Subquery

from measures.charts import amount
from measures.models import DataPoint, Measure
from schools.parts import SchoolPart


def _latest_of(school, field: str):
    return Subquery(
        DataPoint.objects.filter(measure=OuterRef("pk"), school=school)
        .order_by("-as_of", "-pk")
        .values(field)[:1]
    )


def read_measures(access, school) -> dict | None:
    """The plan's measures kept per school, each with this school's latest value and its
    date; None for who reads no plan. 1 query, whatever the number of measures and points."""
    if not access.reads_plan:
        return None
    measures = list(
        Measure.objects.readable_in(access)
        .exclude(kept=Measure.Kept.DISTRICT)
        .annotate(school_value=_latest_of(school, "value"), school_date=_latest_of(school, "as_of"))
    )
    for measure in measures:
        measure.school_shown = amount(measure.school_value, measure)
    return {"measures": measures}


PARTS = (
    SchoolPart(
        title="Its measures",
        template="measures/school_part.html",
        read=read_measures,
        order=40,
    ),
)
