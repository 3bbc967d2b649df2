"""What of schools keeps a history of its changes (the history app): a school, and each
implementation stage recorded for it, read by whoever reads the district's schools."""

from history.kinds import Kind
from schools.models import School, SchoolStage
from schools.services import STAGE_FIELDS, TRACKED_FIELDS

KINDS = (
    Kind(key="school", model=School, label="School", title=str, fields=TRACKED_FIELDS),
    Kind(
        key="school-stage",
        model=SchoolStage,
        label="School’s implementation stage",
        title=lambda row: f"{row.school}: {row.get_strand_display()}",
        fields=STAGE_FIELDS,
    ),
)
