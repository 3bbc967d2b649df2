"""The write-path matrix (issue 14), in the spirit of the isolation matrix: for every thing a
page keeps in the cache, each way data can change (a save, a delete, a queryset update, a
bulk write, many-to-many links and link-table rows deleted directly, inside a transaction
or out of one as a management command or a task writes) shows on the very next request.

Each case reads the page once (so that its parts are kept), changes the data the way the
case says, and reads the page again. A kept thing found in the code without a row here
fails the suite (test_every_kept_thing_has_rows).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from districts.models import CoachAssignment, Cohort, District, Membership
from meetings.models import Commitment, Meeting
from planning.models import ActionPlan, ActionStep, PlanCell
from rubrics.models import AssessmentRound, Descriptor, Dimension, Rating

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Case:
    kept: str  # the kept thing it checks
    path: str  # how the data changes
    role: str  # who reads the page
    url: Callable  # (cast, world) -> url
    change: Callable  # (cast, world) -> None
    before: str  # text on the page before the change...
    after: str  # ... and after it
    gone: bool = False  # `before` must be gone after the change
    new: bool = False  # `after` must not be there before the change


@pytest.fixture
def world(cast, framework):
    """Riverside with a draft round (for the member to rate), a submitted round shared with
    the coaches, a plan with a cell, an action step due for the member."""
    from planning.services import plan_set_horizon
    from tests.plan_helpers import milestone
    from tests.rubric_helpers import open_round, submitted_round

    draft = open_round(cast.riverside, cast.lead, framework, "Fall draft")
    spring = submitted_round(cast.riverside, cast.lead, framework, title="Spring", default=1)
    District.objects.filter(pk=cast.riverside.pk).update(plan_sharing="cohort")
    plan = plan_set_horizon(
        district=cast.riverside, first_year=2026, years=2, acting_user=cast.lead
    )
    cell = milestone(plan, cast.lead, 2026, "policy", "Board adopts the policy")
    action = ActionPlan.objects.create(district=cast.riverside, goal="Criteria")
    step = ActionStep.objects.create(
        district=cast.riverside,
        plan=action,
        position=1,
        description="Draft the criteria",
        coordinator=cast.member,
        due_date=date.today() + timedelta(days=5),
    )
    dimension = Dimension.objects.filter(domain__framework=framework).order_by("pk").first()
    meeting = Meeting.objects.create(cohort=cast.cohort, title="M", first_date=date(2027, 1, 1))
    commitment = Commitment.objects.create(
        meeting=meeting, district=cast.riverside, text="Pilot the rubric", owner=cast.member
    )
    return {
        "commitment": commitment,
        "draft": draft,
        "spring": spring,
        "plan": plan,
        "cell": cell,
        "step": step,
        "dimension": dimension,
        "framework": framework,
    }


def home(cast, world):
    return cast.riverside.get_absolute_url()


def rate(cast, world):
    return reverse(
        "rubrics:rate", kwargs={"district": cast.riverside.code, "round_code": world["draft"].code}
    )


def overview(cast, world):
    return reverse("planning:overview", kwargs={"district": cast.riverside.code})


def compare(cast, world):
    return reverse("rubrics:compare", kwargs={"district": cast.riverside.code})


def coach(cast, world):
    return reverse("dashboards:coach")


def bulk_round(cast, world):
    AssessmentRound.objects.bulk_create(
        [
            AssessmentRound(
                district=cast.riverside,
                title="Made in bulk",
                framework=world["framework"],
                created_by=cast.lead,
            )
        ]
    )


def hillcrest_round_bulk(cast, world):
    """Hillcrest, with no round, opens one (issue 32: never "no round" while one is open)."""
    AssessmentRound.objects.bulk_create(
        [AssessmentRound(district=cast.hillcrest, title="First", framework=world["framework"])]
    )


def hillcrest_school_rounds(cast, world):
    """Hillcrest, with no round of its own, opens one for its school (issue 34: in bulk); a
    school's round is not the district's, so its heatmap row and the queue stay as they were
    (the row made again, under the moved version)."""
    from rubrics.services import school_rounds_open
    from schools.services import school_create

    school = school_create(district=cast.hillcrest, acting_user=cast.staff, name="Hill High")
    school_rounds_open(
        district=cast.hillcrest,
        title="School spring",
        framework=world["framework"],
        due_date=None,
        schools=[school],
        acting_user=cast.staff,
    )


def rename_round_bulk(cast, world):
    draft = world["draft"]
    draft.title = "Renamed in bulk"
    AssessmentRound.objects.bulk_update([draft], ["title"])


def rate_with_update(cast, world):
    rating = Rating.objects.create(
        district=cast.riverside,
        round=world["draft"],
        rater=cast.member,
        dimension=world["dimension"],
    )
    Rating.objects.filter(pk=rating.pk).update(evidence="Written by a data fix")


def commitment_closed_by_update(cast, world):
    Commitment.objects.filter(pk=world["commitment"].pk).update(closed_at=timezone.now())


def commitment_delete(cast, world):
    Commitment.objects.filter(pk=world["commitment"].pk).delete()


def step_due_later(cast, world):
    ActionStep.objects.filter(pk=world["step"].pk).update(
        due_date=date.today() + timedelta(days=60)
    )


def _step_changed_in_its_row(cast, world, **values) -> None:
    """The member changes the step in the plan's table (planning:step_status, no script)."""
    from django.test import Client

    step = world["step"]
    prefix = f"step-{step.code}"
    data = {"status": step.status, "due_date": step.due_date.isoformat(), "version": 1, **values}
    client = Client()
    client.force_login(cast.member)
    url = reverse(
        "planning:step_status",
        kwargs={"district": cast.riverside.code, "plan": step.plan.code, "step": step.code},
    )
    response = client.post(url, {f"{prefix}-{name}": value for name, value in data.items()})
    assert response.status_code == 302


def step_done_in_its_row(cast, world):
    _step_changed_in_its_row(cast, world, status="done")


def step_due_yesterday_in_its_row(cast, world):
    yesterday = date.today() - timedelta(days=1)
    _step_changed_in_its_row(cast, world, due_date=yesterday.isoformat())


def _measure_in_bulk(cast, world, name):
    from measures.models import Measure

    return Measure.objects.bulk_create(
        [
            Measure(
                district=cast.riverside,
                plan=world["plan"],
                name=name,
                strand="practice",
                baseline_value=20,
                baseline_date=date.today() - timedelta(days=30),
            )
        ]
    )[0]


def measure_bulk(cast, world):
    _measure_in_bulk(cast, world, "Measure made in bulk")


def measure_off_track_by_update(cast, world):
    """A measure and a point made by services, then the point changed by a data fix."""
    from decimal import Decimal

    from measures.models import DataPoint
    from measures.services import measure_create, point_add

    measure = measure_create(
        district=cast.riverside,
        plan=world["plan"],
        targets={2027: Decimal(60)},
        acting_user=cast.lead,
        name="Courses with criteria",
        strand="practice",
        baseline_value=Decimal(20),
        baseline_date=date.today() - timedelta(days=30),
    )
    point = point_add(measure=measure, value=Decimal(50), as_of=date.today(), acting_user=None)
    DataPoint.objects.filter(pk=point.pk).update(value=Decimal(5))


def school_point_rolled_up(cast, world):
    """A measure kept per school and one school's point: the district's series is rolled up
    from it (measures.rollup: a bulk write and a delete, in the point's transaction)."""
    from decimal import Decimal

    from measures.services import measure_create, point_add
    from schools.services import school_create

    school = school_create(district=cast.riverside, acting_user=cast.lead, name="Alder Street")
    measure = measure_create(
        district=cast.riverside,
        plan=world["plan"],
        targets={2027: Decimal(60)},
        acting_user=cast.lead,
        name="Courses with criteria, by school",
        strand="practice",
        baseline_value=Decimal(20),
        baseline_date=date.today() - timedelta(days=30),
        kept="mean",
    )
    point_add(
        measure=measure, value=Decimal(5), as_of=date.today(), acting_user=None, school=school
    )


def schools_bulk(cast, world):
    from schools.models import School

    School.objects.bulk_create(
        [School(district=cast.riverside, name=n) for n in ("Alder Street", "Meadowbrook")]
    )


def school_closed_by_update(cast, world):
    """A school made by its service, then closed by a data fix."""
    from schools.models import School
    from schools.services import school_create

    school = school_create(district=cast.riverside, acting_user=cast.lead, name="Old Mill")
    School.objects.filter(pk=school.pk).update(closed_at=timezone.now())


def _school_in_exploration(cast):
    """Riverside's one school, in exploration on practice (through the services)."""
    from schools.services import school_create, school_stage_record

    school = school_create(district=cast.riverside, acting_user=cast.lead, name="Old Mill")
    return school_stage_record(
        school=school,
        strand="practice",
        stage="exploration",
        as_of=date.today() - timedelta(days=30),
        acting_user=cast.lead,
    )


def school_stage_by_update(cast, world):
    """A school's stage recorded by its service, then moved on by a data fix."""
    from schools.models import SchoolStage

    recorded = _school_in_exploration(cast)
    SchoolStage.objects.filter(pk=recorded.pk).update(stage="initial")


def school_stage_bulk(cast, world):
    """A school's stage recorded by its service, then a later one made in bulk."""
    from schools.models import SchoolStage

    recorded = _school_in_exploration(cast)
    SchoolStage.objects.bulk_create(
        [
            SchoolStage(
                district=cast.riverside,
                school=recorded.school,
                strand="policy",
                stage="full",
                as_of=date.today(),
            )
        ]
    )


def rename_person(cast, world):
    User.objects.filter(pk=cast.member.pk).update(full_name="Milo Updated")


def demote(cast, world):
    Membership.objects.filter(user=cast.member, district=cast.riverside).update(role="viewer")


def demote_bulk(cast, world):
    membership = Membership.objects.get(user=cast.member, district=cast.riverside)
    membership.role = "viewer"
    Membership.objects.bulk_update([membership], ["role"])


def assign_coach_bulk(cast, world):
    CoachAssignment.objects.bulk_create(
        [CoachAssignment(district=cast.riverside, coach=cast.facilitator)]
    )


def assign_coach_in_the_app(cast, world):
    from districts.services import coach_assign

    cole = User.objects.create(email="cole@example.org", full_name="Cole New Coach", is_coach=True)
    coach_assign(district=cast.riverside, coach=cole, acting_user=cast.staff)


def unassign_coach_in_the_app(cast, world):
    from districts.services import coach_unassign

    coach_unassign(district=cast.riverside, coach=cast.coach, acting_user=cast.staff)


def leave_cohort_link_rows(cast, world):
    Cohort.districts.through.objects.filter(district_id=cast.riverside.pk).delete()


def leave_cohort_m2m(cast, world):
    cast.cohort.districts.remove(cast.riverside)


def rename_cohort(cast, world):
    Cohort.objects.filter(pk=cast.cohort.pk).update(name="Renamed Cohort")


def join_hillcrest(cast, world):
    Membership.objects.create(district=cast.hillcrest, user=cast.lead, role="viewer")


def join_hillcrest_bulk(cast, world):
    Membership.objects.bulk_create(
        [Membership(district=cast.hillcrest, user=cast.lead, role="viewer")]
    )


def facilitate_m2m(cast, world):
    cast.cohort.facilitators.add(cast.lead)


def facilitate_reverse_m2m(cast, world):
    cast.lead.facilitated_cohorts.add(cast.cohort)


def membership_moved_save(cast, world):
    membership = Membership.objects.get(user=cast.member, district=cast.riverside)
    membership.district = cast.outer
    membership.save()


def coach_outer_bulk(cast, world):
    CoachAssignment.objects.bulk_create([CoachAssignment(district=cast.outer, coach=cast.coach)])


def rename_lead_save(cast, world):
    lead = User.objects.get(pk=cast.lead.pk)
    lead.full_name = "Lena Renamed"
    lead.save()


def notice_for_lead(cast, world):
    from django.test import TestCase

    from notifications.services import notify

    # as a committed request does: the unread count is forgotten after the commit
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="comment",
            recipients=[cast.lead],
            key="write-paths:notice",
            title="A comment",
            url="/",
            district=cast.riverside,
        )


def rename_district(cast, world):
    District.objects.filter(pk=cast.riverside.pk).update(name="Riverside Unified")


def hillcrest(cast, world):
    return cast.hillcrest.get_absolute_url()


def trash_riverside(cast, world):
    from trash.services import district_trash

    district_trash(district=cast.riverside, acting_user=cast.staff)


def move_district_to_vermont(cast, world):
    District.objects.filter(pk=cast.hillcrest.pk).update(state="VT")


def district_list(cast, world):
    return reverse("home")


def rename_district_save(cast, world):
    district = District.objects.get(pk=cast.riverside.pk)
    district.name = "Riverside Saved"
    district.save()


def cell_update(cast, world):
    PlanCell.objects.filter(pk=world["cell"].pk).update(target="Board adopts it in May")


def cell_bulk_update(cast, world):
    cell = PlanCell.objects.get(pk=world["cell"].pk)
    cell.target = "Board adopts it in bulk"
    PlanCell.objects.bulk_update([cell], ["target"])


def descriptor_update(cast, world):
    Descriptor.objects.filter(dimension=world["dimension"]).update(text="Descriptor by update")


def dimension_rename(cast, world):
    Dimension.objects.filter(pk=world["dimension"].pk).update(name="Dimension renamed by update")


def round_reviewed(cast, world):
    AssessmentRound.objects.filter(pk=world["spring"].pk).update(
        reviewed_at=world["spring"].submitted_at
    )


def round_delete(cast, world):
    AssessmentRound.objects.filter(pk=world["draft"].pk).delete()


def round_title_save(cast, world):
    draft = AssessmentRound.objects.get(pk=world["draft"].pk)
    draft.title = "Renamed by save"
    draft.save()


def spring_title(cast, world):
    AssessmentRound.objects.filter(pk=world["spring"].pk).update(title="Spring renamed")


def unassign_coach(cast, world):
    CoachAssignment.objects.filter(coach=cast.coach, district=cast.riverside).delete()


def history(cast, world):
    return reverse("history:changes", kwargs={"district": cast.riverside.code})


def step_done_by_its_service(cast, world):
    from planning.services import action_step_update

    action_step_update(step=world["step"], expected_version=1, acting_user=cast.lead, status="done")


def own_rating_by_its_service(cast, world):
    from tests.rubric_helpers import rate

    rate(world["draft"], cast.member, world["dimension"], 2, evidence="Seen in two courses")


def policy_by_its_service(cast, world):
    from planning.services import policy_add

    policy_add(district=cast.riverside, acting_user=cast.lead, area="Homework and grading")


CASES = [
    # the history page keeps nothing: each write of its kinds (history.kinds), made by its
    # service, shows there on the next request, to whoever reads the item
    Case("history", "save", "lead", history, step_done_by_its_service, "Board adopts", "→ Done"),
    Case(
        "history",
        "save",
        "viewer",
        history,
        own_rating_by_its_service,
        "Board adopts",
        "Seen in two courses",
        new=True,
    ),
    Case(
        "history",
        "save",
        "facilitator",  # the plan is shared with the cohort here
        history,
        policy_by_its_service,
        "Board adopts",
        "Homework and grading",
        new=True,
    ),
    # the district home's own part: next steps, reports
    Case(
        "district-home",
        "save",
        "member",
        home,
        round_title_save,
        "Fall draft",
        "Renamed by save",
        True,
    ),
    Case("district-home", "update", "member", home, step_due_later, "Draft the criteria", "", True),
    Case("district-home", "bulk_create", "member", home, bulk_round, "Fall draft", "Made in bulk"),
    Case(
        "district-home",
        "bulk_update",
        "member",
        home,
        rename_round_bulk,
        "Fall draft",
        "Renamed in bulk",
        True,
    ),
    Case("district-home", "delete", "member", home, round_delete, "Rate “Fall draft”", "", True),
    Case(
        "district-home",
        "update",
        "member",
        home,
        commitment_closed_by_update,
        "Pilot the rubric",
        "",
        True,
    ),
    Case(
        "district-home", "delete", "member", home, commitment_delete, "Pilot the rubric", "", True
    ),
    # the district home's people section
    Case(
        "district-people",
        "update",
        "lead",
        home,
        rename_person,
        "Milo Member",
        "Milo Updated",
        True,
    ),
    Case("district-people", "update", "lead", home, demote, "<td>Member</td>", "", True),
    Case("district-people", "bulk_update", "lead", home, demote_bulk, "<td>Member</td>", "", True),
    Case(
        "district-people",
        "bulk_create",
        "lead",
        home,
        assign_coach_bulk,
        "Cora Coach",
        "Fay Facilitator",
    ),
    Case(
        "district-people",
        "save",
        "lead",
        home,
        assign_coach_in_the_app,
        "Cora Coach",
        "Cole New Coach",
        new=True,
    ),
    Case(
        "district-people",
        "delete",
        "lead",
        home,
        unassign_coach_in_the_app,
        "Cora Coach",
        "No coach is assigned to this district.",
        True,
    ),
    Case(
        "district-people",
        "link_delete",
        "lead",
        home,
        leave_cohort_link_rows,
        "Moving to Implementation",
        "",
        True,
    ),
    Case(
        "district-people",
        "m2m",
        "lead",
        home,
        leave_cohort_m2m,
        "Moving to Implementation",
        "",
        True,
    ),
    Case(
        "district-people",
        "update",
        "lead",
        home,
        rename_cohort,
        "Moving to Implementation",
        "Renamed Cohort",
        True,
    ),
    # the header itself: the person's name, their unread count
    Case("header", "save", "lead", home, rename_lead_save, "Lena Lead", "Lena Renamed", True),
    Case(
        "header",
        "notify",
        "lead",
        home,
        notice_for_lead,
        'href="/notifications/">Notifications</a>',
        "1<span class",
        True,
    ),
    # the header's navigation (switcher): the person's own relations (their relations
    # version), and the districts' names (the version of people and districts)
    Case(
        "navigation",
        "save",
        "lead",
        home,
        join_hillcrest,
        "Riverside School District",
        "Hillcrest Regional School Unit",
        new=True,
    ),
    Case(
        "navigation",
        "bulk_create",
        "lead",
        home,
        join_hillcrest_bulk,
        "Riverside School District",
        "Hillcrest Regional School Unit",
        new=True,
    ),
    Case(
        "navigation",
        "m2m",
        "lead",
        home,
        facilitate_m2m,
        "Riverside School District",
        "Hillcrest Regional School Unit",
        new=True,
    ),
    Case(
        "navigation",
        "m2m reverse",
        "lead",
        home,
        facilitate_reverse_m2m,
        "Riverside School District",
        "Hillcrest Regional School Unit",
        new=True,
    ),
    Case("district-people", "save", "lead", home, membership_moved_save, "Milo Member", "", True),
    Case(
        "coached",
        "bulk_create",
        "coach",
        coach,
        coach_outer_bulk,
        "Riverside School District",
        "Outer School District",
        new=True,
    ),
    Case(
        "navigation",
        "update",
        "lead",
        home,
        rename_district,
        "Riverside School District",
        "Riverside Unified",
        True,
    ),
    Case(
        "navigation",
        "save",
        "lead",
        home,
        rename_district_save,
        "Riverside School District",
        "Riverside Saved",
        True,
    ),
    # the rating sheet, and the frameworks' text each process keeps
    Case("rate", "update", "member", rate, rate_with_update, "Fall draft", "Written by a data fix"),
    Case(
        "framework-text",
        "update",
        "member",
        rate,
        descriptor_update,
        "Fall draft",
        "Descriptor by update",
    ),
    # the plan overview
    Case(
        "plan-overview",
        "update",
        "coach",
        overview,
        cell_update,
        "Board adopts the policy",
        "Board adopts it in May",
        True,
    ),
    Case(
        "plan-overview",
        "bulk_update",
        "coach",
        overview,
        cell_bulk_update,
        "Board adopts the policy",
        "Board adopts it in bulk",
        True,
    ),
    Case(
        "plan-overview",
        "bulk_create",
        "coach",
        overview,
        measure_bulk,
        "No measure yet",
        "Measure made in bulk",
        True,
    ),
    # a step's status and due date changed in the plan's table
    Case(
        "plan-overview",
        "row form",
        "coach",
        overview,
        step_done_in_its_row,
        "<td>0 of 1</td>",
        "<td>1 of 1</td>",
        True,
    ),
    Case(
        "plan-overview",
        "row form",
        "coach",
        overview,
        step_due_yesterday_in_its_row,
        "<td>none</td>",
        "1 overdue",
        True,
    ),
    Case(
        "district-home",
        "row form",
        "member",
        home,
        step_done_in_its_row,
        "Draft the criteria",
        "",
        True,
    ),
    # the district home's measures line follows saves and a data fix alike
    Case(
        "district-home",
        "update",
        "member",
        home,
        measure_off_track_by_update,
        "No measure of success yet",
        "1 off track",
        True,
    ),
    # ... and a measure kept per school, its district's series rolled up from a school's point
    Case(
        "district-home",
        "bulk_create",
        "member",
        home,
        school_point_rolled_up,
        "No measure of success yet",
        "1 off track",
        True,
    ),
    # the district home's schools line follows bulk writes and a data fix
    Case(
        "district-home", "bulk_create", "coach", home, schools_bulk, "none listed", "2 open", True
    ),
    Case(
        "district-home",
        "update",
        "lead",
        home,
        school_closed_by_update,
        "none listed",
        "0 open, 1 closed",
        True,
    ),
    # and its line of schools implementing, a stage moved on by a data fix or made in bulk
    Case(
        "district-home",
        "update",
        "lead",
        home,
        school_stage_by_update,
        "none listed",
        "1 of 1 school implementing",
        True,
    ),
    Case(
        "district-home",
        "bulk_create",
        "coach",
        home,
        school_stage_bulk,
        "none listed",
        "1 of 1 school implementing",
        True,
    ),
    # the comparison
    Case("compare", "update", "lead", compare, spring_title, "Spring", "Spring renamed"),
    # the coach dashboard: its header, each district's row, the count of what needs attention,
    # the coach's districts and cohorts
    Case(
        "coach-head",
        "update",
        "coach",
        coach,
        dimension_rename,
        "<thead",
        "Dimension renamed by update",
    ),
    Case("heat-row", "update", "coach", coach, round_reviewed, "awaiting review", "reviewed", True),
    # the row's schools implementing
    Case(
        "heat-row",
        "update",
        "coach",
        coach,
        school_stage_by_update,
        "<tr",
        "<td>1 of 1</td>",
        new=True,
    ),
    Case(
        "heat-row",
        "bulk_create",
        "coach",
        coach,
        school_stage_bulk,
        "<tr",
        "<td>1 of 1</td>",
        new=True,
    ),
    Case(
        "heat-row", "bulk_create", "coach", coach, measure_bulk, "<tr", "<td>0 of 1</td>", new=True
    ),
    Case(
        "heat-row",
        "bulk_create",
        "coach",
        coach,
        hillcrest_round_bulk,
        "<td>no round</td>",
        "<td>round in progress</td>",
        True,
    ),
    Case(
        "attention",
        "bulk_create",
        "coach",
        coach,
        hillcrest_round_bulk,
        "Needs attention (2)",
        "Needs attention (1)",
        True,
    ),
    Case(
        "heat-row",
        "bulk_create",
        "coach",
        coach,
        hillcrest_school_rounds,
        "<td>no round</td>",
        "<td>no round</td>",
    ),
    Case(
        "attention",
        "bulk_create",
        "coach",
        coach,
        hillcrest_school_rounds,
        "Needs attention (2)",
        "Needs attention (2)",
    ),
    Case(
        "heat-row",
        "update",
        "coach",
        coach,
        rename_district,
        "Riverside School District",
        "Riverside Unified",
        True,
    ),
    Case(
        "attention",
        "update",
        "coach",
        coach,
        round_reviewed,
        "Needs attention (2)",
        "Needs attention (1)",
        True,
    ),
    Case(
        "coached", "delete", "coach", coach, unassign_coach, "Riverside School District", "", True
    ),
    # a district moved to the trash (trash.services): gone from every header and list
    Case(
        "navigation",
        "trash",
        "coach",
        hillcrest,
        trash_riverside,
        "Riverside School District",
        "Hillcrest Regional School Unit",
        True,
    ),
    Case(
        "coached",
        "trash",
        "coach",
        coach,
        trash_riverside,
        "Riverside School District",
        "Hillcrest Regional School Unit",
        True,
    ),
    Case(
        "coached-options",
        "update",
        "coach",
        coach,
        rename_cohort,
        "Moving to Implementation",
        "Renamed Cohort",
        True,
    ),
    Case(
        "coached-options",
        "update",
        "staff",
        coach,
        move_district_to_vermont,
        "Riverside School District",
        '<option value="VT"',
        new=True,
    ),
    Case(
        "district-states",
        "update",
        "staff",
        district_list,
        move_district_to_vermont,
        "Riverside School District",
        '<option value="VT"',
        new=True,
    ),
]


def case_id(case: Case) -> str:
    return f"{case.kept}-{case.path}-{case.change.__name__}"


def check(case: Case, cast, client_for, world) -> None:
    client = client_for(case.role)
    url = case.url(cast, world)
    first = client.get(url)
    assert first.status_code == 200
    assert case.before in first.content.decode(), f"{case_id(case)}: not there before"
    if case.new:
        assert case.after not in first.content.decode(), f"{case_id(case)}: there before"
    client.get(url)  # now surely kept
    case.change(cast, world)
    page = client.get(url).content.decode()
    if case.after:
        assert case.after in page, f"{case_id(case)}: the change does not show"
    if case.gone:
        assert case.before not in page, f"{case_id(case)}: the old text still shows"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_change_shows_on_the_very_next_request(case, cast, client_for, world):
    check(case, cast, client_for, world)


OUTSIDE = [c for c in CASES if c.path in ("update", "link_delete", "bulk_update")][:6]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", OUTSIDE, ids=case_id)
def test_outside_a_transaction_too(case, cast, client_for, world):
    """As a management command or a Celery task writes: each statement commits on its own,
    and the version moves after the write, never before it."""
    check(case, cast, client_for, world)


# ---------------------------------------------------------------- access is never a copy


def save_rating(client, cast, world):
    from tests.rubric_helpers import save

    return save(client, world["draft"], world["dimension"], version=0, evidence="x")


@pytest.mark.parametrize("demotion", [demote, demote_bulk], ids=lambda f: f.__name__)
def test_a_member_demoted_by_a_data_fix_cannot_save_at_once(demotion, cast, client_for, world):
    from api.models import ApiToken

    client = client_for("member")
    client.get(rate(cast, world))
    token = ApiToken.issue(user=cast.member, name="fix")[1]
    api = (
        f"/api/v1/districts/{cast.riverside.code}/rounds/{world['draft'].code}/my-ratings/"
        f"{world['dimension'].code}/"
    )
    demotion(cast, world)
    assert save_rating(client, cast, world).status_code == 403
    response = client.put(
        api,
        {"level": None, "evidence": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IF_MATCH='"0"',
    )
    assert response.status_code == 403


def test_a_staff_flag_removed_by_update_applies_at_once(cast, client_for, world):
    client = client_for("staff")
    assert client.get(home(cast, world)).status_code == 200
    User.objects.filter(pk=cast.staff.pk).update(is_staff=False)
    assert client.get(home(cast, world)).status_code == 404


def test_plan_sharing_withdrawn_by_update_applies_at_once(cast, client_for, world):
    client = client_for("facilitator")
    assert client.get(overview(cast, world)).status_code == 200
    District.objects.filter(pk=cast.riverside.pk).update(plan_sharing="coaches")
    assert client.get(overview(cast, world)).status_code == 403


def test_a_coach_unassigned_by_a_link_row_delete_loses_the_district(cast, client_for, world):
    client = client_for("coach")
    assert client.get(home(cast, world)).status_code == 200
    CoachAssignment.objects.filter(coach=cast.coach).delete()
    assert client.get(home(cast, world)).status_code == 404
    assert "Riverside" not in client.get(reverse("home")).content.decode()


def test_a_facilitator_whose_cohort_drops_the_district_loses_it(cast, client_for, world):
    client = client_for("facilitator")
    assert client.get(home(cast, world)).status_code == 200
    Cohort.districts.through.objects.filter(district_id=cast.riverside.pk).delete()
    assert client.get(home(cast, world)).status_code == 404


# ---------------------------------------------------------------- reads do not write


def test_opening_a_round_moves_no_version(cast, client_for, world):
    from config.generations import Generation

    before = District.objects.get(pk=cast.riverside.pk).work_version
    people = Generation("district-people").current()
    client_for("coach").get(
        reverse(
            "rubrics:round",
            kwargs={"district": cast.riverside.code, "round_code": world["spring"].code},
        )
    )
    assert District.objects.get(pk=cast.riverside.pk).work_version == before
    assert Generation("district-people").current() == people


# ---------------------------------------------------------------- every kept thing has rows


def kept_names_in_code() -> set[str]:
    """The names of everything the code keeps: {% kept "name" %} in templates, and the
    prefix of each key passed to kept() or read with get_many() in the apps."""
    names = set()
    for template in (ROOT / "templates").rglob("*.html"):
        names |= set(re.findall(r'{%\s*kept\s+"([\w-]+)"', template.read_text()))
    for source in ROOT.glob("*/*.py"):
        if source.parts[-2] in ("tests", "config") or ".venv" in source.parts:
            continue
        text = source.read_text()
        if "kept(" not in text and "get_many(" not in text:
            continue
        names |= set(re.findall(r'key = \(?\s*f"([a-z][a-z-]*):', text))
        names |= set(re.findall(r'keys = \{[^}]*f"([a-z][a-z-]*):', text))
    names.discard("access")
    return names | {"framework-text"}


def test_every_kept_thing_has_rows():
    in_code = kept_names_in_code()
    covered = {case.kept for case in CASES}
    assert in_code >= {"district-home", "rate", "heat-row", "navigation", "attention"}
    assert in_code <= covered, f"kept without rows in the write-path matrix: {in_code - covered}"


# ---------------------------------------------------------------- bounded


def kept_keys() -> set:
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    backend = caches["default"]
    if isinstance(backend, LocMemCache):  # the embedded cache: this process's memory
        return set(backend._cache)
    return set(backend._cache.get_client().keys("*"))  # this test worker's Redis database


@pytest.mark.parametrize(
    ("role", "url", "params"),
    [
        ("coach", coach, lambda n: {"sort": f"made-up-{n}", "cohort": f"nope{n}", "dir": "desc"}),
        ("coach", coach, lambda n: {"sort": f"dim-{100 + n}"}),
        ("lead", compare, lambda n: {"earlier": str(__import__("uuid").uuid4()), "later": n}),
    ],
    ids=["coach sort and cohort", "coach dimension column", "comparison rounds"],
)
def test_made_up_parameters_keep_nothing_new(role, url, params, cast, client_for, world):
    client = client_for(role)
    address = url(cast, world)
    assert client.get(address, params(0)).status_code == 200
    client.get(address)  # the defaults, kept
    before = kept_keys()
    for n in range(1, 20):
        assert client.get(address, params(n)).status_code == 200
    assert kept_keys() == before
