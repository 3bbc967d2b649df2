"""Writes of measures. Callers have checked access through districts.access; these keep a
measure consistent with its district's plan, refuse bad values with a message naming the
field, refuse stale saves (StaleSave) and keep every change of a data point."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from districts.access import belongs_to
from districts.models import District
from history.services import change_record, removal_record, tracked_update
from measures import rollup
from measures.models import DataPoint, Measure, Target
from planning.models import LongTermPlan
from schools.services import check_named

PERCENT_RANGE = (Decimal(0), Decimal(100))
LIMIT = Decimal("999999999999")

# What a person sets of a measure, in the order the form and the API show it.
MEASURE_FIELDS = (
    "name",
    "counts",
    "strand",
    "kind",
    "unit",
    "unit_word",
    "direction",
    "baseline_value",
    "baseline_date",
    "baseline_source",
    "cadence",
    "owner",
    "milestone",
    "action_plan",
    "dimension",
    "follows_dimension",
    "kept",
)


def check_value(value, *, field: str, label: str, unit: str) -> None:
    """A value of a measure: a number, within 0–100 for a percent."""
    if value is None or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        raise ValidationError({field: f"{label}: write a number, such as 42 or 42.5."})
    if abs(Decimal(value)) > LIMIT:
        raise ValidationError({field: f"{label}: write a number under a trillion."})
    low, high = PERCENT_RANGE
    if unit == Measure.Unit.PERCENT and not low <= Decimal(value) <= high:
        raise ValidationError({field: f"{label}: a percent is between 0 and 100."})


def check_date(day: date | None, *, field: str, label: str) -> None:
    if day is None:
        raise ValidationError({field: f"{label}: give the date."})
    if day > timezone.localdate():
        raise ValidationError(
            {field: f"{label}: the date is in the future: give the day the data is as of."}
        )


def _check_measure(district: District, plan: LongTermPlan, fields: dict, targets: dict) -> None:
    unit = fields["unit"]
    if unit == Measure.Unit.NUMBER and not fields.get("unit_word"):
        raise ValidationError({"unit_word": "Unit word: say what the number counts (“courses”)."})
    check_value(fields["baseline_value"], field="baseline_value", label="Baseline", unit=unit)
    check_date(fields["baseline_date"], field="baseline_date", label="Baseline as of")
    for part, model in (("milestone", "plan"), ("action_plan", "district")):
        row = fields.get(part)
        if row is not None and getattr(row, f"{model}_id") != (
            plan.pk if model == "plan" else district.pk
        ):
            raise ValidationError({part: "Choose one of the district's own."})
    owner = fields.get("owner")
    if owner is not None and not belongs_to(owner, district):
        raise ValidationError({"owner": "Owner: choose a member of the district."})
    if fields.get("follows_dimension") and fields.get("dimension") is None:
        raise ValidationError({"dimension": "Rubric dimension: choose the one it follows."})
    kept = fields.get("kept") or Measure.Kept.DISTRICT
    if kept not in Measure.Kept.values:
        raise ValidationError(
            {"kept": "Kept: for the district, or per school (sum, mean, weighted)."}
        )
    if kept != Measure.Kept.DISTRICT and fields.get("follows_dimension"):
        raise ValidationError(
            {"kept": "Kept: a measure that follows the district's rubric rounds is the district's."}
        )
    if kept == Measure.Kept.SUM and unit == Measure.Unit.PERCENT:
        raise ValidationError(
            {
                "kept": "Kept: percents do not add up; choose their mean, or their mean weighted "
                "by enrolment."
            }
        )
    for year, value in targets.items():
        if year not in plan.horizon:
            first, last = plan.horizon[0], plan.horizon[-1]
            raise ValidationError(
                {"targets": f"Target for June {year}: the plan looks ahead to June {first}–{last}."}
            )
        check_value(value, field="targets", label=f"Target for June {year}", unit=unit)


def _set_targets(measure: Measure, targets: dict) -> None:
    measure.targets.exclude(year__in=list(targets)).delete()
    for year, value in targets.items():
        Target.objects.update_or_create(
            measure=measure,
            year=year,
            defaults={"value": value, "district_id": measure.district_id},
        )


@transaction.atomic
def measure_create(
    *,
    district: District,
    plan: LongTermPlan,
    targets: dict[int, Decimal],
    acting_user: User,
    **fields,
) -> Measure:
    """A new measure of the district's plan, with its targets by June (years of the plan's
    horizon only)."""
    fields = {name: fields.get(name) for name in MEASURE_FIELDS if name in fields}
    fields.setdefault("unit", Measure.Unit.PERCENT)
    _check_measure(district, plan, fields, targets)
    _require_new_name(district.pk, fields["name"])
    measure = Measure.objects.create(district=district, plan=plan, created_by=acting_user, **fields)
    change_record(item=measure, before=None, acting_user=acting_user)
    return _with_targets(measure, targets)


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    expected_version: int,
    targets: dict[int, Decimal],
    acting_user: User,
    **fields,
) -> Measure:
    """Change a measure and its targets, refusing a change made against an older version."""
    fields = {name: fields[name] for name in MEASURE_FIELDS if name in fields}
    merged = {name: getattr(measure, name) for name in MEASURE_FIELDS} | fields
    _check_measure(measure.district, measure.plan, merged, targets)
    _require_new_name(measure.district_id, merged["name"], but=measure)
    _check_kept_change(measure, merged["kept"] or Measure.Kept.DISTRICT)
    saved = tracked_update(
        measure, expected_version=expected_version, values=fields, acting_user=acting_user
    )
    if (saved.kept, saved.cadence) != (measure.kept, measure.cadence):
        rollup.refresh(saved)  # its district's series, by the new rule or periods
    return _with_targets(saved, targets)


def _check_kept_change(measure: Measure, kept: str) -> None:
    """A measure with data stays kept as it was (for the district, or per school): its data
    are of the one or the others. Per school, its rule may change (sum, mean, weighted)."""
    if (kept != Measure.Kept.DISTRICT) == measure.per_school:
        return
    entered = DataPoint.objects.filter(measure=measure, reported__isnull=True)
    if entered.exists():
        raise ValidationError(
            {
                "kept": "Kept: it has data "
                + ("of its schools" if measure.per_school else "of the district")
                + "; it stays kept as it is. Make a new measure to keep it the other way."
            }
        )


def _require_new_name(district_id: int, name: str, *, but: Measure | None = None) -> None:
    """A measure's name is the district's one measure of that name (in any case)."""
    twins = Measure.objects.filter(district_id=district_id, name__iexact=name)
    if but is not None:
        twins = twins.exclude(pk=but.pk)
    if twins.exists():
        raise ValidationError({"name": "Name: the plan has a measure of this name already."})


def _with_targets(measure: Measure, targets: dict[int, Decimal]) -> Measure:
    """The saved measure with its targets set and, if it follows a rubric dimension, its
    points taken from the district's rounds."""
    _set_targets(measure, targets)
    if measure.follows_dimension:
        from measures.following import follow_rounds

        follow_rounds(measure)
    return measure


@transaction.atomic
def measure_remove(*, measure: Measure, acting_user: User) -> None:
    """Delete a measure with its targets and data points; the history keeps what the measure
    was and who removed it (its points' own changes stay in it too)."""
    removal_record(item=measure, acting_user=acting_user)
    measure.delete()


def _check_point(measure: Measure, value, as_of) -> None:
    check_value(value, field="value", label="Value", unit=measure.unit)
    check_date(as_of, field="as_of", label="As of")


def _check_school(measure: Measure, school) -> None:
    """A point of a measure kept per school is one school's (an open school of the district);
    a point of the district's measure is no school's."""
    if not measure.per_school:
        if school is not None:
            raise ValidationError(
                {"school": "School: this measure is kept for the district as a whole."}
            )
        return
    if school is None:
        raise ValidationError({"school": "School: choose the school this value is of."})
    check_named(measure.district_id, [school], field="school")
    if measure.kept == Measure.Kept.WEIGHTED and not school.enrolment:
        raise ValidationError(
            {
                "school": f"School: give “{school}” its enrolment (on its page) first: this "
                "measure weighs each school by it."
            }
        )


@transaction.atomic
def point_add(
    *,
    measure: Measure,
    value: Decimal,
    as_of: date,
    acting_user: User | None,
    source: str = "",
    note: str = "",
    school=None,
) -> DataPoint:
    """Add a value of the measure as of a date (two people adding at once both keep theirs:
    each is a row of its own); of a school, for a measure kept per school (whose district
    series follows)."""
    _check_point(measure, value, as_of)
    _check_school(measure, school)
    point = DataPoint.objects.create(
        district_id=measure.district_id,
        measure=measure,
        school=school,
        value=value,
        as_of=as_of,
        source=source,
        note=note,
        created_by=acting_user,
    )
    change_record(item=point, before=None, acting_user=acting_user)
    if school is not None:
        rollup.refresh(measure)
    return point


@transaction.atomic
def point_correct(
    *,
    point: DataPoint,
    expected_version: int,
    value: Decimal,
    as_of: date,
    acting_user: User,
    source: str = "",
    note: str = "",
) -> DataPoint:
    """Correct a point, refusing a correction made against an older version (StaleSave);
    the history keeps what it was and who changed it. A point of the district's series rolled
    up from its schools is not corrected: its schools' points are."""
    if point.reported is not None:
        raise ValidationError("This value is rolled up from the schools': correct theirs.")
    _check_point(point.measure, value, as_of)
    saved = tracked_update(
        point,
        expected_version=expected_version,
        values={"value": value, "as_of": as_of, "source": source, "note": note},
        acting_user=acting_user,
    )
    if point.school_id is not None:
        rollup.refresh(point.measure)
    return saved
