"""A cohort's meetings opened through the access layer (districts.access.cohort_access says
who may see and run them), and the problems of practice each person reads."""

from dataclasses import dataclass, field

from django.db.models import Exists, F, Q, QuerySet

from accounts.models import User
from config.compiled import compiled
from districts.access import (
    TEAM,
    CohortAccess,
    access_cohort_object,
    related_district_ids,
    relation_rows,
)
from districts.models import CohortDistrict, District
from meetings.models import (
    SCALE,
    Commitment,
    EvaluationQuestion,
    EvaluationReceipt,
    EvaluationResponse,
    Meeting,
    MeetingNote,
    ProblemOfPractice,
    Topic,
)


def access_meeting(user: User, code, *, for_write: bool = False) -> tuple[Meeting, CohortAccess]:
    """Open a meeting: its cohort's facilitators, and the people and coaches of its districts,
    read it; facilitators (and staff) change it. Anyone else gets the plain 404
    (districts.access.access_cohort_object)."""
    return access_cohort_object(user, Meeting, for_write=for_write, code=code)


def problems_for(meeting: Meeting, user: User, access: CohortAccess) -> QuerySet:
    """Facilitators read every problem of practice of the meeting; a district's team and
    coaches read their district's; the cohort's districts read those shared with the cohort."""
    problems = ProblemOfPractice.objects.filter(meeting=meeting).select_related(
        "district", "submitted_by"
    )
    if access.facilitates:
        return problems
    own = ProblemOfPractice.objects.visible_to(user).values("pk")
    return problems.filter(Q(pk__in=own) | Q(share_with_cohort=True))


def shared_problems(meeting: Meeting) -> QuerySet:
    """The problems of practice of the meeting that every district of the cohort reads."""
    return ProblemOfPractice.objects.filter(meeting=meeting, share_with_cohort=True).select_related(
        "district", "submitted_by"
    )


def problem_to_withdraw(meeting: Meeting, access: CohortAccess, code) -> ProblemOfPractice | None:
    """A problem of practice of the meeting that the person's district submitted, if they may
    withdraw it (a lead or member of that district)."""
    return ProblemOfPractice.objects.filter(
        meeting=meeting, code=code, district__in=access.team_districts
    ).first()


def grouped_by_topic(problems) -> list[tuple[str, list]]:
    """For the facilitator: each problem once, under the first topic it names (in the
    topics' order; the page shows its other topics beside it)."""
    groups = {value: [] for value in Topic.values}
    for problem in problems:
        named = [t for t in Topic.values if t in problem.topics] or [Topic.OTHER]
        groups[named[0]].append(problem)
    return [(Topic(value).label, items) for value, items in groups.items() if items]


def notes_for(meeting: Meeting, access: CohortAccess) -> QuerySet:
    """The facilitators read every note of the meeting; everyone else those shared with the
    cohort."""
    notes = MeetingNote.objects.filter(meeting=meeting).select_related("written_by")
    return notes if access.facilitates else notes.filter(share_with_cohort=True)


def commitments_for(meeting: Meeting, user: User, access: CohortAccess) -> QuerySet:
    """The facilitators read every district's part of the meeting's record; a district's team
    and coaches read their district's (never another district's)."""
    rows = Commitment.objects.filter(meeting=meeting)
    if not access.facilitates:
        rows = rows.filter(pk__in=Commitment.objects.visible_to(user).values("pk"))
    return rows.select_related("district", "owner", "step__plan")


def commitment_to_change(meeting: Meeting, access: CohortAccess, code) -> Commitment | None:
    """A district's record of the meeting that the person may remove: the meeting's
    facilitators, or a lead or member of that district."""
    rows = Commitment.objects.filter(meeting=meeting, code=code)
    if not access.facilitates:
        rows = rows.filter(district__in=access.team_districts)
    return rows.select_related("district").first()


def participating_districts(meeting: Meeting) -> list:
    """The meeting's participants: the districts recorded as attending, or, before attendance
    is taken, every district of the cohort."""
    attending = list(meeting.attending.order_by("name"))
    return attending or list(meeting.cohort.districts.order_by("name"))


def may_evaluate(meeting: Meeting, user: User) -> bool:
    """The people of the participating districts answer the meeting's evaluation (the rule
    of participating_districts, in one query)."""
    attended = Meeting.attending.through.objects.filter(meeting=meeting)
    in_cohort = meeting.cohort.districts.values("pk")
    return (
        relation_rows(user, TEAM, trashed_too=True)
        .filter(
            Q(district__in=attended.values("district_id"))
            | (Q(district__in=in_cohort) & ~Exists(attended))
        )
        .exists()
    )


def has_evaluated(meeting: Meeting, user: User) -> bool:
    return EvaluationReceipt.objects.filter(meeting=meeting, user=user).exists()


@dataclass
class QuestionSummary:
    question: EvaluationQuestion
    counts: list[tuple[str, int]] = field(default_factory=list)  # per scale answer
    average: float | None = None
    texts: list[str] = field(default_factory=list)  # sorted: no answer order to read from
    answered: int = 0


# Anonymous answers are shown only from this many on: one or two answers are one or two
# people's own, whom the facilitators could tell apart.
FEWEST_ANSWERS_SHOWN = 3


def evaluation_summary(meeting: Meeting) -> tuple[int, list[QuestionSummary]]:
    """For the facilitators: how many answered, and per question the spread and average of a
    rating or the written answers, never who wrote what; nothing but the count below
    FEWEST_ANSWERS_SHOWN answers."""
    responses = [r.answers for r in EvaluationResponse.objects.filter(meeting=meeting)]
    if len(responses) < FEWEST_ANSWERS_SHOWN:
        return len(responses), []
    summaries = []
    for question in meeting.questions.all():
        values = [r[str(question.code)] for r in responses if str(question.code) in r]
        summary = QuestionSummary(question=question, answered=len(values))
        if question.kind == EvaluationQuestion.Kind.SCALE:
            summary.counts = [(label, values.count(n)) for n, label in SCALE]
            summary.average = round(sum(values) / len(values), 1) if values else None
        else:
            summary.texts = sorted(values, key=str.lower)
        summaries.append(summary)
    return len(responses), summaries


def series_summary(cohort) -> tuple[list[str], list[tuple]]:
    """Across the cohort's meetings: per meeting, how many answered and the average of each
    rating question (questions matched by their wording, in order of first use)."""
    meetings = list(
        Meeting.objects.filter(cohort=cohort).prefetch_related("questions", "responses")
    )
    columns: list[str] = []
    for meeting in meetings:
        for q in meeting.questions.all():
            if q.kind == EvaluationQuestion.Kind.SCALE and q.text not in columns:
                columns.append(q.text)
    rows = []
    for meeting in meetings:
        responses = [r.answers for r in meeting.responses.all()]
        if len(responses) < FEWEST_ANSWERS_SHOWN:
            rows.append((meeting, len(responses), [None] * len(columns)))
            continue
        by_text = {q.text: str(q.code) for q in meeting.questions.all() if q.kind == "scale"}
        averages = []
        for text in columns:
            code = by_text.get(text)
            values = [r[code] for r in responses if code and code in r]
            averages.append(round(sum(values) / len(values), 1) if values else None)
        rows.append((meeting, len(responses), averages))
    return columns, rows


def team_districts(access: CohortAccess) -> QuerySet:
    """The cohort's districts where the person is a lead or member, as a queryset (forms
    and serializers choose among them)."""
    return District.objects.filter(pk__in=[d.pk for d in access.team_districts]).order_by("name")


def recording_districts(meeting: Meeting, access: CohortAccess) -> QuerySet:
    """The districts whose part of the meeting's record the person may write: every one of
    the cohort's for its facilitators, their own (as a lead or member) for everyone else."""
    if access.facilitates:
        return meeting.cohort.districts.order_by("name")
    return team_districts(access)


def open_commitments(user: User, *, district: District | None = None) -> QuerySet[Commitment]:
    """The commitments the person owns that are still open (not an action step yet, not
    closed), in the districts they belong to (or one of them), soonest due first, those
    without a date last. Read by their owner through the district's rule (visible_to)."""
    rows = (
        Commitment.objects.visible_to(user)
        .filter(
            owner=user,
            kind=Commitment.Kind.COMMITMENT,
            closed_at=None,
            step__isnull=True,
            district__in=related_district_ids(user, TEAM),
        )
        .select_related("meeting", "district")
    )
    if district is not None:
        rows = rows.filter(district=district)
    return rows.order_by(F("due_date").asc(nulls_last=True), "created_at", "pk")


def open_commitments_in(access, user: User) -> list[Commitment]:
    """open_commitments() of one district its opener writes in (a lead or member of it, so
    belonging to it), through the relation the access layer found: compiled once
    (config.compiled), for the district home's first views."""
    if not access.can_write:
        return []
    return compiled(
        access.compiled_key("home-commitments"),
        lambda district_id, user_id: (
            Commitment.objects.readable_in(access.stand_in(district_id))
            .filter(
                owner_id=user_id,
                kind=Commitment.Kind.COMMITMENT,
                closed_at=None,
                step__isnull=True,
            )
            .select_related("meeting")
            .order_by(F("due_date").asc(nulls_last=True), "created_at", "pk")
        ),
    ).objects(district_id=access.district.pk, user_id=user.pk)


def meetings_between(district_ids, first, last) -> list[Meeting]:
    """The meetings of the cohorts of these districts (those the caller's person relates to)
    held between two days, soonest first (1 query)."""
    return list(
        Meeting.objects.filter(cohort__districts__in=district_ids)
        .filter(
            Q(first_date__range=(first, last)) | Q(second_date__range=(first, last)),
        )
        .select_related("cohort")
        .distinct()
        .order_by("first_date", "pk")
    )


def evaluations_waiting(user: User, district_ids) -> list[tuple[Meeting, District]]:
    """Meetings whose evaluation is open and that the person has not answered, each with one
    of these districts (their own, as a member) taking part: recorded as attending, or,
    before attendance is taken, in the cohort (the rule of may_evaluate, for many meetings
    in 3 queries)."""
    meetings = list(
        Meeting.objects.filter(evaluation_open=True, cohort__districts__in=district_ids)
        .exclude(receipts__user=user)
        .distinct()
        .order_by("first_date", "pk")
    )
    if not meetings:
        return []
    attending = {}
    for row in Meeting.attending.through.objects.filter(meeting__in=meetings):
        attending.setdefault(row.meeting_id, set()).add(row.district_id)
    mine = {}  # cohort -> {district id: district}, of the person's districts
    for row in CohortDistrict.objects.filter(
        cohort__in={m.cohort_id for m in meetings}, district__in=district_ids
    ).select_related("district"):
        mine.setdefault(row.cohort_id, {})[row.district_id] = row.district
    found = []
    for meeting in meetings:
        in_cohort = mine.get(meeting.cohort_id, {})
        taking_part = [
            d for pk, d in sorted(in_cohort.items()) if pk in attending.get(meeting.pk, in_cohort)
        ]
        if taking_part:
            found.append((meeting, taking_part[0]))
    return found
