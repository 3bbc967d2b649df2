"""The scheduled reminders, with a controlled clock: told once per due date, only to people
still in the district, on the district's clock, in queries that do not grow with the data."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate

from districts.models import Membership
from notifications.models import Delivery, Notice
from planning.models import ActionPlan, ActionStep
from planning.reminders import steps_remind
from rubrics.reminders import rounds_remind
from tests.factories import DistrictFactory, UserFactory

NEW_YORK = ZoneInfo("America/New_York")
MORNING = datetime(2027, 3, 1, 7, 0, tzinfo=NEW_YORK)  # Monday, March 1, 2027


def step(district, coordinator, due, description="Draft the scoring criteria", **extra):
    plan = ActionPlan.objects.filter(district=district).first() or ActionPlan.objects.create(
        district=district, goal="Common scoring criteria"
    )
    return ActionStep.objects.create(
        district=district,
        plan=plan,
        description=description,
        due_date=due,
        coordinator=coordinator,
        **extra,
    )


def test_steps_due_within_a_week_and_overdue_are_told_to_their_coordinators_once(cast):
    step(cast.riverside, cast.member, date(2027, 3, 5), "Due Friday")
    step(cast.riverside, cast.member, date(2027, 3, 1), "Due today")
    step(cast.riverside, cast.lead, date(2027, 2, 20), "Late")
    step(cast.riverside, cast.lead, date(2027, 3, 9), "Next week and a day")
    step(cast.riverside, cast.lead, date(2027, 2, 1), "Done long ago", status="done")
    assert steps_remind(MORNING) == {"due_soon": 2, "overdue": 1}
    titles = dict(Notice.objects.values_list("title", "recipient__email"))
    assert titles == {
        "Due March 5, 2027: Due Friday": cast.member.email,
        "Due today: Due today": cast.member.email,
        "Overdue since February 20, 2027: Late": cast.lead.email,
    }
    assert Delivery.objects.count() == 3  # emailed at once by default, by the minute's sweep
    # the next morning: yesterday's "due today" is overdue, and March 9 is within the week
    assert steps_remind(MORNING + timedelta(days=1)) == {"due_soon": 1, "overdue": 1}
    assert steps_remind(MORNING + timedelta(days=1)) == {"due_soon": 0, "overdue": 0}  # again
    late = ActionStep.objects.get(description="Late")
    late.due_date = date(2027, 3, 3)  # a new date is a new reminder
    late.save()
    assert steps_remind(MORNING + timedelta(days=1))["due_soon"] == 1


def test_a_coordinator_who_left_the_district_is_reminded_of_nothing(cast):
    step(cast.riverside, cast.member, date(2027, 3, 2))
    cast.member_membership.delete()
    assert steps_remind(MORNING) == {"due_soon": 0, "overdue": 0}
    assert not Notice.objects.exists()


def test_overdue_is_on_the_districts_clock(cast):
    cast.riverside.time_zone = "Pacific/Honolulu"
    cast.riverside.save()
    step(cast.riverside, cast.member, date(2027, 3, 1))
    # 1 a.m. in New York on March 2 is still March 1 in Honolulu: due today, not overdue
    assert steps_remind(datetime(2027, 3, 2, 1, 0, tzinfo=NEW_YORK)) == {
        "due_soon": 1,
        "overdue": 0,
    }


def test_the_pass_takes_the_same_queries_for_3_and_30_districts(cast):
    def grow(n):
        for _ in range(n):
            district = DistrictFactory()
            person = UserFactory()
            Membership.objects.create(district=district, user=person, role="member")
            step(district, person, date(2027, 3, 3))
            step(district, person, date(2027, 2, 3))

    counts = []
    for n in (3, 27):
        grow(n)
        Notice.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            steps_remind(MORNING)
        counts.append(len(queries))
    assert Notice.objects.count() == 60 and counts[0] == counts[1], counts


def open_round(cast, framework, due, title="Fall 2027"):
    from tests.rubric_helpers import open_round

    return open_round(cast.riverside, cast.lead, framework, title, due_date=due)


def test_before_a_rounds_due_date_who_has_not_rated_is_told_and_so_are_the_leads(cast, framework):
    from rubrics.models import Dimension
    from rubrics.services import rating_save

    round_ = open_round(cast, framework, date(2027, 3, 3))
    open_round(cast, framework, date(2027, 3, 10), title="Not yet due")
    level = framework.levels.order_by("position").first()
    for dimension in Dimension.objects.filter(domain__framework=framework):
        rating_save(
            round_=round_,
            dimension=dimension,
            level=level,
            evidence="",
            next_steps="",
            expected_version=0,
            acting_user=cast.lead,
        )
    Notice.objects.all().delete()  # the rounds' opening notices
    assert rounds_remind(MORNING) == {"raters": 1, "leads": 1}
    member = Notice.objects.get(recipient=cast.member)
    assert member.title == "Rate Fall 2027 by March 3, 2027: 0 of 15 dimensions rated"
    assert member.url.endswith(f"/self-assessment/{round_.code}/rate/")
    lead = Notice.objects.get(recipient=cast.lead)
    assert lead.title == (
        f"Not finished rating Fall 2027 (due March 3, 2027): {cast.member.full_name}"
    )
    assert not Notice.objects.filter(recipient__in=[cast.viewer, cast.coach]).exists()
    assert rounds_remind(MORNING + timedelta(days=1)) == {"raters": 0, "leads": 0}  # once


def test_the_round_pass_takes_the_same_queries_however_many_rounds(cast, framework):
    counts = []
    for title in ("A", "B", "C", "D", "E", "F"):
        open_round(cast, framework, date(2027, 3, 2), title=title)
        if title in ("A", "F"):
            Notice.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                rounds_remind(MORNING)
            counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_two_weeks_before_a_meeting_its_districts_teams_are_asked_for_problems_of_practice(
    cast,
):
    from meetings.models import Meeting
    from meetings.reminders import meetings_remind

    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 6", first_date=date(2027, 3, 15)
    )
    Meeting.objects.create(cohort=cast.cohort, title="Later", first_date=date(2027, 3, 16))
    team = set(
        Membership.objects.filter(
            district__in=cast.cohort.districts.all(), role__in=["lead", "member"]
        ).values_list("user__email", flat=True)
    )
    assert meetings_remind(MORNING) == len(team)  # March 15 is 14 days after March 1
    people = set(Notice.objects.values_list("recipient__email", flat=True))
    assert people == team and cast.viewer.email not in people
    assert cast.outsider.email not in people and cast.facilitator.email not in people
    notice = Notice.objects.filter(recipient=cast.lead).get()
    assert notice.title == "Meeting 6 is on Monday, March 15: bring a problem of practice"
    assert notice.url.endswith(f"/meetings/{meeting.code}/")
    assert meetings_remind(MORNING + timedelta(days=1)) == len(team)  # "Later", now in range
    assert meetings_remind(MORNING + timedelta(days=1)) == 0  # each told once


def test_attendance_taken_narrows_who_is_told(cast):
    from meetings.models import Meeting
    from meetings.reminders import meetings_remind

    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 6", first_date=date(2027, 3, 10)
    )
    Membership.objects.create(district=cast.hillcrest, user=UserFactory(), role="lead")
    meeting.attending.add(cast.hillcrest)
    assert meetings_remind(MORNING) == 1
    districts = set(Notice.objects.values_list("district__name", flat=True))
    assert districts == {cast.hillcrest.name}


def test_an_evaluation_opened_asks_the_participants(cast, client_for):
    from meetings.models import Meeting
    from meetings.services import evaluation_set_open

    meeting = Meeting.objects.create(  # evaluations open once the meeting has started
        cohort=cast.cohort, title="Meeting 6", first_date=localdate()
    )
    evaluation_set_open(meeting=meeting, is_open=True, acting_user=cast.facilitator)
    people = set(Notice.objects.values_list("recipient__email", flat=True))
    assert cast.viewer.email in people and cast.lead.email in people
    assert cast.outsider.email not in people and cast.facilitator.email not in people
    evaluation_set_open(meeting=meeting, is_open=False, acting_user=cast.facilitator)
    evaluation_set_open(meeting=meeting, is_open=True, acting_user=cast.facilitator)
    assert Notice.objects.filter(recipient=cast.viewer).count() == 1  # asked once


def test_the_meeting_pass_takes_the_same_queries_however_many_meetings_and_districts(cast):
    from districts.models import Cohort
    from meetings.models import Meeting
    from meetings.reminders import meetings_remind

    counts = []
    for n in (1, 6):
        while Meeting.objects.count() < n:
            cohort = Cohort.objects.create(name=f"Cohort {Meeting.objects.count()}")
            for _ in range(3):
                district = DistrictFactory()
                Membership.objects.create(district=district, user=UserFactory(), role="lead")
                cohort.districts.add(district)
            Meeting.objects.create(cohort=cohort, title="M", first_date=date(2027, 3, 8))
        Notice.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            meetings_remind(MORNING)
        counts.append(len(queries))
    assert Notice.objects.count() == 18 and counts[0] == counts[1], counts


def test_each_monday_the_leads_are_told_of_their_districts_overdue_steps_once_a_week(cast):
    from planning.reminders import overdue_summaries

    for n in range(7):
        step(cast.riverside, cast.member, date(2027, 2, 20 + n % 3), f"Late step {n}")
    step(cast.riverside, cast.member, date(2027, 3, 4), "Not late")
    assert overdue_summaries(MORNING) == 1
    notice = Notice.objects.get()
    assert notice.recipient == cast.lead
    assert notice.title == "7 overdue steps in Riverside School District"
    assert notice.body.endswith("; and 2 more") and "Late step 0" in notice.body
    assert overdue_summaries(MORNING + timedelta(days=2)) == 0  # once a week
    assert overdue_summaries(MORNING + timedelta(days=7)) == 1  # and again the next


def test_after_june_the_leads_are_asked_how_undecided_milestones_went_once(cast):
    from planning.models import LongTermPlan, PlanCell
    from planning.reminders import milestones_remind

    plan = LongTermPlan.objects.create(district=cast.riverside, first_year=2026, years=4)
    PlanCell.objects.create(
        district=cast.riverside, plan=plan, year=2026, strand="practice", status="achieved"
    )
    PlanCell.objects.create(
        district=cast.riverside, plan=plan, year=2026, strand="policy", status="on_track"
    )
    june = datetime(2026, 6, 30, 12, 0, tzinfo=NEW_YORK)
    assert milestones_remind(june) == 0  # June is not over yet
    assert milestones_remind(june + timedelta(days=1)) == 1
    notice = Notice.objects.get()
    assert notice.recipient == cast.lead
    assert notice.title == (
        "June 2026 is over: say how 2 milestones of Riverside School District’s plan went"
    )
    assert milestones_remind(june + timedelta(days=30)) == 0  # once
    PlanCell.objects.filter(plan=plan).update(status="achieved")
    PlanCell.objects.create(
        district=cast.riverside, plan=plan, year=2026, strand="public_will", status="at_risk"
    )
    Notice.objects.all().delete()
    assert milestones_remind(june + timedelta(days=2)) == 0  # every one says how it went


def test_each_monday_a_coach_is_told_what_needs_their_attention(cast, framework):
    from dashboards.reminders import coach_digests
    from tests.rubric_helpers import submitted_round

    submitted_round(cast.riverside, cast.lead, framework, title="Fall 2026")
    Notice.objects.all().delete()
    assert coach_digests(MORNING) == 1
    notice = Notice.objects.get()
    assert notice.recipient == cast.coach and notice.title.startswith("Your week: ")
    assert "Riverside School District: “Fall 2026” was submitted" in notice.body
    assert notice.url == "/coach/attention/"
    assert coach_digests(MORNING + timedelta(days=3)) == 0  # once a week
