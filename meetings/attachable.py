"""A problem of practice, and a district's part of a meeting's record (its notes, decisions
and commitments), can carry files and links (the evidence app): the district's leads and
members add them on the item's files page (a district page, which its team and coaches
open); everyone who reads the item on the meeting page (the cohort's facilitators; for a
problem shared with the cohort, its other districts) reads its files there
(meetings.views.meeting_file).

A note of the facilitators belongs to the cohort, not to a district: its files are the
cohort's, added by its facilitators on the note's files page (meetings.views.note_files) and
read by whoever reads the note."""

from evidence.kinds import Kind, page_url
from meetings.models import Commitment, MeetingNote, ProblemOfPractice

KINDS = (
    Kind(
        slug="problem",
        model=ProblemOfPractice,
        label="problem of practice",
        url=lambda p: page_url("meetings:meeting", f"problem-{p.code}", meeting=p.meeting.code),
        title=lambda p: f"{p.text[:80]} ({p.meeting.title})",
    ),
    Kind(
        slug="record",
        model=Commitment,
        label="meeting record",
        url=lambda c: page_url("meetings:meeting", "record", meeting=c.meeting.code),
        title=lambda c: f"{c.get_kind_display()}: {c.text[:80]} ({c.meeting.title})",
    ),
)
COHORT_ITEMS = (MeetingNote,)
