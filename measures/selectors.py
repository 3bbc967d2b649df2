"""Reads of measures. Callers pass districts opened through districts.access (or, across
districts, the ids a coach's access already allows). Statuses are worked out once per
request from a fixed number of queries, whatever the number of measures and points."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from config.compiled import compiled
from history.models import Change
from history.selectors import changes_of
from measures.models import DataPoint, Measure, Target
from measures.status import Standing, Status, standing
from schools.models import School


def _latest(field: str):
    return Subquery(
        DataPoint.objects.filter(measure=OuterRef("pk"), school__isnull=True)
        .order_by("-as_of", "-pk")
        .values(field)[:1]
    )


def with_latest(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Measures with their latest point's value and date (`latest_value`, `latest_date`): the
    district's (of a measure kept per school, its series rolled up from its schools')."""
    return measures.annotate(latest_value=_latest("value"), latest_date=_latest("as_of"))


def judge(measures, targets_of: dict[int, list[Target]], *, today=None) -> list[Measure]:
    """Give each measure its `standing` (measures.status) and `target_list`; no query."""
    today = today or timezone.localdate()
    for measure in measures:
        measure.target_list = targets_of.get(measure.pk, [])
        measure.standing = standing(
            measure, measure.target_list, measure.latest_value, measure.latest_date, today=today
        )
    return list(measures)


def measures_of(access) -> list[Measure]:
    """The district's measures, as its opener may read them (the plan's audience), each with
    its latest point, targets and standing (2 queries)."""
    rows = list(
        with_latest(Measure.objects.readable_in(access))
        .select_related("owner")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
    )
    return judge(rows, {m.pk: list(m.targets.all()) for m in rows})


@dataclass
class MeasureTally:
    """How a district's measures stand: counts by status, in the order of Status."""

    counts: list[tuple[str, str, int]]  # (status, label, measures)
    total: int

    def count(self, status: str) -> int:
        return next((n for value, _, n in self.counts if value == status), 0)

    @property
    def on_track(self) -> int:
        return self.count(Status.ON_TRACK)

    @property
    def text(self) -> str:
        return ", ".join(f"{n} {label.lower()}" for _, label, n in self.counts if n)


def tally(standings: list[Standing]) -> MeasureTally:
    counts = Counter(s.status for s in standings)
    return MeasureTally(
        counts=[(value, label, counts.get(value, 0)) for value, label in Status.choices],
        total=len(standings),
    )


# What the rule reads of a measure (measures.status.standing).
JUDGED_FIELDS = ("pk", "district_id", "baseline_value", "baseline_date", "direction", "cadence")


def district_tally(access) -> MeasureTally | None:
    """The district's measures by status, for its home (None when it reads no plan; 2
    queries, whatever the number of measures and points, each compiled once: the home's
    first view reads them)."""
    if not access.reads_plan:
        return None
    district_id = access.district.pk
    measures = compiled(
        access.compiled_key("home-measures"),
        lambda district_id: with_latest(
            Measure.objects.readable_in(access.stand_in(district_id))
        ).only(*JUDGED_FIELDS),
    ).objects(district_id=district_id)
    if not measures:
        return tally([])
    targets = defaultdict(list)
    for target in compiled(
        access.compiled_key("home-targets"),
        lambda district_id: Target.objects.readable_in(access.stand_in(district_id)).only(
            "measure_id", "year", "value"
        ),
    ).objects(district_id=district_id):
        targets[target.measure_id].append(target)
    return tally([m.standing for m in judge(measures, targets)])


class TargetValue(NamedTuple):
    """A target as the rule reads it (measures.status), without a model instance."""

    measure_id: int
    year: int
    value: Decimal

    due = property(Target.due.fget)


def judged_across(district_ids, *fields: str) -> list[SimpleNamespace]:
    """The measures of these districts judged (each with its `standing`), in 2 queries for
    any number of districts: for pages that gather many districts. The caller passes
    districts whose plan the reader may read (a coach reads every plan of the districts
    they coach). `fields` are read beside what the rule needs. Each measure is a record of
    those values (with `pk`, `district_id`, `latest_value`, `latest_date`), not a model
    instance: a coach's dashboard judges some six hundred measures and their targets, and
    making them models took three times as long as reading them."""
    measures = [
        SimpleNamespace(**row)
        for row in with_latest(Measure.objects.filter(district_id__any_of=district_ids)).values(
            *JUDGED_FIELDS, *fields, "latest_value", "latest_date"
        )
    ]
    targets = defaultdict(list)
    for target in Target.objects.filter(district_id__any_of=district_ids).values_list(
        "measure_id", "year", "value"
    ):
        targets[target[0]].append(TargetValue(*target))
    return judge(measures, targets)


# What the coach's queue shows of a measure, beside what the rule reads.
QUEUE_FIELDS = ("name", "code", "created_at")


def tallies_by_district(district_ids, judged=None) -> dict[int, MeasureTally]:
    """Each district's measures by status, for the coach dashboard (2 queries; none with
    `judged`: judged_across() of these districts or more, read once for the page)."""
    wanted = set(district_ids)
    by_district = defaultdict(list)
    for measure in judged() if judged is not None else judged_across(district_ids):
        if measure.district_id in wanted:
            by_district[measure.district_id].append(measure.standing)
    return {pk: tally(standings) for pk, standings in by_district.items()}


ATTENTION = (Status.OFF_TRACK, Status.NEEDS_DATA)


def needing_attention(district_ids, judged=None) -> list[Measure]:
    """The measures of these districts that are off track or whose data is overdue (2
    queries; none with `judged`: judged_across(…, *QUEUE_FIELDS) of these districts or more,
    read once for the page), for the coach's queue."""
    wanted = set(district_ids)
    measures = judged() if judged is not None else judged_across(district_ids, *QUEUE_FIELDS)
    return [m for m in measures if m.standing.status in ATTENTION and m.district_id in wanted]


def judged(measure: Measure) -> Measure:
    """A measure just written, read again with its latest point and judged (2 queries)."""
    row = with_latest(Measure.objects.filter(pk=measure.pk)).get()
    return judge([row], {row.pk: list(row.targets.order_by("year"))})[0]


def measure_detail(measure: Measure) -> tuple[Measure, list[DataPoint]]:
    """One measure with its targets, standing and the district's points, oldest first (3
    queries; of a measure kept per school, the district's series rolled up from theirs)."""
    row = (
        with_latest(Measure.objects.filter(pk=measure.pk))
        .select_related("owner", "milestone", "action_plan", "dimension")
        .get()
    )
    row.district = measure.district
    targets = list(row.targets.order_by("year"))
    judge([row], {row.pk: targets})
    points = list(
        row.points.filter(school__isnull=True).select_related("created_by").order_by("as_of", "pk")
    )
    return row, points


@dataclass
class SchoolSeries:
    """One school's points of a measure kept per school, judged by the measure's rule as the
    district's are (against its targets, but for a sum, whose targets are the district's)."""

    school: object
    points: list[DataPoint]
    standing: Standing


def school_series(access, measure: Measure, rolled: list[DataPoint], *, school=None):
    """The schools' series of a measure kept per school (of one school, given): each school
    of the district that has a point or is open, with its points; and for each point of the
    district's series (`rolled`) how many schools it could have rolled up (those open on its
    period's first day), by the point's pk. 2 queries, whatever the number of schools and
    points."""
    from measures.rollup import period_of, period_start

    points = DataPoint.objects.readable_in(access).filter(measure=measure, school__isnull=False)
    schools = School.objects.readable_in(access)
    if school is not None:
        points, schools = points.filter(school=school), schools.filter(pk=school.pk)
    by_school = defaultdict(list)
    for point in points.select_related("created_by").order_by("as_of", "pk"):
        by_school[point.school_id].append(point)
    schools = list(schools)
    targets = [] if measure.kept == Measure.Kept.SUM else measure.target_list
    today = timezone.localdate()
    series = []
    for each in schools:
        own = by_school[each.pk]
        if not own and each.is_closed:
            continue
        latest = own[-1] if own else None
        judged_by = standing(
            measure,
            targets,
            latest.value if latest else None,
            latest.as_of if latest else None,
            today=today,
        )
        series.append(SchoolSeries(school=each, points=own, standing=judged_by))
    of_schools = {}
    for point in rolled:
        first = period_start(period_of(point.as_of, measure.cadence), measure.cadence)
        of_schools[point.pk] = sum(
            1 for s in schools if s.closed_at is None or s.closed_at.date() >= first
        )
    return series, of_schools


def point_history(access, measure: Measure) -> QuerySet[Change]:
    """Every addition and correction of the measure's points, newest first (the history app,
    as the reader reads it)."""
    return changes_of(
        access, DataPoint, DataPoint.objects.readable_in(access).filter(measure=measure)
    )


def shown_measures(access, chosen) -> list[tuple]:
    """Chosen measures of the district, each judged with its points and its chart, for a
    page that shows a few of them whole (a board snapshot): 3 queries for all of them."""
    from measures.charts import amount, measure_svg

    rows = list(
        with_latest(Measure.objects.readable_in(access).filter(pk__in=chosen)).prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            # the district's points (of a measure kept per school, its rolled-up series)
            Prefetch(
                "points",
                queryset=DataPoint.objects.filter(school__isnull=True).order_by("as_of", "pk"),
            ),
        )
    )
    judge(rows, {m.pk: list(m.targets.all()) for m in rows})
    shown = []
    for n, measure in enumerate(rows):
        points = list(measure.points.all())
        for point in points:
            point.shown = amount(point.value, measure)
        chart = measure_svg(measure, points, chart_id=f"measure-chart-{n}")
        shown.append((measure, points, chart))
    return shown


def data_due_of(user, district_ids) -> list[tuple[Measure, object]]:
    """The measures the person owns in these districts (whose plans they read: the caller's
    districts of their team) whose data is due, each with the day it was due, as the morning
    reminder tells them (measures.reminders; 2 queries)."""
    from datetime import timedelta

    from measures.status import CADENCE_DAYS

    rows = list(
        with_latest(
            Measure.objects.filter(
                district_id__in=district_ids, owner=user, follows_dimension=False
            )
        ).select_related("district")
    )
    targets = defaultdict(list)
    for target in Target.objects.filter(measure__in=[m.pk for m in rows]).only(
        "measure_id", "year", "value"
    ):
        targets[target.measure_id].append(target)
    due = []
    for measure in judge(rows, targets):
        if measure.standing.status == Status.NEEDS_DATA:
            since = measure.latest_date or measure.baseline_date
            due.append((measure, since + timedelta(days=CADENCE_DAYS[measure.cadence])))
    return due
