"""A cohort's meetings opened through the access layer (districts.access.cohort_access says
who may see and run them), and the problems of practice each person reads."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from districts.access import NOT_FOUND_MESSAGE, CohortAccess, cohort_access
from meetings.models import Commitment, Meeting, MeetingNote, ProblemOfPractice, Topic


def access_meeting(user: User, code, *, for_write: bool = False) -> tuple[Meeting, CohortAccess]:
    """Open a meeting: its cohort's facilitators, and the people and coaches of its districts,
    read it; facilitators (and staff) change it. Anyone else gets the plain 404."""
    meeting = Meeting.objects.select_related("cohort").filter(code=code).first()
    if meeting is None:
        raise Http404(NOT_FOUND_MESSAGE)
    access = cohort_access(user, meeting.cohort)
    if access is None:
        raise Http404(NOT_FOUND_MESSAGE)
    if for_write:
        access.require_facilitator()
    return meeting, access


def next_meeting_of(district) -> Meeting | None:
    """The next meeting (today or later) of any of the district's cohorts."""
    from django.utils import timezone

    return (
        Meeting.objects.filter(cohort__districts=district, first_date__gte=timezone.localdate())
        .select_related("cohort")
        .order_by("first_date")
        .first()
    )


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
    """For the facilitator: the problems under each topic they name (a problem may appear
    under several)."""
    groups = {value: [] for value in Topic.values}
    for problem in problems:
        for topic in problem.topics or [Topic.OTHER]:
            groups.setdefault(topic, []).append(problem)
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
