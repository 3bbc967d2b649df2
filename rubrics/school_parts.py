"""The school's page (schools.parts) shows its self-assessment rounds."""

from rubrics.selectors import school_rounds_of
from schools.parts import SchoolPart

# A school has a round or two a year: its page lists the latest, the schools' rounds page
# the rest.
ROUNDS_SHOWN = 10


def _rounds(access, school) -> dict:
    """The school's rounds as the opener reads them (drafts: the district's team), newest
    first, with their progress: one query."""
    return {
        "rounds": list(school_rounds_of(access, school=school)[:ROUNDS_SHOWN]),
        "shown": ROUNDS_SHOWN,
    }


PARTS = (
    SchoolPart(
        title="Self-assessment",
        template="rubrics/_school_part.html",
        read=_rounds,
        order=10,
    ),
)
