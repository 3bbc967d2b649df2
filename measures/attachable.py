"""What of measures can carry files and links (the evidence app): a data point, whose files
are evidence beside a number (never for a cohort's facilitators, like a step's). Its readers
read them; the district's leads and members add to them."""

from django.urls import reverse

from evidence.kinds import Kind, register, writers
from measures.models import DataPoint


def _point_url(point: DataPoint) -> str:
    return (
        reverse(
            "measures:detail",
            kwargs={"district": point.district.code, "measure": point.measure.code},
        )
        + f"#point-{point.code}"
    )


def register_kinds() -> None:
    register(
        Kind(
            slug="measure-point",
            model=DataPoint,
            label="data point",
            may_change=writers,
            url=_point_url,
            title=lambda point: f"{point.measure.name}, as of {point.as_of:%B %-d, %Y}",
            is_evidence=True,
        )
    )
