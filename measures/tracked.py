"""What of measures keeps a history of its changes (the history app): a measure and its data
points (a point's note only for who reads evidence, as on the measure's page), read by
whoever reads the plan."""

from history.kinds import Kind
from measures.models import DataPoint, Measure
from measures.services import MEASURE_FIELDS

KINDS = (
    Kind(
        key="measure",
        model=Measure,
        label="Measure",
        title=str,
        fields=MEASURE_FIELDS,
    ),
    Kind(
        key="point",
        model=DataPoint,
        label="Data point",
        title=lambda point: (
            f"{point.measure.name}"
            + (f", {point.school}" if point.school_id else "")
            + f", as of {point.as_of:%B %-d, %Y}"
        ),
        fields=("value", "as_of", "source", "note"),
        evidence=frozenset({"note"}),
    ),
)
