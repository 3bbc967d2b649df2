"""What a person's calendar feed holds, read as the person now (a membership ended is gone
from the next read): the meetings of the cohorts they see, the due dates of the rounds they
rate, and their own open action steps."""

from django.urls import reverse

from accounts.models import User
from districts.access import TEAM_WRITERS, cohorts_visible_to, related_district_ids
from meetings.models import Meeting
from planning.models import ActionStep
from rubrics.models import AssessmentRound


def feed_calendar(user: User, absolute) -> bytes:
    """The person's feed as iCalendar; `absolute` makes a path a full URL."""
    from meetings.calendar import all_day, calendar, meeting_event  # icalendar, when asked

    cal = calendar("Waypoint")
    meetings = (
        Meeting.objects.filter(cohort__in=cohorts_visible_to(user))
        .select_related("cohort")
        .prefetch_related("agenda")
    )
    for meeting in meetings:
        url = absolute(reverse("meetings:meeting", kwargs={"meeting": meeting.code}))
        cal.add_component(meeting_event(meeting, url))
    rounds = (
        AssessmentRound.objects.visible_to(user)
        .filter(
            district__in=related_district_ids(user, TEAM_WRITERS),
            status=AssessmentRound.Status.DRAFT,
            due_date__isnull=False,
        )
        .select_related("district")
    )
    for round_ in rounds:
        path = reverse(
            "rubrics:round", kwargs={"district": round_.district.code, "round_code": round_.code}
        )
        cal.add_component(
            all_day(
                f"round-{round_.code}@waypoint",
                f"Self-assessment due: {round_.title} ({round_.district.name})",
                round_.due_date,
                url=absolute(path),
            )
        )
    steps = (
        ActionStep.objects.visible_to(user)
        .filter(coordinator=user, due_date__isnull=False)
        .exclude(status=ActionStep.Status.DONE)
        .select_related("district", "plan")
    )
    for step in steps:
        path = reverse(
            "planning:action_plan", kwargs={"district": step.district.code, "plan": step.plan.code}
        )
        cal.add_component(
            all_day(
                f"step-{step.code}@waypoint",
                f"Step due: {step.description[:80]} ({step.district.name})",
                step.due_date,
                url=absolute(path) + f"#step-{step.code}",
                description=f"Action plan: {step.plan.goal}",
            )
        )
    return cal.to_ical()
