"""Measures for tests: Riverside's plan looking ahead from last June, one measure with a
baseline a year ago and a target for each June, and points as asked."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from measures.models import Measure
from measures.services import measure_create, point_add, point_correct
from planning.models import LongTermPlan
from planning.services import plan_set_horizon


def plan_for(district, lead) -> LongTermPlan:
    plan = LongTermPlan.objects.filter(district=district).first()
    if plan is None:
        year = timezone.localdate().year - 1
        plan = plan_set_horizon(district=district, first_year=year, years=4, acting_user=lead)
    return plan


def make_measure(district, lead, *, name="Courses with common scoring criteria", **fields):
    """A percent measure, higher better, from 20 a year ago to 60 by the plan's third June."""
    plan = plan_for(district, lead)
    today = timezone.localdate()
    values = {
        "strand": "practice",
        "kind": Measure.Kind.LEADING,
        "unit": Measure.Unit.PERCENT,
        "direction": Measure.Direction.HIGHER,
        "baseline_value": Decimal(20),
        "baseline_date": today - timedelta(days=365),
        "cadence": Measure.Cadence.QUARTERLY,
    } | fields
    targets = fields.pop("targets", None) or {
        plan.horizon[1]: Decimal(40),
        plan.horizon[2]: Decimal(60),
    }
    values.pop("targets", None)
    return measure_create(
        district=district, plan=plan, targets=targets, acting_user=lead, name=name, **values
    )


def measure_fields(**fields) -> dict:
    """What a person sends for a new measure (its form, its API): a percent measure of practice,
    leading, higher better, counted quarterly, its baseline of 20 as of today; `fields` change
    or add to it (its owner, its targets)."""
    return {
        "name": "Courses with common scoring criteria",
        "strand": "practice",
        "kind": "leading",
        "unit": "percent",
        "direction": "higher",
        "baseline_value": "20",
        "baseline_date": timezone.localdate().isoformat(),
        "cadence": "quarterly",
    } | fields


def add_point(measure, lead, value, *, days_ago=10) -> object:
    return point_add(
        measure=measure,
        value=Decimal(value),
        as_of=timezone.localdate() - timedelta(days=days_ago),
        acting_user=lead,
        source="Course audit",
    )


def correct_point(point, person, value, *, version=1, **fields) -> object:
    """The point corrected to `value` by `person`, as of its own date, from `version`;
    `fields` are the rest of what the correction sends (its source)."""
    return point_correct(
        point=point,
        expected_version=version,
        value=Decimal(value),
        as_of=point.as_of,
        acting_user=person,
        **fields,
    )


def june(year: int) -> date:
    return date(year, 6, 30)
