"""The benchmark's data set: repeatable from its seed, with the shape `make bench` relies on."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from accounts.models import User
from districts.models import CoachAssignment, Cohort, CohortDistrict, CohortFacilitator, District
from planning.models import ActionStep, PlanCell, PolicyReview
from rubrics.models import AssessmentRound, ConsensusRating, Rating


def seed(districts: int = 30) -> None:
    call_command("seed_scale", districts=districts, stdout=io.StringIO())


def snapshot() -> list:
    return [
        list(District.objects.order_by("name").values_list("name", "state", "code")),
        list(
            ConsensusRating.objects.order_by("round__code", "dimension_id").values_list(
                "round__code", "level__position", "evidence"
            )
        ),
        sorted(CoachAssignment.objects.values_list("coach__email", "district__name")),
        sorted(Cohort.objects.values_list("code", "name")),
        sorted(CohortDistrict.objects.values_list("cohort__name", "district__name")),
    ]


def test_the_scale_data_set_has_every_part(db):
    seed()
    assert District.objects.count() == 30
    district_rounds = AssessmentRound.objects.filter(school=None)
    assert district_rounds.filter(status="submitted").count() == 30 * 4
    assert ConsensusRating.objects.filter(round__school=None).count() == 30 * 4 * 15
    assert Rating.objects.count() == 30 * 4 * 15 * 3  # the lead's and two members' own
    assert PlanCell.objects.count() == 30 * 12
    assert ActionStep.objects.count() == 30 * 10
    assert PolicyReview.objects.count() == 30 * 14
    from measures.models import DataPoint, Measure, Target

    assert Measure.objects.count() == 30 * 3
    assert (Target.objects.count(), DataPoint.objects.count()) == (30 * 3 * 2, 30 * 3 * 4)
    from devtools.management.commands.seed_scale import BENCH_SCHOOLS, NAME
    from schools.models import School

    first = District.objects.get(name=NAME.format(1))
    others = District.objects.exclude(pk=first.pk).annotate(n=Count("school"))
    per_district = sorted(others.values_list("n", flat=True))
    assert School.objects.filter(district=first).count() == BENCH_SCHOOLS
    assert min(per_district) >= 1 and 3 <= per_district[len(per_district) // 2] <= 12
    from schools.models import SchoolStage

    school_rounds = AssessmentRound.objects.filter(school__isnull=False)
    assert 0.3 < school_rounds.count() / School.objects.filter(closed_at=None).count() < 0.7
    assert not school_rounds.filter(school__closed_at__isnull=False).exists()
    assert SchoolStage.objects.filter(strand="practice", stage="full").exists()
    coach1, coach2 = (User.objects.get(email=f"coach{k}@scale.example.org") for k in (1, 2))
    assert CoachAssignment.objects.filter(coach=coach1).count() == 20
    assert CoachAssignment.objects.filter(coach=coach2).count() == 30  # 200, or all there are
    staff = User.objects.filter(email__in=["staff@scale.example.org", "admin@scale.example.org"])
    assert [(u.is_staff, u.is_superuser) for u in staff.order_by("email")] == [
        (True, True),
        (True, False),
    ]


@pytest.mark.parametrize("districts", [9, 30, 420])
def test_cohorts_hold_8_to_40_districts_and_every_district_has_a_coach(db, districts):
    """Shaped as the country is at any size: the number of cohorts grows with the districts,
    none is smaller than 8 or larger than 40, and fewer than 8 districts are left out of
    cohorts; every district has a coach, and every coach but the bench's two (20 and 200)
    has 5 to 200 districts. Only the districts, their people, cohorts and coaches are made:
    the districts' work (rounds, plans, competencies, measures) has no part in the shape, and
    at 420 districts it is most of the time (the whole set is checked above, at 30)."""
    from devtools.management.commands.seed_scale import Command

    with (
        mock.patch.object(Command, "_rounds"),
        mock.patch.object(Command, "_plans"),
        mock.patch.object(Command, "_competencies"),
        mock.patch.object(Command, "_measures"),
    ):
        seed(districts)
    sizes = list(
        Cohort.objects.annotate(n=Count("districts")).order_by("name").values_list("n", flat=True)
    )
    assert all(8 <= n <= 40 for n in sizes)
    assert districts - sum(sizes) < 8
    assert len(sizes) >= districts // 40
    assert CohortFacilitator.objects.count() == len(sizes)
    bench_coaches = ["coach1@scale.example.org", "coach2@scale.example.org"]
    coached = list(
        CoachAssignment.objects.exclude(coach__email__in=bench_coaches)
        .values("coach")
        .annotate(n=Count("district"))
        .values_list("n", flat=True)
    )
    assert all(5 <= n <= 200 for n in coached)
    assert sum(coached) == districts  # every district a coach, besides the bench's two
    assert len(coached) >= districts // 200


def test_the_same_seed_gives_the_same_data_and_it_refuses_to_run_twice(db):
    with transaction.atomic():  # undone after, so the second seed is on an empty database
        seed()
        first = snapshot()
        with pytest.raises(CommandError, match="already"):
            seed()
        transaction.set_rollback(True)
    assert not District.objects.exists()
    seed()
    assert snapshot() == first


def test_the_reminder_passes_take_the_same_queries_for_10_and_30_districts(
    transactional_db, settings, tmp_path
):
    """On the scale data set (what `make bench-reminders` measures on 13,000 and 1,300
    districts): every pass makes the same reads at both sizes (and on PostgreSQL the same
    writes), and the bench says so and exits cleanly; the passes told people. Outside a test
    transaction, as the scheduled passes run: what they do after commit is counted too."""
    from devtools.management.commands import bench_reminders

    settings.BASE_DIR = tmp_path  # its figures go to data/bench/ there
    call_command("seed_scale", districts=10, stdout=io.StringIO())
    at_10 = {"districts": 10, "passes": bench_reminders.measure(bench_reminders.PASSES)}
    assert sum(row["notices"] for row in at_10["passes"]) > 0
    call_command("flush", interactive=False, verbosity=0)  # as the test ends: an empty database
    seed()
    out = io.StringIO()
    with mock.patch.object(bench_reminders.Command, "_other_size", return_value=at_10):
        call_command("bench_reminders", compare_with="the database of 10", stdout=out)
    lines = out.getvalue().split("Scheduled passes on ", 1)[1].splitlines()
    assert lines[0].startswith("30 districts (queries also counted on 10)")
    verdicts = {line[:30].strip(): line.rsplit("  ", 1)[1] for line in lines[2:11]}
    assert verdicts == {
        "steps due and overdue": "met",
        "milestones of June": "met",
        "rounds due": "met",
        "meetings in 14 days": "met",
        "overdue summaries (Mondays)": "met",
        "measures' data due": "met",
        "measures off track (Mondays)": "met",
        "coach digests (Mondays)": "met",
        "digests": "met",
    }
