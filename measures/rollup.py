"""A measure kept per school: its schools' points, and the district's series worked out from
them. The district's value of each period (a month, a quarter, half a year or a year: the
measure's cadence) rolls up each school's latest point of that period by the measure's rule:
their sum, their mean, or their mean weighted by the schools' enrolment. A school with no
point in a period is left out of that period's value (the page says "n of m schools
reported"); so, in a mean weighted by enrolment, is a school whose enrolment is not given.

The district's points are rows of their own (`DataPoint.reported`: how many schools each
rolls up), written again by `refresh` in the transaction of every write they depend on (a
school's point added or corrected, the measure's rule changed, a school's enrolment changed:
measures.services and schools.signals), so that the district's latest value, its standing,
its chart and every page that judges measures read them as any measure's points."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from measures.models import DataPoint, Measure

CENT = Decimal("0.01")


def period_of(day: date, cadence: str) -> tuple[int, int]:
    """The period a day falls in, by the measure's cadence: (year, its month, quarter or half;
    0 for a year)."""
    if cadence == Measure.Cadence.MONTHLY:
        return day.year, day.month
    if cadence == Measure.Cadence.QUARTERLY:
        return day.year, (day.month - 1) // 3 + 1
    if cadence == Measure.Cadence.TWICE_A_YEAR:
        return day.year, (day.month - 1) // 6 + 1
    return day.year, 0


def period_start(period: tuple[int, int], cadence: str) -> date:
    year, part = period
    months = {
        Measure.Cadence.MONTHLY: 1,
        Measure.Cadence.QUARTERLY: 3,
        Measure.Cadence.TWICE_A_YEAR: 6,
    }.get(cadence)
    return date(year, (part - 1) * months + 1, 1) if months else date(year, 1, 1)


@dataclass(frozen=True)
class Rolled:
    as_of: date  # the latest day of the points it rolls up
    value: Decimal
    reported: int  # the schools rolled up


def latest_by_period(measure: Measure, points) -> dict[tuple, dict[int, DataPoint]]:
    """Each period's latest point of each school (points with their school read)."""
    periods: dict[tuple, dict[int, DataPoint]] = {}
    for point in sorted(points, key=lambda p: (p.as_of, p.pk)):
        periods.setdefault(period_of(point.as_of, measure.cadence), {})[point.school_id] = point
    return periods


def roll_up(measure: Measure, points) -> list[Rolled]:
    """The district's series from its schools' points, oldest first (no query: the points
    come with their school)."""
    series = []
    for _, by_school in sorted(latest_by_period(measure, points).items()):
        counted = list(by_school.values())
        if measure.kept == Measure.Kept.WEIGHTED:
            counted = [p for p in counted if p.school.enrolment]
        if not counted:
            continue
        values = [p.value for p in counted]
        if measure.kept == Measure.Kept.SUM:
            value = sum(values, Decimal(0))
        elif measure.kept == Measure.Kept.MEAN:
            value = sum(values, Decimal(0)) / len(values)
        else:
            weights = [p.school.enrolment for p in counted]
            value = sum((v * w for v, w in zip(values, weights, strict=True)), Decimal(0)) / sum(
                weights
            )
        series.append(
            Rolled(
                as_of=max(p.as_of for p in counted),
                value=value.quantize(CENT, rounding=ROUND_HALF_UP),
                reported=len(counted),
            )
        )
    return series


def refresh(measure: Measure) -> None:
    """Write the district's series of a measure kept per school again from its schools'
    points (4 queries, whatever their number); a measure kept for the district has none.
    Call inside the transaction of the write it follows."""
    DataPoint.objects.filter(measure=measure, reported__isnull=False).delete()
    if not measure.per_school:
        return
    points = DataPoint.objects.filter(measure=measure, school__isnull=False).select_related(
        "school"
    )
    DataPoint.objects.bulk_create(
        DataPoint(
            district_id=measure.district_id,
            measure=measure,
            value=rolled.value,
            as_of=rolled.as_of,
            source="Rolled up from its schools",
            reported=rolled.reported,
        )
        for rolled in roll_up(measure, points)
    )


def refresh_weighted(district_id: int) -> None:
    """A school's enrolment changed: its district's measures weighted by enrolment follow."""
    for measure in Measure.objects.filter(district_id=district_id, kept=Measure.Kept.WEIGHTED):
        refresh(measure)
