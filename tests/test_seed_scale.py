"""The benchmark's data set: repeatable from its seed, with the shape `make bench` relies on."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from districts.models import CoachAssignment, Cohort, District
from planning.models import ActionStep, PlanCell, PolicyReview
from rubrics.models import AssessmentRound, ConsensusRating, Rating


def seed(**options) -> None:
    call_command("seed_scale", districts=30, cohorts=3, coaches=3, stdout=io.StringIO(), **options)


def snapshot() -> list:
    return [
        list(District.objects.order_by("name").values_list("name", "state", "code")),
        list(
            ConsensusRating.objects.order_by("round__code", "dimension_id").values_list(
                "round__code", "level__position", "evidence"
            )
        ),
        sorted(CoachAssignment.objects.values_list("coach__email", "district__name")),
    ]


def test_the_scale_data_set_has_every_part(db):
    seed()
    assert District.objects.count() == 30
    assert AssessmentRound.objects.filter(status="submitted").count() == 30 * 4
    assert ConsensusRating.objects.count() == 30 * 4 * 15
    assert Rating.objects.count() == 30 * 4 * 15 * 3  # the lead's and two members' own
    assert PlanCell.objects.count() == 30 * 12
    assert ActionStep.objects.count() == 30 * 10
    assert PolicyReview.objects.count() == 30 * 14
    assert Cohort.objects.count() == 3
    coach1, coach2 = (User.objects.get(email=f"coach{k}@scale.example.org") for k in (1, 2))
    assert CoachAssignment.objects.filter(coach=coach1).count() == 20
    assert CoachAssignment.objects.filter(coach=coach2).count() == 30  # 200, or all there are


def test_the_same_seed_gives_the_same_data_and_it_refuses_to_run_twice(db):
    seed()
    first = snapshot()
    with pytest.raises(CommandError, match="already"):
        seed()
    District.objects.all().delete()
    User.objects.all().delete()
    Cohort.objects.all().delete()
    seed()
    assert snapshot() == first


def test_the_reminder_passes_take_the_same_queries_for_30_and_10_districts(db):
    """On the scale data set (what `make bench-reminders` times on 13,000 districts): every
    pass but the coaches' digests (a few queries per coach; the coaches stay the same) reads
    with the same number of queries when the districts are fewer, and the bench prints them.
    (Writes are bulk: one query on PostgreSQL, batches on SQLite.)"""
    from devtools.management.commands.seed_scale import NAME

    seed()
    out = io.StringIO()
    call_command("bench_reminders", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Scheduled passes on 30 districts")

    def queries(text: str) -> dict[str, int]:
        return {line[:30].strip(): int(line[30:].split()[1]) for line in text.splitlines()[2:]}

    at_30 = queries(out.getvalue())
    assert set(at_30) == {
        "steps due and overdue",
        "milestones of June",
        "rounds due",
        "meetings in 14 days",
        "overdue summaries (Mondays)",
        "coach digests (Mondays)",
        "digests",
    }
    assert sum(int(line[30:].split()[0]) for line in lines[2:]) > 0  # it told people
    District.objects.filter(name__gt=NAME.format(10)).delete()
    out = io.StringIO()
    call_command("bench_reminders", stdout=out)
    at_10 = queries(out.getvalue())
    assert out.getvalue().startswith("Scheduled passes on 10 districts")
    for name in at_30:
        if name != "coach digests (Mondays)":
            assert at_10[name] == at_30[name], (name, at_10[name], at_30[name])
