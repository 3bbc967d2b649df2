"""The header of every page: the person's district switcher and whether they coach or
facilitate. It is the same on every page and rarely changes, so it is kept in the cache
(Redis when configured, shared by the web workers) instead of costing two queries a page.

It is kept under the person's relations version (their memberships, the districts they coach,
the cohorts they facilitate: districts.models.people_moved) and the version of what every
header shares (districts made, removed or renamed; cohorts and their districts:
people_generation). A person's staff flag is part of the key.
"""

from dataclasses import dataclass

from config.generations import kept
from config.reversing import reverse_fast
from districts.selectors import people_generation

SWITCHER_LIMIT = 15


@dataclass(frozen=True)
class NavDistrict:
    pk: int
    name: str
    url: str


@dataclass(frozen=True)
class Navigation:
    districts: list[NavDistrict]
    more: bool  # more districts than the switcher lists
    coaches: bool
    facilitates: bool


def navigation_for(user) -> Navigation:
    key = (
        f"navigation:{people_generation.current()}:{user.pk}:{user.relations_version}:"
        f"{int(user.is_staff)}"
    )
    return kept(key, lambda: _build(user))


def _build(user) -> Navigation:
    """One query: the first districts of the switcher, each with the person's two flags (a
    second query for the flags only when the person has no district to list)."""
    from django.db import connection

    if not _SQL:
        _SQL.update(_statements())
    with connection.cursor() as cursor:
        if user.is_staff:
            cursor.execute(_SQL["staff"], [user.pk, user.pk, SWITCHER_LIMIT + 1])
        else:
            cursor.execute(_SQL["person"], [user.pk, user.pk, *[user.pk] * 4, SWITCHER_LIMIT + 1])
        rows = cursor.fetchall()
        if rows:
            coaches, facilitates = rows[0][3], rows[0][4]
        else:
            cursor.execute(_SQL["flags"], [user.pk, user.pk])
            coaches, facilitates = cursor.fetchone()
    return Navigation(
        districts=[
            NavDistrict(pk, name, reverse_fast("dashboards:district", district=code))
            for pk, name, code, *_ in rows[:SWITCHER_LIMIT]
        ],
        more=len(rows) > SWITCHER_LIMIT,
        coaches=bool(coaches),
        facilitates=bool(facilitates),
    )


_SQL: dict[str, str] = {}


def _statements() -> dict[str, str]:
    """The header's query, written out once (as the access query is): the ORM would compile
    it anew for every header it makes, which costs more than running it. The districts are
    those of District.objects.visible_to() (tests/test_kept.py holds them equal)."""
    from django.db import connection

    from districts.models import (
        CoachAssignment,
        CohortDistrict,
        CohortFacilitator,
        District,
        Membership,
        SchoolMembership,
    )

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    flags = (
        f"EXISTS(SELECT 1 FROM {table(CoachAssignment)} c WHERE c.coach_id = %s), "  # noqa: S608
        f"EXISTS(SELECT 1 FROM {table(CohortFacilitator)} f WHERE f.user_id = %s)"
    )
    listed = f"SELECT d.id, d.name, d.code, {flags} FROM {table(District)} d"  # noqa: S608
    in_use = " AND d.trashed_at IS NULL"  # a district in the trash is nobody's
    ordered = " ORDER BY d.name, d.state LIMIT %s"
    # The person's own districts (each part by its index), then those rows only, by their
    # primary key: on PostgreSQL an array made first, since with `IN (…)` the planner walks
    # every district in name order looking for them (35 ms at 13,000 districts, 1 ms so).
    # Staff list all districts, by the (name, state) index.
    ids = (
        f"SELECT m.district_id FROM {table(Membership)} m WHERE m.user_id = %s"  # noqa: S608
        f" UNION SELECT s.district_id FROM {table(SchoolMembership)} s WHERE s.user_id = %s"
        f" UNION SELECT c.district_id FROM {table(CoachAssignment)} c WHERE c.coach_id = %s"
        f" UNION SELECT cd.district_id FROM {table(CohortDistrict)} cd"
        f" JOIN {table(CohortFacilitator)} f ON f.cohort_id = cd.cohort_id"
        f" WHERE f.user_id = %s"
    )
    if connection.vendor == "postgresql":
        mine = f" WHERE d.id = ANY(ARRAY({ids}))"
    else:
        mine = f" WHERE d.id IN ({ids})"
    return {
        "staff": listed + " WHERE d.trashed_at IS NULL" + ordered,
        "person": listed + mine + in_use + ordered,
        "flags": f"SELECT {flags}",
    }
