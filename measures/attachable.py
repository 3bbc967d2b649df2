"""What of measures can carry files and links (the evidence app): a data point, whose files
are evidence beside a number (never for a cohort's facilitators, like a step's). Its readers
read them; the district's leads and members add to them."""

from evidence.kinds import Kind, page_url, writers
from measures.models import DataPoint


def may_change(access, point, person) -> bool:
    """The district's leads and members; never on a point rolled up from the schools' (it is
    written again with theirs: the files belong on the schools' points)."""
    return point.reported is None and writers(access, point, person)


KINDS = (
    Kind(
        slug="measure-point",
        model=DataPoint,
        label="data point",
        url=lambda point: page_url(
            "measures:detail",
            f"point-{point.code}",
            district=point.district.code,
            measure=point.measure.code,
        ),
        title=lambda point: f"{point.measure.name}, as of {point.as_of:%B %-d, %Y}",
        is_evidence=True,
        may_change=may_change,
    ),
)
