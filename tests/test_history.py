"""One history of changes (history.Change): every kind is kept by the service that writes it,
read as its item is read, on the district's History page, its items' own history and the API."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from districts.access import access_district
from history.kinds import KINDS
from history.models import Change
from history.selectors import changes_readable
from measures.services import measure_update
from planning.models import ActionPlan
from planning.services import action_step_update, plan_sharing_set, policy_add, policy_update
from rubrics.services import consensus_save, round_share, round_submit
from schools.services import school_create, school_stage_record, school_update
from tests.measure_helpers import add_point, correct_point, make_measure, plan_for
from tests.plan_helpers import add_step, milestone
from tests.rubric_helpers import agree_all, dimensions_of, level, rate


def _kinds(user, district) -> list[str]:
    return sorted(
        {c.kind for c in changes_readable(access_district(user, district.code, audience="cohort"))}
    )


def _page(client, district, **query):
    return client.get(reverse("history:changes", kwargs={"district": district.code}), query)


def _plan_of(cast):
    plan = plan_for(cast.riverside, cast.lead)
    return plan, ActionPlan.objects.create(district=cast.riverside, goal="Common scoring")


def test_every_kind_of_item_is_registered():
    assert set(KINDS) == {
        "rating",
        "team-rating",
        "milestone",
        "step",
        "policy",
        "measure",
        "point",
        "school",
        "school-stage",
    }


def test_each_write_keeps_who_changed_what_and_when(cast, draft_round, framework):
    dimension = dimensions_of(framework)[0]
    rate(draft_round, cast.member, dimension, 1, evidence="Rubrics in two courses")
    consensus_save(
        round_=draft_round,
        dimension=dimension,
        expected_version=0,
        level=level(framework, 2),
        evidence="",
        next_steps="",
        acting_user=cast.lead,
    )
    long_term, action_plan = _plan_of(cast)
    milestone(long_term, cast.member, long_term.first_year, "practice", "Pilot in grade 9")
    step = add_step(action_plan, cast.member, "Train the teachers")
    action_step_update(step=step, expected_version=1, acting_user=cast.lead, status="done")
    policy = policy_add(district=cast.riverside, acting_user=cast.lead, area="Homework")
    policy_update(policy=policy, expected_version=1, acting_user=cast.member, status="adopted")
    measure = make_measure(cast.riverside, cast.lead)
    measure_update(
        measure=measure, expected_version=1, targets={}, acting_user=cast.member, name="Courses"
    )
    add_point(measure, cast.member, 30)
    school = school_create(district=cast.riverside, acting_user=cast.lead, name="Alder Street")
    school_update(
        school=school, expected_version=1, acting_user=cast.lead, lowest_grade=-1, highest_grade=5
    )
    school_stage_record(
        school=school,
        strand="practice",
        stage="installation",
        as_of=date(2026, 9, 1),
        note="Grade-level teams formed",
        acting_user=cast.member,
    )

    assert {c.kind for c in Change.objects.all()} == set(KINDS)
    staged = Change.objects.get(kind="school-stage")
    assert staged.title == "Alder Street: Practice" and staged.changed_by == cast.member
    assert staged.after == {
        "strand": "Practice",
        "stage": "Installation",
        "as_of": "2026-09-01",
        "note": "Grade-level teams formed",
    }
    graded = Change.objects.get(kind="school", before__name="Alder Street")
    assert (graded.before["lowest_grade"], graded.after["lowest_grade"]) == ("", "PK")
    step_done = Change.objects.get(kind="step", item_id=step.pk, before__status="Not started")
    assert step_done.changed_by == cast.lead and step_done.after["status"] == "Done"
    assert step_done.title == "Train the teachers (a step of “Common scoring”)"
    renamed = Change.objects.get(kind="measure", before__name=measure.name)
    assert renamed.after["name"] == "Courses" and renamed.changed_by == cast.member
    adopted = Change.objects.get(kind="policy", before__status="Not reviewed")
    assert adopted.after["status"] == "Adopted" and adopted.item_code == policy.code
    own = Change.objects.get(kind="rating")
    assert own.before == {} and own.after["evidence"] == "Rubrics in two courses"
    assert own.district == cast.riverside and own.changed_at <= timezone.now()


def test_a_save_that_changes_nothing_keeps_no_change(cast):
    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    correct_point(point, cast.lead, 30, source=point.source)
    assert Change.objects.filter(kind="point").count() == 1


def test_a_removal_is_kept_and_read_as_the_plan_is(cast, client_for):
    from measures.services import measure_remove
    from planning.services import action_step_remove, policy_remove

    _, action_plan = _plan_of(cast)
    step = add_step(action_plan, cast.member, "Train the teachers")
    action_step_remove(step=step, acting_user=cast.lead)
    policy = policy_add(district=cast.riverside, acting_user=cast.lead, area="Homework")
    policy_remove(policy=policy, acting_user=cast.member)
    measure = make_measure(cast.riverside, cast.lead)
    add_point(measure, cast.member, 30)
    measure_remove(measure=measure, acting_user=cast.lead)
    removed = Change.objects.filter(after={})
    assert sorted(removed.values_list("kind", flat=True)) == ["measure", "policy", "step"]
    assert removed.get(kind="step").before["description"] == "Train the teachers"
    assert _kinds(cast.coach, cast.riverside) == ["measure", "point", "policy", "step"]
    text = _page(client_for("coach"), cast.riverside, kind="step").content.decode()
    assert "Removed." in text and "Train the teachers" in text


def test_a_persons_own_ratings_history_stays_in_the_district(cast, draft_round, framework):
    rate(draft_round, cast.member, dimensions_of(framework)[0], 1)
    assert _kinds(cast.viewer, cast.riverside) == ["rating"]
    assert _kinds(cast.coach, cast.riverside) == []
    assert _kinds(cast.facilitator, cast.riverside) == []


def test_a_team_ratings_history_follows_its_rounds_sharing(cast, draft_round, framework):
    agree_all(draft_round, cast.lead)
    assert _kinds(cast.coach, cast.riverside) == []  # a draft is the district's alone
    round_submit(round_=draft_round, sharing="coaches", acting_user=cast.lead)
    assert _kinds(cast.coach, cast.riverside) == ["team-rating"]
    assert _kinds(cast.facilitator, cast.riverside) == []
    round_share(round_=draft_round, sharing="cohort", acting_user=cast.lead)
    assert _kinds(cast.facilitator, cast.riverside) == ["team-rating"]


def test_across_districts_a_person_reads_the_changes_of_what_they_read(
    cast, draft_round, framework
):
    """visible_to: each kind by its items' rules, over every district of the person's."""
    hillcrest_plan = plan_for(cast.hillcrest, cast.lead)
    milestone(hillcrest_plan, cast.lead, hillcrest_plan.first_year, "policy", "Hillcrest's")
    outer_plan = plan_for(cast.outer, cast.outsider)
    milestone(outer_plan, cast.outsider, outer_plan.first_year, "policy", "Outer's")
    rate(draft_round, cast.member, dimensions_of(framework)[0], 1)
    coach = Change.objects.visible_to(cast.coach)
    assert list(coach.values_list("district", "kind")) == [(cast.hillcrest.pk, "milestone")]
    member = Change.objects.visible_to(cast.member)
    assert list(member.values_list("district", "kind")) == [(cast.riverside.pk, "rating")]
    assert Change.objects.visible_to(cast.staff).count() == 3


def test_the_plans_history_follows_the_plans_sharing(cast):
    long_term, _ = _plan_of(cast)
    milestone(long_term, cast.member, long_term.first_year, "practice", "Pilot")
    assert _kinds(cast.coach, cast.riverside) == ["milestone"]
    assert _kinds(cast.facilitator, cast.riverside) == []
    plan_sharing_set(district=cast.riverside, sharing="cohort", acting_user=cast.lead)
    assert _kinds(cast.facilitator, cast.riverside) == ["milestone"]


def test_the_page_shows_who_changed_what_newest_first(cast, client_for):
    long_term, action_plan = _plan_of(cast)
    milestone(long_term, cast.member, long_term.first_year, "practice", "Pilot in grade 9")
    step = add_step(action_plan, cast.member, "Train the teachers")
    action_step_update(step=step, expected_version=1, acting_user=cast.lead, status="done")
    page = _page(client_for("lead"), cast.riverside)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lena Lead" in text and "Milo Member" in text
    assert "Not started → Done" in text
    assert text.index("Not started → Done") < text.index("Pilot in grade 9")
    only_steps = _page(client_for("lead"), cast.riverside, kind="milestone").content.decode()
    assert "Pilot in grade 9" in only_steps and "Train the teachers" not in only_steps


def test_the_page_says_when_there_is_nothing_yet(cast, client_for):
    page = _page(client_for("member"), cast.riverside)
    assert "No change recorded yet" in page.content.decode()
    page = _page(client_for("member"), cast.riverside, kind="policy")
    assert "No change of a policy review recorded yet." in page.content.decode()


def test_the_page_hides_evidence_text_from_a_cohorts_facilitators(cast, client_for):
    plan_sharing_set(district=cast.riverside, sharing="cohort", acting_user=cast.lead)
    _, action_plan = _plan_of(cast)
    add_step(action_plan, cast.member, "Train the teachers", evidence="Sign-in sheets")
    coach = _page(client_for("coach"), cast.riverside).content.decode()
    facilitator = _page(client_for("facilitator"), cast.riverside).content.decode()
    assert "Sign-in sheets" in coach
    assert "Train the teachers" in facilitator and "Sign-in sheets" not in facilitator


def test_the_page_pages_the_history(cast, client_for):
    measure = make_measure(cast.riverside, cast.lead)
    for days in range(60):
        add_point(measure, cast.member, 30, days_ago=days + 1)
    first = _page(client_for("lead"), cast.riverside)
    assert "Page 1 of 2" in first.content.decode()
    second = _page(client_for("lead"), cast.riverside, page=2).content.decode()
    assert "Page 2 of 2" in second and "Courses with common scoring criteria" in second


def test_an_outsider_gets_the_plain_404(cast, client_for):
    assert _page(client_for("outsider"), cast.riverside).status_code == 404


def test_each_items_own_history_links_to_the_districts(cast, client_for, draft_round, framework):
    long_term, _ = _plan_of(cast)
    milestone(long_term, cast.member, long_term.first_year, "practice", "Pilot")
    cell = reverse(
        "planning:cell_history",
        kwargs={
            "district": cast.riverside.code,
            "year": long_term.first_year,
            "strand": "practice",
        },
    )
    text = client_for("lead").get(cell).content.decode()
    assert "Pilot" in text
    assert reverse("history:changes", kwargs={"district": cast.riverside.code}) in text


def test_the_whole_record_archive_holds_the_history(cast):
    from history.reportable import history_rows

    long_term, _ = _plan_of(cast)
    milestone(long_term, cast.member, long_term.first_year, "practice", "Pilot in grade 9")
    access = access_district(cast.lead, cast.riverside.code)
    header, *rows = history_rows(access)
    assert header[0] == "When" and len(rows) == 2  # the milestone's target and status
    assert rows[0][1:5] == [
        "Milo Member",
        "Milestone",
        f"Practice, June {long_term.first_year}",
        "Target",
    ]
    assert rows[0][5:] == ["", "Pilot in grade 9"]


@pytest.fixture
def api(client_for):
    def get(role, district, **query):
        url = reverse("api:change-list", kwargs={"district": district.code})
        return client_for(role).get(url, query)

    return get


def test_the_api_lists_the_changes_the_reader_reads(cast, api, draft_round, framework):
    rate(draft_round, cast.member, dimensions_of(framework)[0], 1, evidence="Two courses")
    _, action_plan = _plan_of(cast)
    step = add_step(action_plan, cast.member, "Train", evidence="Sign-in sheets")
    lead = api("lead", cast.riverside).json()
    assert {row["kind"] for row in lead["results"]} == {"rating", "step"}
    [made] = [row for row in lead["results"] if row["kind"] == "step"]
    assert made["item"] == str(step.code) and made["changed_by"] == "Milo Member"
    assert made["before"] == {} and made["after"]["evidence"] == "Sign-in sheets"
    assert [r["kind"] for r in api("coach", cast.riverside).json()["results"]] == ["step"]
    assert [r["kind"] for r in api("lead", cast.riverside, kind="rating").json()["results"]] == [
        "rating"
    ]


def test_the_api_hides_evidence_text_from_a_cohorts_facilitators(cast, api):
    plan_sharing_set(district=cast.riverside, sharing="cohort", acting_user=cast.lead)
    _, action_plan = _plan_of(cast)
    add_step(action_plan, cast.member, "Train", evidence="Sign-in sheets")
    [row] = api("facilitator", cast.riverside).json()["results"]
    assert row["title"].startswith("Train") and "evidence" not in row["after"]


def test_the_api_answers_an_outsider_with_the_plain_404(cast, api):
    assert api("outsider", cast.riverside).status_code == 404
    assert api("anonymous", cast.riverside).status_code in (401, 403)


def test_a_change_of_another_day_keeps_its_time(cast):
    """The migration copies the earlier tables' rows with their own times (changed_at is
    not set on insert when given)."""
    when = timezone.now() - timedelta(days=400)
    change = Change.objects.create(
        district=cast.riverside, kind="point", item_id=1, title="Old", changed_at=when
    )
    change.refresh_from_db()
    assert change.changed_at == when


BEFORE = [
    ("history", "0001_initial"),
    ("planning", "0006_queue_indexes"),
    ("rubrics", "0009_queue_indexes"),
    ("measures", "0001_initial"),
]


OLD_TABLES = ["planning_plancellchange", "rubrics_consensuschange", "measures_datapointchange"]


def _migrate(targets):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_three_tables_changes(cast, framework):
    """The rows of PlanCellChange, ConsensusChange and DataPointChange become changes of their
    kinds, with who, when, before and after as they were; deleting their items afterwards is
    not refused by the old tables (their keys are no longer checked)."""
    from django.db.migrations.loader import MigrationLoader

    latest = MigrationLoader(None).graph.leaf_nodes()
    old = _migrate(BEFORE)
    when = timezone.now() - timedelta(days=30)
    district = old.get_model("districts", "District").objects.get(pk=cast.riverside.pk)
    plan = old.get_model("planning", "LongTermPlan").objects.create(
        district=district, first_year=2026, years=4
    )
    cell = old.get_model("planning", "PlanCell").objects.create(
        district=district, plan=plan, year=2027, strand="policy", target="Adopt"
    )
    old.get_model("planning", "PlanCellChange").objects.create(
        district=district, cell=cell, changed_by_id=cast.lead.pk, after={"target": "Adopt"}
    )
    old.get_model("planning", "PlanCellChange").objects.update(changed_at=when)
    round_ = old.get_model("rubrics", "AssessmentRound").objects.create(
        district=district, title="Fall 2026", framework_id=framework.pk
    )
    dimension = dimensions_of(framework)[0]
    consensus = old.get_model("rubrics", "ConsensusRating").objects.create(
        district=district, round=round_, dimension_id=dimension.pk
    )
    old.get_model("rubrics", "ConsensusChange").objects.create(
        district=district, consensus=consensus, before={"level": "Initiating"}
    )
    measure = old.get_model("measures", "Measure").objects.create(
        district=district,
        plan=plan,
        name="Attendance",
        strand="practice",
        baseline_value=90,
        baseline_date=when.date(),
    )
    point = old.get_model("measures", "DataPoint").objects.create(
        district=district, measure=measure, value=91, as_of=when.date()
    )
    old.get_model("measures", "DataPointChange").objects.create(
        district=district, point=point, after={"value": "91.00"}
    )
    _migrate(latest)

    [change] = Change.objects.filter(kind="milestone")
    assert change.item_id == cell.pk and change.item_code == cell.code
    assert change.title == "Policy, June 2027" and change.changed_at == when
    assert change.after == {"target": "Adopt"} and change.changed_by == cast.lead
    team = Change.objects.get(kind="team-rating")
    assert team.title == f"{dimension.name}: the team’s rating, Fall 2026"
    assert team.before == {"level": "Initiating"} and team.item_id == consensus.pk
    data = Change.objects.get(kind="point")
    assert data.title == f"Attendance, as of {when.date():%B %-d, %Y}" and data.item_id == point.pk
    from django.db import connection

    from planning.models import PlanCell

    PlanCell.objects.filter(pk=cell.pk).delete()  # the old row still names it
    # The old tables are no model's any more, so the test's flush leaves their rows: emptied
    # here, as a later test (a restore into an empty database) expects an empty database.
    with connection.cursor() as cursor:
        for table in OLD_TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our names)
