"""Measures of success: the rule of their status, bad input refused by field, data points
kept with their history, two people at once (issue 31)."""

import threading
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from districts.versioning import StaleSave
from history.models import Change
from measures.models import DataPoint, Measure, Target
from measures.selectors import measures_of, tallies_by_district
from measures.services import measure_update, point_add
from measures.status import Status, expected_on, standing
from tests.measure_helpers import add_point, correct_point, make_measure, plan_for


def _measure(direction="higher", cadence="quarterly"):
    return SimpleNamespace(
        baseline_value=Decimal(20),
        baseline_date=date(2025, 6, 30),
        direction=direction,
        cadence=cadence,
    )


TARGETS = [SimpleNamespace(year=2026, value=Decimal(60), due=date(2026, 6, 30))]
HALFWAY = date(2025, 12, 29)  # 182 of 365 days: the line is at 39.9


def _status(value, *, on=HALFWAY, today=None, **kwargs):
    return standing(
        _measure(**kwargs), TARGETS, Decimal(value), on, today=today or on + timedelta(days=1)
    ).status


def test_the_line_runs_from_the_baseline_to_the_next_target():
    assert expected_on(_measure(), TARGETS[0], date(2025, 6, 30)) == Decimal(20)
    assert expected_on(_measure(), TARGETS[0], date(2026, 6, 30)) == Decimal(60)
    assert round(expected_on(_measure(), TARGETS[0], HALFWAY), 1) == Decimal("39.9")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (45, Status.ON_TRACK),  # ahead of the line
        (36, Status.ON_TRACK),  # behind by 3.9: within 10 % of the span of 40
        (33, Status.AT_RISK),  # behind by 6.9: within twice that
        (30, Status.OFF_TRACK),  # behind by 9.9
    ],
)
def test_status_against_the_line_with_the_tolerance(value, status):
    assert _status(value) == status


def test_lower_is_better_turns_the_rule_around():
    falling = [SimpleNamespace(year=2026, value=Decimal(0), due=date(2026, 6, 30))]
    measure = _measure(direction="lower")
    day = HALFWAY + timedelta(days=1)
    assert standing(measure, falling, Decimal(8), HALFWAY, today=day).status == Status.ON_TRACK
    assert standing(measure, falling, Decimal(19), HALFWAY, today=day).status == Status.OFF_TRACK


@override_settings(MEASURE_TOLERANCE=0.25)
def test_the_tolerance_is_a_setting():
    assert _status(30) == Status.ON_TRACK


def test_a_point_older_than_its_cadence_needs_data():
    assert _status(45, today=HALFWAY + timedelta(days=93)) == Status.NEEDS_DATA
    assert _status(45, today=HALFWAY + timedelta(days=93), cadence="yearly") == Status.ON_TRACK
    assert standing(_measure(), TARGETS, None, None, today=HALFWAY).status == Status.NEEDS_DATA


def test_without_targets_there_is_nothing_to_judge_against():
    assert standing(_measure(), [], Decimal(1), HALFWAY, today=HALFWAY).status == Status.NO_TARGET


# ---------------------------------------------------------------- the services


def test_a_measure_is_made_with_its_targets_and_judged_by_its_latest_point(cast):
    measure = make_measure(cast.riverside, cast.lead)
    assert sorted(Target.objects.filter(measure=measure).values_list("value", flat=True)) == [
        40,
        60,
    ]
    add_point(measure, cast.member, 10, days_ago=100)
    add_point(measure, cast.member, 44, days_ago=5)
    from districts.access import DistrictAccess, Relation

    access = DistrictAccess(cast.riverside, Relation.LEAD)
    (row,) = measures_of(access)
    assert row.latest_value == 44
    assert row.standing.status == Status.ON_TRACK


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"baseline_value": Decimal(120)}, "baseline_value", "between 0 and 100"),
        ({"baseline_value": None}, "baseline_value", "write a number"),
        ({"baseline_date": date.today() + timedelta(days=3)}, "baseline_date", "future"),
        ({"unit": "number", "unit_word": ""}, "unit_word", "Unit word"),
        ({"follows_dimension": True}, "dimension", "Rubric dimension"),
    ],
)
def test_bad_measures_are_refused_naming_the_field(cast, fields, field, words):
    with pytest.raises(ValidationError) as refused:
        make_measure(cast.riverside, cast.lead, **fields)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Measure.objects.exists()


def test_a_target_outside_the_plans_horizon_is_refused(cast):
    plan = plan_for(cast.riverside, cast.lead)
    late = plan.horizon[-1] + 1
    with pytest.raises(ValidationError) as refused:
        make_measure(cast.riverside, cast.lead, targets={late: Decimal(50)})
    assert f"June {late}" in refused.value.message_dict["targets"][0]
    assert not Measure.objects.exists()


def test_an_owner_must_be_a_member_of_the_district(cast):
    with pytest.raises(ValidationError) as refused:
        make_measure(cast.riverside, cast.lead, owner=cast.outsider)
    assert "owner" in refused.value.message_dict


@pytest.mark.parametrize(
    ("value", "days_ago", "field"),
    [(Decimal(101), 1, "value"), (Decimal(-1), 1, "value"), (Decimal(5), -2, "as_of")],
)
def test_bad_points_are_refused_naming_the_field(cast, value, days_ago, field):
    measure = make_measure(cast.riverside, cast.lead)
    with pytest.raises(ValidationError) as refused:
        point_add(
            measure=measure,
            value=value,
            as_of=timezone.localdate() - timedelta(days=days_ago),
            acting_user=cast.member,
        )
    assert field in refused.value.message_dict
    assert not DataPoint.objects.exists()


def test_a_correction_keeps_what_the_point_was_and_who_changed_it(cast):
    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    corrected = correct_point(point, cast.lead, 32, source="Audit, corrected")
    assert corrected.version == 2 and corrected.value == 32
    latest, first = Change.objects.filter(kind="point", item_id=point.pk)
    assert first.before == {} and first.changed_by == cast.member
    assert latest.before["value"] == "30.00" and latest.after["value"] == "32.00"
    assert latest.changed_by == cast.lead


def test_a_stale_correction_is_refused_and_changes_nothing(cast):
    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    correct_point(point, cast.lead, 31)
    with pytest.raises(StaleSave):
        correct_point(point, cast.member, 99)
    point.refresh_from_db()
    assert point.value == 31


def test_a_stale_change_of_a_measure_is_refused(cast):
    measure = make_measure(cast.riverside, cast.lead)
    measure_update(measure=measure, expected_version=1, targets={}, acting_user=cast.lead, name="A")
    with pytest.raises(StaleSave):
        measure_update(
            measure=measure, expected_version=1, targets={}, acting_user=cast.lead, name="B"
        )
    measure.refresh_from_db()
    assert measure.name == "A" and not measure.targets.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_adding_points_at_once_both_keep_theirs():
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL (the embedded SQLite locks)")
    from tests.cast import make_cast

    cast = make_cast()
    measure = make_measure(cast.riverside, cast.lead)
    barrier = threading.Barrier(2)
    errors = []

    def add(person, value):
        try:
            barrier.wait(timeout=5)
            add_point(measure, person, value)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add, args=(cast.lead, 30)),
        threading.Thread(target=add, args=(cast.member, 31)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(DataPoint.objects.values_list("value", flat=True)) == [30, 31]


def test_a_measure_follows_a_rubric_dimension_through_submitted_rounds(cast, submitted_round):
    dimension = submitted_round.framework.domains.first().dimensions.first()
    measure = make_measure(
        cast.riverside,
        cast.lead,
        unit="number",
        unit_word="level",
        baseline_value=Decimal(1),
        dimension=dimension,
        follows_dimension=True,
    )
    (point,) = measure.points.all()
    assert point.value == 1 and point.from_round == submitted_round


def test_tallies_for_many_districts_take_two_queries(cast, django_assert_num_queries):
    for district in (cast.riverside, cast.hillcrest):
        lead = cast.lead if district == cast.riverside else cast.coach
        measure = make_measure(district, lead)
        add_point(measure, lead, 50)
    with django_assert_num_queries(2):
        tallies = tallies_by_district([cast.riverside.pk, cast.hillcrest.pk, cast.outer.pk])
    assert tallies[cast.riverside.pk].on_track == 1
    assert cast.outer.pk not in tallies
