"""The header of every page: the person's district switcher and whether they coach or
facilitate. It is the same on every page and rarely changes, so it is kept in the cache
(Redis when configured, shared by the web workers) instead of costing two queries a page.

Everything it is made of (memberships, coach assignments, cohorts' facilitators and
districts, districts themselves) starts a new generation of kept headers when it changes
(config.generations).
A person's staff flag is part of the key. Bulk writes that bypass signals (the seed commands)
call `navigation_changed()` themselves.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from config.generations import Generation

SWITCHER_LIMIT = 15
KEPT_FOR = 600  # seconds; a safety net, invalidation does the real work


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


generation = Generation("navigation")


def navigation_changed() -> None:
    """Forget every kept header (see config.generations)."""
    generation.bump()


def navigation_for(user) -> Navigation:
    key = f"navigation:{generation.current()}:{user.pk}:{int(user.is_staff)}"
    navigation = cache.get(key)
    if navigation is None:
        navigation = _build(user)
        cache.set(key, navigation, KEPT_FOR)
    return navigation


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


def connect_signals() -> None:
    """Called once from DistrictsConfig.ready()."""
    from districts.models import CoachAssignment, Cohort, District, Membership

    generation.bump_on_change(
        Membership,
        CoachAssignment,
        District,
        Cohort,
        through=(Cohort.facilitators.through, Cohort.districts.through),
    )
