"""Writes of meetings and problems of practice. Callers checked access (meetings.selectors)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from districts.access import TEAM_WRITERS, belongs_to
from districts.models import Cohort, District
from meetings.models import (
    DEFAULT_QUESTIONS,
    SCALE,
    AgendaItem,
    Commitment,
    EvaluationQuestion,
    EvaluationReceipt,
    EvaluationResponse,
    Meeting,
    MeetingNote,
    PresentationSignup,
    ProblemOfPractice,
    Protocol,
    Topic,
)
from meetings.reminders import tell_commitment, tell_evaluation_open


def _leads_or_works_in(district: District, user: User) -> bool:
    """A lead or member of the district: who submits, records and signs up for it."""
    return belongs_to(user, district, TEAM_WRITERS)


def _check_dates(first, second) -> None:
    if second and first and second <= first:
        raise ValidationError({"second_date": "The second day comes after the first."})


def meeting_save(
    *, cohort: Cohort, acting_user: User, meeting: Meeting | None = None, **fields
) -> Meeting:
    """Plan (meeting None) or change a meeting of the cohort."""
    _check_dates(fields.get("first_date"), fields.get("second_date"))
    meeting = meeting or Meeting(cohort=cohort)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    return meeting


def ask_the_default_questions(sender, instance: Meeting, created: bool, raw=False, **kwargs):
    """A new meeting's evaluation asks the default questions (post_save of Meeting)."""
    if created and not raw:
        EvaluationQuestion.objects.bulk_create(
            EvaluationQuestion(meeting=instance, position=position, kind=kind, text=text)
            for position, (kind, text) in enumerate(DEFAULT_QUESTIONS, start=1)
        )


def agenda_item_save(
    *, meeting: Meeting, acting_user: User, item: AgendaItem | None = None, **fields
) -> AgendaItem:
    """Add an agenda item at the end (item None), or change one."""
    if item is None:
        last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem(meeting=meeting, position=last + 1)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item


def attendance_set(*, meeting: Meeting, districts: list[District], acting_user: User) -> None:
    """Record which of the cohort's districts attended."""
    allowed = set(meeting.cohort.districts.values_list("pk", flat=True))
    if any(d.pk not in allowed for d in districts):
        raise ValidationError("Only districts of the cohort attend its meetings.")
    meeting.attending.set(districts)


@transaction.atomic
def problem_submit(
    *,
    meeting: Meeting,
    district: District,
    kind: str,
    topics: list[str],
    text: str,
    share_with_cohort: bool,
    acting_user: User,
) -> ProblemOfPractice:
    """A district brings a problem of practice to a meeting of its cohort (leads and
    members of the district)."""
    if not meeting.cohort.districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": "This district is not in the meeting's cohort."})
    if not _leads_or_works_in(district, acting_user):
        raise ValidationError({"district": "Only the district's leads and members submit."})
    if any(topic not in Topic.values for topic in topics):
        raise ValidationError({"topics": "Choose topics from the list."})
    if not text.strip():
        raise ValidationError({"text": "Describe the problem of practice."})
    return ProblemOfPractice.objects.create(
        meeting=meeting,
        district=district,
        kind=kind,
        topics=topics,
        text=text.strip(),
        share_with_cohort=share_with_cohort,
        submitted_by=acting_user,
    )


def meeting_note_add(
    *,
    meeting: Meeting,
    acting_user: User,
    kind: str = MeetingNote.Kind.NOTE,
    text: str,
    share_with_cohort: bool = False,
) -> MeetingNote:
    """The facilitators record a note or a decision of the meeting (callers checked they
    facilitate it)."""
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    return MeetingNote.objects.create(
        meeting=meeting,
        kind=kind,
        text=text.strip(),
        share_with_cohort=share_with_cohort,
        written_by=acting_user,
    )


def commitment_add(
    *,
    meeting: Meeting,
    district: District,
    acting_user: User,
    kind: str,
    text: str,
    owner: User | None = None,
    due_date=None,
    facilitates: bool = False,
) -> Commitment:
    """A district's note, decision or commitment at the meeting, recorded by its leads and
    members, or by the meeting's facilitators (`facilitates`, checked by the caller). Its
    owner is one of the district's people."""
    if not meeting.cohort.districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": "This district is not in the meeting's cohort."})
    if not facilitates and not _leads_or_works_in(district, acting_user):
        raise ValidationError({"district": "Only the district's leads and members record it."})
    if owner is not None and not belongs_to(owner, district):
        raise ValidationError({"owner": "Choose one of the district's people."})
    if not text.strip():
        raise ValidationError({"text": "Write what was noted, decided or committed to."})
    commitment = Commitment.objects.create(
        meeting=meeting,
        district=district,
        kind=kind,
        text=text.strip(),
        owner=owner,
        due_date=due_date,
        written_by=acting_user,
    )
    tell_commitment(commitment, acting_user)
    return commitment


def commitment_close(*, commitment: Commitment, acting_user: User) -> Commitment:
    """The district's leads and members (callers checked the write access) close a
    commitment kept without becoming an action step: it leaves its owner's lists."""
    if commitment.kind != Commitment.Kind.COMMITMENT:
        raise ValidationError("Only a commitment is closed.")
    if commitment.closed_at is None:
        commitment.closed_at = timezone.now()
        commitment.save(update_fields=["closed_at"])
    return commitment


# ---------------------------------------------------------------- evaluations

ANSWER_LIMIT = 2000


def evaluation_set_open(*, meeting: Meeting, is_open: bool, acting_user: User) -> Meeting:
    """The facilitators open the meeting's evaluation to its participants, or close it; it
    opens when the meeting starts, not before."""
    if is_open and not meeting.has_started:
        raise ValidationError(
            f"The evaluation opens when the meeting starts, on {meeting.first_date:%B %-d, %Y}."
        )
    meeting.evaluation_open = is_open
    meeting.save(update_fields=["evaluation_open"])
    if is_open:
        tell_evaluation_open(meeting)
    return meeting


def _answered(meeting: Meeting) -> bool:
    return meeting.responses.exists()


def evaluation_question_add(
    *, meeting: Meeting, kind: str, text: str, acting_user: User
) -> EvaluationQuestion:
    if _answered(meeting):
        raise ValidationError("Answers have come in: the questions stay as they were asked.")
    if not text.strip():
        raise ValidationError({"text": "Write the question."})
    last = meeting.questions.aggregate(last=Max("position"))["last"] or 0
    return EvaluationQuestion.objects.create(
        meeting=meeting, position=last + 1, kind=kind, text=text.strip()
    )


def evaluation_question_remove(*, question: EvaluationQuestion, acting_user: User) -> None:
    if _answered(question.meeting):
        raise ValidationError("Answers have come in: the questions stay as they were asked.")
    question.delete()


@transaction.atomic
def evaluation_answer(*, meeting: Meeting, acting_user: User, answers: dict) -> None:
    """A participant answers the meeting's evaluation, once. The answers are stored apart
    from the receipt that says they answered, so nobody can tell whose they are."""
    from meetings.selectors import may_evaluate

    if not meeting.evaluation_is_open:
        raise ValidationError("This meeting's evaluation is not open.")
    if not may_evaluate(meeting, acting_user):
        raise ValidationError("Only the participating districts' people answer.")
    questions = {str(q.code): q for q in meeting.questions.all()}
    kept = {}
    for code, value in answers.items():
        question = questions.get(code)
        if question is None or value in (None, ""):
            continue
        if question.kind == EvaluationQuestion.Kind.SCALE:
            if value not in {n for n, _ in SCALE}:
                raise ValidationError(f"Choose one of the four answers to “{question}”.")
        elif len(str(value)) > ANSWER_LIMIT:
            raise ValidationError(
                f"Keep the answer to “{question}” under {ANSWER_LIMIT} characters."
            )
        kept[code] = value if question.kind == EvaluationQuestion.Kind.SCALE else str(value).strip()
    if not kept:
        raise ValidationError("Answer at least one question.")
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(meeting=meeting, user=acting_user)
    except IntegrityError:
        raise ValidationError("You have answered this evaluation already.") from None
    EvaluationResponse.objects.create(meeting=meeting, answers=kept)


# ---------------------------------------------------------------- sign-ups and protocols


@transaction.atomic
def signup_add(*, item: AgendaItem, district: District, topic: str, acting_user: User):
    """A district's lead or member signs it up to present in an agenda item, while a slot is
    free (checked under a lock on the item, so two sign-ups cannot take the last slot)."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if not item.slots:
        raise ValidationError("This agenda item takes no sign-ups.")
    if not _leads_or_works_in(district, acting_user):
        raise ValidationError({"district": "Only the district's leads and members sign it up."})
    if not item.meeting.cohort.districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": "This district is not in the meeting's cohort."})
    if item.signups.filter(district=district).exists():
        raise ValidationError({"district": f"{district.name} is signed up already."})
    if item.signups.count() >= item.slots:
        raise ValidationError("Every slot is taken.")
    if not topic.strip():
        raise ValidationError({"topic": "Say what you will present."})
    return PresentationSignup.objects.create(
        item=item, district=district, topic=topic.strip(), signed_up_by=acting_user
    )


def protocol_save(*, acting_user: User, protocol: Protocol | None = None, name: str, steps_text):
    """Make or change a protocol of the shared library (facilitators and staff)."""
    protocol = protocol or Protocol()
    protocol.name = name.strip()
    protocol.steps = steps_text
    if Protocol.objects.filter(name=protocol.name).exclude(pk=protocol.pk).exists():
        raise ValidationError({"name": "A protocol has this name already."})
    protocol.save()
    return protocol


def discussion_capture(
    *, meeting: Meeting, problem: ProblemOfPractice, step: str, text: str, acting_user: User
) -> ProblemOfPractice:
    """The facilitators capture what was said, during a protocol's step, into the problem of
    practice of the meeting being discussed (appended: nothing said earlier is lost)."""
    if problem.meeting_id != meeting.pk:
        raise ValidationError({"problem": "This problem of practice is not of this meeting."})
    if not text.strip():
        raise ValidationError({"text": "Write what was said."})
    line = f"{step.strip()}: {text.strip()}" if step.strip() else text.strip()
    with transaction.atomic():
        locked = ProblemOfPractice.objects.select_for_update().get(pk=problem.pk)
        locked.discussion = f"{locked.discussion}\n{line}".strip()
        locked.save(update_fields=["discussion"])
    return locked
