"""Who may see and run a cohort's meetings, and the problems of practice each person reads."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from districts.access import NOT_FOUND_MESSAGE
from districts.models import CoachAssignment, Cohort, District, Membership, Role
from meetings.models import Meeting, ProblemOfPractice, Topic


@dataclass
class MeetingAccess:
    facilitates: bool  # facilitators of the cohort and staff plan and edit its meetings
    team_districts: list[District]  # cohort districts where the person may submit (lead, member)

    def require_facilitator(self) -> None:
        if not self.facilitates:
            raise PermissionDenied("Only the cohort's facilitators change its meetings.")


def cohort_access(user: User, cohort: Cohort) -> MeetingAccess | None:
    """The person's standing in a cohort: facilitator (or staff), a member of one of its
    districts, a coach of one; None for anyone else."""
    facilitates = user.is_staff or cohort.facilitators.filter(pk=user.pk).exists()
    in_cohort = cohort.districts.all()
    team = list(
        in_cohort.filter(
            membership__user=user, membership__role__in=[Role.LEAD, Role.MEMBER]
        ).distinct()
    )
    reads = (
        facilitates
        or Membership.objects.filter(user=user, district__in=in_cohort).exists()
        or CoachAssignment.objects.filter(coach=user, district__in=in_cohort).exists()
    )
    return MeetingAccess(facilitates, team) if reads else None


def access_meeting(user: User, code, *, for_write: bool = False) -> tuple[Meeting, MeetingAccess]:
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


def problems_for(meeting: Meeting, user: User, access: MeetingAccess) -> QuerySet:
    """Facilitators read every problem of practice of the meeting; a district's team and
    coaches read their district's; the cohort's districts read those shared with the cohort."""
    problems = ProblemOfPractice.objects.filter(meeting=meeting).select_related(
        "district", "submitted_by"
    )
    if access.facilitates:
        return problems
    own = ProblemOfPractice.objects.visible_to(user).values("pk")
    return problems.filter(Q(pk__in=own) | Q(share_with_cohort=True))


def grouped_by_topic(problems) -> list[tuple[str, list]]:
    """For the facilitator: the problems under each topic they name (a problem may appear
    under several)."""
    groups = {value: [] for value in Topic.values}
    for problem in problems:
        for topic in problem.topics or [Topic.OTHER]:
            groups.setdefault(topic, []).append(problem)
    return [(Topic(value).label, items) for value, items in groups.items() if items]
