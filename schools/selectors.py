"""Reads of schools."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from districts.access import DistrictAccess, schools_reached
from districts.models import Membership, SchoolMembership, Strand
from schools.models import IMPLEMENTING, School, SchoolStage
from schools.parts import contributed_years


def schools_of(access: DistrictAccess):
    """The district's schools as the opener reads them (the model's audience: its team, its
    coaches, staff; a school's people: their own schools), open ones first, each with its
    principal in Waypoint: one query."""
    return schools_reached(access, School.objects.readable_in(access)).select_related("principal")


def team_of(access: DistrictAccess, school: School):
    """The school's people with their roles, leads first, then by name: for whoever reaches
    the school (districts.access.access_school). One query."""
    return (
        SchoolMembership.objects.readable_in(access)
        .filter(school=school)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )


def district_people(district) -> "User":
    """The people a school's team may take in: the district's active people (its team, and
    the people of its schools), by name."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=Membership.objects.filter(district=district).values("user_id"))
            | Q(pk__in=SchoolMembership.objects.filter(district=district).values("user_id"))
        )
        .order_by("full_name", "email")
    )


def _implementing() -> Exists:
    """Whether a school (the outer row) implements: its current stage on any strand is
    initial or full implementation (docs/schools.md)."""
    return Exists(
        SchoolStage.objects.current().filter(school=OuterRef("pk"), stage__in=IMPLEMENTING)
    )


def _counted() -> dict:
    """What school_counts and implementing_by_district count of a set of schools."""
    is_open = Q(closed_at__isnull=True)
    return {
        "open": Count("pk", filter=is_open),
        "closed": Count("pk", filter=~is_open),
        "implementing": Count("pk", filter=is_open & Q(_implementing())),
    }


def school_counts(access: DistrictAccess) -> dict[str, int]:
    """How many of the district's schools are open and closed, and how many of the open ones
    implement (the district home's line), as the opener reads them: one query."""
    return schools_reached(access, School.objects.readable_in(access)).aggregate(**_counted())


def implementing_by_district(district_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each of these districts with a school, its open schools and how many of them
    implement (the coach dashboard's column): one query for any number of districts. For
    pages whose reader reads these districts' schools (coaches, staff)."""
    rows = (
        School.objects.filter(district_id__in=district_ids)
        .values("district_id")
        .annotate(**_counted())
        .order_by()
    )
    return {row.pop("district_id"): row for row in rows}


@dataclass
class StageHistory:
    """A school's implementation stages: on each strand (in the plan's order) its current
    recording or None, and every recording, newest first."""

    current: list[tuple[str, str, SchoolStage | None]]
    recorded: list[SchoolStage] = field(default_factory=list)


def stage_history(school: School) -> StageHistory:
    """The school's stages (read by whoever reads the school, who opened it already), with
    who recorded each: one query."""
    rows = list(school.stages.select_related("recorded_by").order_by("as_of", "pk"))
    latest = {row.strand: row for row in rows}  # by date: the last one wins
    return StageHistory(
        current=[(value, label, latest.get(value)) for value, label in Strand.choices],
        recorded=rows[::-1],
    )


def school_year(day: date) -> int:
    """The school year a day falls in, named by the June it ends in (July 1 starts the next),
    as the long-term plan names its years."""
    return day.year + 1 if day.month >= 7 else day.year


@dataclass(frozen=True)
class YearColumn:
    june: int
    label: str  # "2025–26"
    when: str  # "past", "current" or "future"


def year_columns(years: list[int]) -> list[YearColumn]:
    """The rollout's columns: each school year, named as schools name it, and whether it is
    over, under way or to come."""
    now = school_year(timezone.localdate())
    return [
        YearColumn(
            june=year,
            label=f"{year - 1}–{year % 100:02d}",
            when="past" if year < now else "current" if year == now else "future",
        )
        for year in years
    ]


@dataclass
class RolloutRow:
    """One school of the rollout: on each strand, its stage at the end of each year shown
    (the current one as of today; None before its first recording and in years to come)."""

    school: School
    strands: list[tuple[str, list[tuple[YearColumn, SchoolStage | None]]]]


def rollout(schools: list[School], columns: list[YearColumn]) -> list[RolloutRow]:
    """The rollout of these schools (a page of them, as the opener reads them) over these
    school years: one query for the page."""
    by_school: dict[int, dict[str, list[SchoolStage]]] = defaultdict(lambda: defaultdict(list))
    for row in SchoolStage.objects.filter(school__in=schools).order_by("as_of", "pk"):
        by_school[row.school_id][row.strand].append(row)
    today = timezone.localdate()
    ends = [
        None if column.when == "future" else min(date(column.june, 6, 30), today)
        for column in columns
    ]
    made = []
    for school in schools:
        strands = []
        for value, label in Strand.choices:
            rows = by_school[school.pk][value]
            cells = [
                (column, _stage_on(rows, end)) for column, end in zip(columns, ends, strict=True)
            ]
            strands.append((label, cells))
        made.append(RolloutRow(school=school, strands=strands))
    return made


def _stage_on(rows: list[SchoolStage], day: date | None) -> SchoolStage | None:
    """The stage in effect on a day, of one strand's recordings in date order."""
    if day is None:
        return None
    found = None
    for row in rows:
        if row.as_of > day:
            break
        found = row
    return found


def rollout_years(access: DistrictAccess) -> list[int]:
    """The rollout's school years, by their June: from the earliest of the district's first
    recorded stage, the current year and its long-term plan's first year (as the opener
    reads the plan: schools.parts.contributed_years), to the latest of the current year and
    the plan's last. One query, and what the plan's contribution reads (one)."""
    first = (
        SchoolStage.objects.readable_in(access)
        .order_by("as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    years = contributed_years(access) | {school_year(timezone.localdate())}
    if first:
        years.add(school_year(first))
    return list(range(min(years), max(years) + 1))


def choosable(district, *, named=()):
    """The schools a piece of work of the district (or its id) may name: its open schools,
    and those the work names already (a closed one stays named on old work, shown as closed)."""
    kept = [school.pk for school in named]
    district_id = getattr(district, "pk", district)
    return School.objects.filter(district_id=district_id).filter(
        Q(closed_at__isnull=True) | Q(pk__in=kept)
    )
