"""Reads of the implementation plans. Callers pass districts opened through districts.access."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from config.compiled import compiled
from districts.access import TEAM, related_district_ids
from districts.models import District
from planning.models import (
    ActionPlan,
    ActionStep,
    EngagementActivity,
    LongTermPlan,
    PlanCell,
    PolicyReview,
    Strand,
)


@dataclass
class GridRow:
    year: int
    cells: list[tuple[str, str, PlanCell | None]]  # (strand, label, cell)

    @property
    def past(self) -> bool:
        """Its June is over: each milestone of the row needs a status that says how it went."""
        return timezone.localdate() > date(self.year, 6, 30)


def plan_of(access) -> LongTermPlan | None:
    """The district's long-term plan (None until one is made), as its opener may read it."""
    return LongTermPlan.objects.readable_in(access).first()


@dataclass
class PlanGlance:
    """The plan at a glance, for the district's home: its milestones by status, its overdue
    steps, and the milestones whose June is over that do not yet say how it went."""

    plan: LongTermPlan
    by_status: list[tuple[str, str, int]]  # (status, label, milestones)
    overdue_steps: int
    undecided_past: int


def _plan_with_overdue(access, today):
    """The plan with its count of overdue steps (`overdue_steps`), in one query."""
    overdue = (
        ActionStep.objects.readable_in(access)
        .overdue(today)
        .order_by()
        .values("district")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        LongTermPlan.objects.readable_in(access)
        .annotate(overdue_steps=Coalesce(Subquery(overdue), 0))
        .order_by("pk")[:1]
    )


def plan_glance(access) -> PlanGlance | None:
    """None without a plan (2 queries with one: the plan with its count of overdue steps, and
    its milestones' statuses)."""
    today = timezone.localdate()
    plans = compiled(
        access.compiled_key("home-plan"),
        lambda district_id, today: _plan_with_overdue(access.stand_in(district_id), today),
    ).objects(district_id=access.district.pk, today=today)
    if not plans:
        return None
    plan = plans[0]
    cells = {
        (year, strand): status
        for year, strand, status in compiled(
            access.compiled_key("home-plan-cells"),
            lambda district_id, plan_id, first, end: (
                PlanCell.objects.readable_in(access.stand_in(district_id))
                .filter(plan_id=plan_id, year__gte=first, year__lt=end)
                .values_list("year", "strand", "status")
            ),
        ).rows(
            district_id=access.district.pk,
            plan_id=plan.pk,
            first=plan.first_year,
            end=plan.first_year + plan.years,
        )
    }
    slots = [(year, strand) for year in plan.horizon for strand in Strand.values]
    statuses = [cells.get(slot, PlanCell.Status.NOT_STARTED) for slot in slots]
    undecided = {PlanCell.Status.NOT_STARTED, PlanCell.Status.ON_TRACK}
    past = [
        status
        for (year, _), status in zip(slots, statuses, strict=True)
        if today > date(year, 6, 30) and status in undecided
    ]
    return PlanGlance(
        plan=plan,
        by_status=[
            (value, label, statuses.count(value)) for value, label in PlanCell.Status.choices
        ],
        overdue_steps=plan.overdue_steps,
        undecided_past=len(past),
    )


def plan_grid(plan: LongTermPlan | None, *, with_schools: bool = False) -> list[GridRow]:
    """The grid: one row per June of the horizon, one cell per strand (1 query; 2 `with_schools`,
    each cell with the schools it concerns)."""
    if plan is None:
        return []
    cells = plan.cells.filter(year__in=plan.horizon).select_related("updated_by")
    if with_schools:
        cells = cells.prefetch_related("schools")
    cells = {(c.year, c.strand): c for c in cells}
    return [
        GridRow(
            year=year,
            cells=[(value, label, cells.get((year, value))) for value, label in Strand.choices],
        )
        for year in plan.horizon
    ]


def action_plans(district: District) -> QuerySet[ActionPlan]:
    """The district's action plans with their progress, in the order they were written."""
    today = timezone.localdate()
    return ActionPlan.objects.filter(district=district).annotate(
        steps_total=Count("steps", distinct=True),
        steps_done=Count("steps", filter=Q(steps__status=ActionStep.Status.DONE), distinct=True),
        steps_overdue=Count(
            "steps",
            filter=Q(steps__due_date__lt=today) & ~Q(steps__status=ActionStep.Status.DONE),
            distinct=True,
        ),
    )


def action_plan_detail(plan: ActionPlan, *, school=None) -> ActionPlan:
    """One plan with its steps (those naming `school`, if given), their coordinators and
    schools, and the dimensions it serves (4 queries)."""
    steps = ActionStep.objects.select_related("coordinator", "commitment__meeting")
    if school is not None:
        steps = steps.filter(schools=school)
    return (
        ActionPlan.objects.filter(pk=plan.pk)
        .prefetch_related(
            Prefetch("steps", queryset=steps.prefetch_related("schools")),
            Prefetch("dimensions"),
        )
        .get()
    )


def policy_checklist(district: District) -> QuerySet[PolicyReview]:
    return PolicyReview.objects.filter(district=district)


def status_counts(rows, choices) -> list[tuple[str, str, int]]:
    counts = {value: 0 for value, _ in choices}
    for row in rows:
        counts[row.status if hasattr(row, "status") else row] += 1
    return [(value, label, counts[value]) for value, label in choices]


def engagement_spread(district: District) -> list[tuple[str, str, int]]:
    """How many activities sit at each point of the spectrum (1 query)."""
    counts = dict(
        EngagementActivity.objects.filter(district=district)
        .values_list("spectrum")
        .annotate(n=Count("pk"))
    )
    return [
        (value, label, counts.get(value, 0)) for value, label in EngagementActivity.Spectrum.choices
    ]


def my_steps(user: User) -> QuerySet[ActionStep]:
    """Steps the person coordinates, across the districts they belong to, soonest due first."""
    return (
        ActionStep.objects.visible_to(user)
        .filter(coordinator=user, district__in=related_district_ids(user, TEAM))
        .exclude(status=ActionStep.Status.DONE)
        .select_related("plan", "district")
        .order_by("due_date", "pk")
        .distinct()
    )
