"""A meeting of the cast's cohort and what its people bring to it, one line each, through the
services the pages call."""

from meetings.models import (
    QUICK_FIRE_PROTOCOL,
    QUICK_FIRE_STEPS,
    AgendaItem,
    Commitment,
    EvaluationQuestion,
    Meeting,
    MeetingNote,
    ProblemOfPractice,
    Protocol,
)
from meetings.services import (
    commitment_add,
    evaluation_answer,
    meeting_note_add,
    meeting_save,
    problem_submit,
)


def cohort_meeting(cast, title: str, first_date, **fields) -> Meeting:
    """A meeting of the cast's cohort, planned by its facilitator (`fields`: any other of the
    meeting form's fields, e.g. `second_date`, `location`, `evaluation_open`)."""
    return meeting_save(
        cohort=cast.cohort,
        acting_user=cast.facilitator,
        title=title,
        first_date=first_date,
        **fields,
    )


def submit_problem(
    meeting, district, author, text: str, *, kind="how", topics=("norming",), shared=False
) -> ProblemOfPractice:
    """A problem of practice the district brings (private to it and the facilitators unless
    `shared` with the cohort)."""
    return problem_submit(
        meeting=meeting,
        district=district,
        kind=kind,
        topics=list(topics),
        text=text,
        share_with_cohort=shared,
        acting_user=author,
    )


def facilitators_note(meeting, author, text: str, *, kind="note", shared=False) -> MeetingNote:
    """A note or decision the facilitators record (theirs alone unless `shared`)."""
    return meeting_note_add(
        meeting=meeting, acting_user=author, kind=kind, text=text, share_with_cohort=shared
    )


def district_record(
    meeting, district, author, text: str, *, kind="commitment", **fields
) -> Commitment:
    """A note, decision or commitment of the district's record of the meeting (`fields`:
    `owner`, `due_date`, `facilitates`)."""
    return commitment_add(
        meeting=meeting, district=district, acting_user=author, kind=kind, text=text, **fields
    )


def quick_fire_item(meeting, title: str, **fields) -> AgendaItem:
    """The meeting's first agenda item, run with the Quick Fire protocol (`fields`: e.g.
    `slots` for districts to sign up to)."""
    protocol, _ = Protocol.objects.get_or_create(
        name=QUICK_FIRE_PROTOCOL, defaults={"steps": QUICK_FIRE_STEPS}
    )
    return AgendaItem.objects.create(
        meeting=meeting, position=1, title=title, protocol=protocol, **fields
    )


def open_evaluation(meeting) -> list[EvaluationQuestion]:
    """The meeting's evaluation opened (as a plain save: no notice), and its questions."""
    meeting.evaluation_open = True
    meeting.save()
    return list(meeting.questions.all())


def answer_evaluation(meeting, person, answers: dict) -> None:
    """`person` answers the meeting's evaluation (`answers`: question to a level or a text)."""
    evaluation_answer(
        meeting=meeting, acting_user=person, answers={str(q.code): a for q, a in answers.items()}
    )
