"""A week's worth of things to do for the cast, for the week page's tests (tests/test_week.py,
tests/test_queries.py) and its browser test."""

from datetime import timedelta

from django.utils import timezone

from meetings.models import Commitment, EvaluationReceipt, Meeting
from planning.models import ActionPlan, ActionStep
from rubrics.services import comment_add, round_open
from tests.measure_helpers import make_measure
from tests.rubric_helpers import submitted_round


def fill_week(cast, framework, *, n: int = 1, prefix: str = "") -> dict:
    """n of each thing to do in Riverside for Milo the member (a round to rate, a step due,
    a meeting commitment, a measure's data due), Cora's (a submitted round to review, a
    thread the team answered), Riverside's (a comment of Cora's not answered), the cohort's
    (a meeting this week, an evaluation open); and in Outer, Otto's own (never Milo's)."""
    today = timezone.localdate()
    made = {}
    for i in range(n):
        tag = f"{prefix}{i}"
        made["draft"] = round_open(
            district=cast.riverside,
            title=f"Fall {tag}",
            framework=framework,
            due_date=today + timedelta(days=4),
            sharing="coaches",
            acting_user=cast.lead,
        )
        plan = ActionPlan.objects.create(district=cast.riverside, goal=f"Criteria {tag}")
        ActionStep.objects.create(
            district=cast.riverside,
            plan=plan,
            position=1,
            description=f"Draft the criteria {tag}",
            coordinator=cast.member,
            due_date=today + timedelta(days=3),
        )
        ActionStep.objects.create(
            district=cast.outer,
            plan=ActionPlan.objects.create(district=cast.outer, goal=f"Outer {tag}"),
            position=1,
            description=f"Outer's step {tag}",
            coordinator=cast.outsider,
            due_date=today + timedelta(days=3),
        )
        meeting = Meeting.objects.create(
            cohort=cast.cohort, title=f"Meeting {tag}", first_date=today + timedelta(days=2)
        )
        evaluated = Meeting.objects.create(
            cohort=cast.cohort,
            title=f"Past meeting {tag}",
            first_date=today - timedelta(days=3),
            evaluation_open=True,
        )
        EvaluationReceipt.objects.create(meeting=evaluated, user=cast.lead)  # the lead answered
        Commitment.objects.create(
            meeting=meeting,
            district=cast.riverside,
            text=f"Pilot the rubric {tag}",
            owner=cast.member,
            due_date=today + timedelta(days=6),
        )
        make_measure(
            cast.riverside, cast.lead, name=f"Courses with criteria {tag}", owner=cast.member
        )
        make_measure(cast.outer, cast.outsider, name=f"Outer's measure {tag}", owner=cast.outsider)
        spring = submitted_round(
            cast.riverside, cast.lead, framework, title=f"Spring {tag}", default=1
        )
        comment_add(round_=spring, body=f"Which standards? {tag}", acting_user=cast.coach)
        answered = comment_add(round_=spring, body=f"Say more {tag}", acting_user=cast.coach)
        comment_add(
            round_=spring,
            body=f"The team's answer {tag}",
            acting_user=cast.member,
            reply_to=answered,
        )
        made["spring"] = spring
    return made
