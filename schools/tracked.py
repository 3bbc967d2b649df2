"""What of schools keeps a history of its changes (the history app): a school, read by
whoever reads the district's schools."""

from history.kinds import Kind
from schools.models import School
from schools.services import TRACKED_FIELDS

KINDS = (Kind(key="school", model=School, label="School", title=str, fields=TRACKED_FIELDS),)
