"""My week: what one person has to do, across every district they relate to (as a member,
a coach or a facilitator, by districts.access.own_relations), in one list, newest first,
each item a link. The same list opens their daily email (notifications.digest).

Each part reads every district at once: the page's queries do not grow with the person's
districts or items (tests/test_queries.py)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from districts.access import own_relations
from districts.models import District
from measures.selectors import data_due_of
from meetings.selectors import evaluations_waiting, meetings_between, open_commitments
from notifications.digest import Line
from planning.models import ActionStep
from rubrics.models import AssessmentRound, Rating
from rubrics.selectors import ANSWER_WINDOW_DAYS, dimension_counts, threads_waiting
from rubrics.services import round_url

DAYS_AHEAD = 7  # steps due and meetings held within the coming week (and what is overdue)


class Todo(StrEnum):
    """What the person is asked to do, in the order the daily email groups them."""

    RATE = "Rate a self-assessment"
    REVIEW = "Review a submitted round"
    ANSWER = "Answer a comment"
    STEP = "Action steps due"
    COMMITMENT = "Meeting commitments"
    DATA = "Data due for a measure"
    EVALUATION = "Answer a meeting’s evaluation"
    MEETING = "Meetings this week"


@dataclass(frozen=True)
class WeekItem:
    day: date  # when it is due, or happens, or was asked for
    todo: Todo
    title: str
    url: str
    district: District | None
    note: str = ""
    overdue: bool = False
    cohort: str = ""  # a meeting's: it is its cohort's, not one district's

    @property
    def where(self) -> str:
        """The district it is of, or the meeting's cohort (the daily email groups by it)."""
        return self.district.name if self.district else self.cohort


def _day(moment: datetime | date) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def week_items(user: User, today: date | None = None) -> list[WeekItem]:
    """The person's week, newest first: rounds to rate (theirs as a lead or member) or to
    review (as their coach), comments waiting for their answer, their action steps and
    meeting commitments due, the data due for measures they own, meetings of their cohorts
    in the coming week and the evaluations they have not answered. Only districts they have
    a relation of their own to (staff's reading of every district is not one), each part as
    that relation reads it."""
    today = today or timezone.localdate()
    relations = own_relations(user)
    if not relations:
        return []
    team = {pk for pk, a in relations.items() if a.is_team}
    writers = {pk for pk, a in relations.items() if a.can_write}
    coached = {pk for pk, a in relations.items() if a.can_comment}  # they coach: they review
    items = [
        *_to_rate(user, writers),
        *_to_review(user, coached),
        *_to_answer(user, writers, coached, today),  # a viewer does not reply
        *_steps(user, team, today),
        *_commitments(user, team, today),
        *_data(user, team, today),
        *_evaluations(user, team),
        *_meetings(set(relations), today),
    ]
    return sorted(items, key=lambda item: (item.day, -list(Todo).index(item.todo)), reverse=True)


def week_lines(user: User) -> list[Line]:
    """The week as the daily email opens with it (notifications.digest)."""
    return [
        Line(
            where=item.where,
            todo=item.todo.value,
            day=item.day,
            title=f"{item.title}" + (f" ({item.note})" if item.note else ""),
            url=item.url,
            overdue=item.overdue,
        )
        for item in week_items(user)
    ]


def _to_rate(user: User, writers: set[int]) -> list[WeekItem]:
    if not writers:
        return []
    rounds = list(
        AssessmentRound.objects.visible_to(user)
        .filter(district__in=writers, status=AssessmentRound.Status.DRAFT)
        .select_related("district")
    )
    if not rounds:
        return []
    totals = dimension_counts()
    rated = dict(
        Rating.objects.filter(round__in=rounds, rater=user, level__isnull=False)
        .values_list("round")
        .annotate(n=Count("pk"))
    )
    items = []
    for r in rounds:
        total, mine = totals.get(r.framework_id, 0), rated.get(r.pk, 0)
        if mine < total:
            items.append(
                WeekItem(
                    day=r.due_date or _day(r.created_at),
                    todo=Todo.RATE,
                    title=f"Rate “{r.title}”",
                    url=round_url(r, "rate"),
                    district=r.district,
                    note=f"{mine} of {total} rated"
                    + (f", due {r.due_date:%b} {r.due_date.day}" if r.due_date else ""),
                    overdue=bool(r.due_date and r.due_date < timezone.localdate()),
                )
            )
    return items


def _to_review(user: User, coached: set[int]) -> list[WeekItem]:
    """The latest submitted round of each district they coach, while it waits for review (an
    older one is settled by a later one)."""
    if not coached:
        return []
    latest: dict[int, AssessmentRound] = {}
    for r in (
        AssessmentRound.objects.visible_to(user)
        .filter(district__in=coached, status=AssessmentRound.Status.SUBMITTED)
        .select_related("district")
        .order_by("submitted_at", "pk")
    ):
        latest[r.district_id] = r
    return [
        WeekItem(
            day=_day(r.submitted_at or r.created_at),
            todo=Todo.REVIEW,
            title=f"Review “{r.title}”",
            url=round_url(r),
            district=r.district,
            note="submitted",
        )
        for r in latest.values()
        if r.reviewed_at is None
    ]


def _to_answer(user: User, writers: set[int], coached: set[int], today: date) -> list[WeekItem]:
    if not (writers or coached):
        return []
    since = timezone.now() - timedelta(days=ANSWER_WINDOW_DAYS)
    return [
        WeekItem(
            day=_day(thread.last_at),
            todo=Todo.ANSWER,
            # what was said stays on its page (nor is it emailed, as its notices are not)
            title=f"Comments on “{thread.round.title}”"
            + (f": {thread.dimension.name[:60]}" if thread.dimension else ""),
            url=round_url(thread.round) + "#comments",
            district=thread.round.district,
            note=f"a thread {'of yours ' if thread.author_id == user.pk else ''}"
            f"waiting for your answer since {thread.last_at:%b} {thread.last_at.day}",
        )
        for thread in threads_waiting(user, team=writers, coached=coached, since=since)
    ]


def _steps(user: User, team: set[int], today: date) -> list[WeekItem]:
    if not team:
        return []
    steps = (
        ActionStep.objects.visible_to(user)
        .filter(district__in=team, coordinator=user, due_date__lte=today + timedelta(DAYS_AHEAD))
        .exclude(status=ActionStep.Status.DONE)
        .select_related("plan", "district")
    )
    return [
        WeekItem(
            day=step.due_date,
            todo=Todo.STEP,
            title=step.description[:120],
            url=reverse(
                "planning:action_plan",
                kwargs={"district": step.district.code, "plan": step.plan.code},
            )
            + f"#step-{step.code}",
            district=step.district,
            note=f"{step.plan.goal[:80]}",
            overdue=step.due_date < today,
        )
        for step in steps
    ]


def _commitments(user: User, team: set[int], today: date) -> list[WeekItem]:
    if not team:
        return []
    return [
        WeekItem(
            day=c.due_date or _day(c.created_at),
            todo=Todo.COMMITMENT,
            title=c.text[:120],
            url=reverse("meetings:meeting", kwargs={"meeting": c.meeting.code}) + "#record",
            district=c.district,
            note=f"from {c.meeting.title}" + ("" if c.due_date else ", no due date"),
            overdue=bool(c.due_date and c.due_date < today),
        )
        for c in open_commitments(user).filter(district__in=team)
    ]


def _data(user: User, team: set[int], today: date) -> list[WeekItem]:
    if not team:
        return []
    return [
        WeekItem(
            day=due,
            todo=Todo.DATA,
            title=f"Add data to “{measure.name[:100]}”",
            url=reverse(
                "measures:detail",
                kwargs={"district": measure.district.code, "measure": measure.code},
            )
            + "#add-point",
            district=measure.district,
            note=f"{measure.get_cadence_display().lower()} data",
            overdue=due < today,
        )
        for measure, due in data_due_of(user, team)
    ]


def _evaluations(user: User, team: set[int]) -> list[WeekItem]:
    if not team:
        return []
    return [
        WeekItem(
            day=meeting.second_date or meeting.first_date,
            todo=Todo.EVALUATION,
            title=f"How did {meeting.title} go?",
            url=reverse("meetings:evaluation", kwargs={"meeting": meeting.code}),
            district=district,
            note="a few questions, answered anonymously",
        )
        for meeting, district in evaluations_waiting(user, team)
    ]


def _meetings(districts: set[int], today: date) -> list[WeekItem]:
    return [
        WeekItem(
            day=meeting.first_date,
            todo=Todo.MEETING,
            title=meeting.title,
            url=reverse("meetings:meeting", kwargs={"meeting": meeting.code}),
            district=None,
            cohort=meeting.cohort.name,
            note=meeting.location,
        )
        for meeting in meetings_between(districts, today, today + timedelta(DAYS_AHEAD))
    ]
