"""A meeting of the cast's cohort and what its people bring to it, one line each, through the
services the pages call."""

from django.urls import reverse

from meetings import models, services


def murl(name: str, **kwargs) -> str:
    """The meetings app's page `name` (`kwargs`: its URL's, e.g. `meeting=meeting.code`)."""
    return reverse(f"meetings:{name}", kwargs=kwargs)


def cohort_meeting(cast, title: str, first_date, **fields) -> models.Meeting:
    """A meeting of the cast's cohort, planned by its facilitator (`fields`: any other of the
    meeting form's fields, e.g. `second_date`, `location`, `evaluation_open`)."""
    return services.meeting_save(
        cohort=cast.cohort,
        acting_user=cast.facilitator,
        title=title,
        first_date=first_date,
        **fields,
    )


def submit_problem(
    meeting, district, author, text: str, *, kind="how", topics=("norming",), shared=False
) -> models.ProblemOfPractice:
    """A problem of practice the district brings (private to it and the facilitators unless
    `shared` with the cohort)."""
    return services.problem_submit(
        meeting=meeting,
        district=district,
        kind=kind,
        topics=list(topics),
        text=text,
        share_with_cohort=shared,
        acting_user=author,
    )


def facilitators_note(
    meeting, author, text: str, *, kind="note", shared=False
) -> models.MeetingNote:
    """A note or decision the facilitators record (theirs alone unless `shared`)."""
    return services.meeting_note_add(
        meeting=meeting, acting_user=author, kind=kind, text=text, share_with_cohort=shared
    )


def district_record(
    meeting, district, author, text: str, *, kind="commitment", **fields
) -> models.Commitment:
    """A note, decision or commitment of the district's record of the meeting (`fields`:
    `owner`, `due_date`, `facilitates`)."""
    return services.commitment_add(
        meeting=meeting, district=district, acting_user=author, kind=kind, text=text, **fields
    )


def quick_fire_item(meeting, title: str, **fields) -> models.AgendaItem:
    """The meeting's first agenda item, run with the Quick Fire protocol (`fields`: e.g.
    `slots` for districts to sign up to)."""
    protocol, _ = models.Protocol.objects.get_or_create(
        name=models.QUICK_FIRE_PROTOCOL, defaults={"steps": models.QUICK_FIRE_STEPS}
    )
    return models.AgendaItem.objects.create(
        meeting=meeting, position=1, title=title, protocol=protocol, **fields
    )


def open_evaluation(meeting) -> list[models.EvaluationQuestion]:
    """The meeting's evaluation opened (as a plain save: no notice), and its questions."""
    meeting.evaluation_open = True
    meeting.save()
    return list(meeting.questions.all())


def answer_evaluation(meeting, person, answers: dict) -> None:
    """`person` answers the meeting's evaluation (`answers`: question to a level or a text)."""
    services.evaluation_answer(
        meeting=meeting, acting_user=person, answers={str(q.code): a for q, a in answers.items()}
    )
