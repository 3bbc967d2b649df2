"""What meetings contribute to the documents (districts.documents): a meeting's packet (the
meeting as who asked may read it, the districts taking part, its front pages: agenda and
notes with the names of their files), and in each district's section of a packet the
district's problems of practice and its part of the meeting's record; in the whole-record
archive, the problems of practice and the commitments."""

from districts.access import DistrictAccess
from districts.documents import Packet, Part, Reading, iso_date, person_name
from evidence.selectors import kept_files_of
from meetings.models import Commitment, ProblemOfPractice
from meetings.selectors import (
    access_meeting,
    commitments_for,
    notes_for,
    participating_districts,
    problems_for,
    shared_problems,
)


def _meeting(user, code, *, for_facilitators: bool):
    meeting, _ = access_meeting(user, code, for_write=for_facilitators)
    return meeting


def _front(meeting, reading: Reading) -> dict:
    """The agenda, and the notes: the facilitators' packet has theirs, the participants' those
    shared; each with the names of its files and links (never their content)."""
    if reading.for_cohort:
        notes = list(meeting.notes.filter(share_with_cohort=True))
    else:
        notes = list(notes_for(meeting, reading.cohort_access))
    files = kept_files_of(notes)
    for note in notes:
        note.files = files.get(note.pk, [])
    return {"agenda": list(meeting.agenda.select_related("protocol")), "notes": notes}


def _prepare_problems(reading: Reading) -> list | None:
    """Read once for the packet: the participants' packet has the problems shared with the
    cohort; the facilitators' those its reader may read."""
    if reading.meeting is None:
        return None
    if reading.for_cohort:
        return list(shared_problems(reading.meeting))
    if reading.cohort_access is None:
        return []
    return list(problems_for(reading.meeting, reading.reader, reading.cohort_access))


def _prepare_commitments(reading: Reading) -> list | None:
    if reading.meeting is None or reading.for_cohort:
        return None
    if reading.cohort_access is None:
        return []
    return list(commitments_for(reading.meeting, reading.reader, reading.cohort_access))


def _of_district(slug: str):
    def read(access: DistrictAccess, reading: Reading) -> list | None:
        rows = reading.prepared.get(slug)
        if rows is None:
            return None
        return [row for row in rows if row.district_id == access.district.pk]

    return read


def _tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The problems of practice and the commitments made at meetings."""
    return {
        "problems-of-practice": [
            [
                "Meeting",
                "Date",
                "Kind",
                "Topics",
                "Problem",
                "Shared with the cohort",
                "Said in the room",
            ]
        ]
        + [
            [
                p.meeting.title,
                iso_date(p.meeting.first_date),
                p.get_kind_display(),
                "; ".join(p.topic_labels()),
                p.text,
                "yes" if p.share_with_cohort else "no",
                p.discussion,
            ]
            for p in ProblemOfPractice.objects.readable_in(access)
            .select_related("meeting")
            .order_by("meeting__first_date", "pk")
        ],
        "commitments": [["Meeting", "Date", "Kind", "Text", "Owner", "Due"]]
        + [
            [
                c.meeting.title,
                iso_date(c.meeting.first_date),
                c.get_kind_display(),
                c.text,
                person_name(c.owner),
                iso_date(c.due_date),
            ]
            for c in Commitment.objects.readable_in(access)
            .select_related("meeting", "owner")
            .order_by("meeting__first_date", "pk")
        ],
    }


def _meeting_rows(slug: str, *, position: int, prepare, **more) -> Part:
    """A part that shows rows of the meeting's: read once for the packet (`prepare`), each
    district's section showing its own (`templates/meetings/document_<slug>.html`)."""
    return Part(
        slug=slug,
        position=position,
        template=f"meetings/document_{slug}.html",
        prepare=prepare,
        read=_of_district(slug),
        **more,
    )


PACKET = Packet(meeting=_meeting, districts=participating_districts, front=_front)
PARTS = (
    _meeting_rows(
        "problems",
        position=60,
        prepare=_prepare_problems,
        items_with_files=lambda problems: problems or [],
        tables=_tables,
    ),
    _meeting_rows("commitments", position=70, prepare=_prepare_commitments),
)
