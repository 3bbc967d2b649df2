"""The header of every page: the person's district switcher and whether they coach or
facilitate. It is the same on every page and rarely changes, so it is kept in the cache
(Redis when configured, shared by the web workers) instead of costing two queries a page.

Everything it is made of (memberships, coach assignments, cohorts' facilitators and
districts, districts themselves) starts a new generation of people and districts when it
changes (districts.selectors.people_generation), and with it of kept headers.
A person's staff flag is part of the key.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from config.generations import kept
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
    key = f"navigation:{people_generation.current()}:{user.pk}:{int(user.is_staff)}"
    return kept(key, lambda: _build(user))


def _build(user) -> Navigation:
    from accounts.models import User
    from districts.models import CoachAssignment, Cohort, District

    rows = list(
        District.objects.visible_to(user)
        .order_by("name")
        .only("pk", "name", "code")[: SWITCHER_LIMIT + 1]
    )
    roles = (
        User.objects.filter(pk=user.pk)
        .annotate(
            coaches=Exists(CoachAssignment.objects.filter(coach=OuterRef("pk"))),
            facilitates=Exists(Cohort.objects.filter(facilitators=OuterRef("pk"))),
        )
        .values("coaches", "facilitates")
        .first()
    ) or {"coaches": False, "facilitates": False}
    return Navigation(
        districts=[NavDistrict(d.pk, d.name, d.get_absolute_url()) for d in rows[:SWITCHER_LIMIT]],
        more=len(rows) > SWITCHER_LIMIT,
        coaches=roles["coaches"],
        facilitates=roles["facilitates"],
    )
