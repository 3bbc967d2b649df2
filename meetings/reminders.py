"""Telling a cohort's districts of their meetings: 14 days before a meeting, the teams of its
participating districts, with a prompt to bring a problem of practice (once per meeting and
date); when the facilitators open its evaluation, those who may answer it; a commitment
recorded at a meeting, its owner, and again when it is due within a week (once per due
date) until it becomes an action step or is closed. The daily passes take a number of
queries that does not grow with the meetings, commitments or districts."""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from districts.access import still_belongs
from districts.models import CohortDistrict, Membership, Role
from meetings.models import Commitment, Meeting
from notifications.models import Kind
from notifications.services import Tell, long_date, notify, notify_many

DAYS_AHEAD = 14
TEAM = (Role.LEAD, Role.MEMBER)


def _teams(meetings: list[Meeting], roles) -> dict[int, list[Membership]]:
    """Per meeting, the memberships (of `roles`) of its participating districts: those
    recorded as attending, or, before attendance is taken, every district of its cohort
    (meetings.selectors.participating_districts, for many meetings in three queries)."""
    attending = defaultdict(set)
    for row in Meeting.attending.through.objects.filter(meeting__in=meetings):
        attending[row.meeting_id].add(row.district_id)
    in_cohort = defaultdict(set)
    for row in CohortDistrict.objects.filter(cohort__in={m.cohort_id for m in meetings}):
        in_cohort[row.cohort_id].add(row.district_id)
    districts = {m.pk: attending[m.pk] or in_cohort[m.cohort_id] for m in meetings}
    by_district = defaultdict(list)
    for membership in Membership.objects.filter(
        district__in=set().union(*districts.values()), role__in=roles, user__is_active=True
    ).select_related("user", "district"):
        by_district[membership.district_id].append(membership)
    return {m.pk: [ms for d in sorted(districts[m.pk]) for ms in by_district[d]] for m in meetings}


def _when(day) -> str:
    return f"{day:%A}, {day:%B} {day.day}"


def meetings_remind(now=None) -> int:
    today = timezone.localdate(now or timezone.now())
    meetings = list(
        Meeting.objects.filter(
            first_date__gte=today, first_date__lte=today + timedelta(days=DAYS_AHEAD)
        ).select_related("cohort")
    )
    if not meetings:
        return 0
    teams = _teams(meetings, TEAM)
    tells = [
        Tell(
            recipient=membership.user,
            key=f"meeting-soon:{meeting.code}:{meeting.first_date}",
            title=f"{meeting.title} is on {_when(meeting.first_date)}: bring a problem of practice",
            body=f"{meeting.cohort.name}. Submit your district’s problems of practice on the "
            "meeting’s page before the meeting.",
            url=reverse("meetings:meeting", kwargs={"meeting": meeting.code}),
            district=membership.district,
        )
        for meeting in meetings
        for membership in teams[meeting.pk]
    ]
    return notify_many(Kind.MEETING_SOON, tells)


def tell_evaluation_open(meeting: Meeting) -> int:
    """The evaluation is open: its participants (anyone of a participating district) are
    asked to answer it, once per meeting."""
    tells = [
        Tell(
            recipient=membership.user,
            key=f"evaluation-open:{meeting.code}",
            title=f"Tell the facilitators how {meeting.title} went: its evaluation is open",
            body="A few questions; your answers are anonymous.",
            url=reverse("meetings:evaluation", kwargs={"meeting": meeting.code}),
            district=membership.district,
        )
        for membership in _teams([meeting], Role.values)[meeting.pk]
    ]
    return notify_many(Kind.EVALUATION_OPEN, tells)


COMMITMENT_DAYS_AHEAD = 7


def _commitment_url(commitment: Commitment) -> str:
    return reverse("meetings:meeting", kwargs={"meeting": commitment.meeting.code}) + "#record"


def tell_commitment(commitment: Commitment, acting_user) -> int:
    """A commitment recorded for someone is told to them (not when they recorded it)."""
    owner = commitment.owner
    if commitment.kind != Commitment.Kind.COMMITMENT or owner is None or owner == acting_user:
        return 0
    due = f", due {long_date(commitment.due_date)}" if commitment.due_date else ""
    return notify(
        kind=Kind.COMMITMENT,
        recipients=[owner],
        key=f"commitment:{commitment.code}",
        title=f"Your commitment from {commitment.meeting.title}{due}",
        body=commitment.text,
        url=_commitment_url(commitment),
        district=commitment.district,
    )


def commitments_remind(now=None) -> int:
    """Each morning: open commitments (not an action step, not closed) due within a week or
    overdue, on their district's clock, told to their owners while members of the district;
    once per due date."""
    now = now or timezone.now()
    latest = timezone.localdate(now) + timedelta(days=COMMITMENT_DAYS_AHEAD + 1)  # any zone
    rows = (
        Commitment.objects.filter(
            kind=Commitment.Kind.COMMITMENT,
            closed_at=None,
            step__isnull=True,
            owner__is_active=True,
            due_date__lte=latest,
        )
        .filter(still_belongs("owner"))
        .select_related("owner", "district", "meeting")
    )
    tells = []
    for commitment in rows:
        today = timezone.localdate(now, ZoneInfo(commitment.district.time_zone))
        if commitment.due_date > today + timedelta(days=COMMITMENT_DAYS_AHEAD):
            continue
        late = commitment.due_date < today
        tells.append(
            Tell(
                recipient=commitment.owner,
                key=f"commitment-due:{commitment.code}:{commitment.due_date}",
                title=f"Your commitment {'was' if late else 'is'} due "
                f"{long_date(commitment.due_date)}: {commitment.text[:100]}",
                body=f"From {commitment.meeting.title}. Make it an action step, or close it "
                "once it is done.",
                url=_commitment_url(commitment),
                district=commitment.district,
            )
        )
    return notify_many(Kind.COMMITMENT_DUE, tells)
