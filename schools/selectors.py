"""Reads of schools."""

from django.db.models import Count, Q

from districts.access import DistrictAccess
from schools.models import School


def schools_of(access: DistrictAccess):
    """The district's schools as the opener reads them (the model's audience: its team, its
    coaches, staff), open ones first, each with its principal in Waypoint: one query."""
    return School.objects.readable_in(access).select_related("principal")


def school_counts(access: DistrictAccess) -> dict[str, int]:
    """How many of the district's schools are open and closed, as the opener reads them:
    one query."""
    return School.objects.readable_in(access).aggregate(
        open=Count("pk", filter=Q(closed_at__isnull=True)),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
    )


def choosable(district, *, named=()):
    """The schools a piece of work of the district (or its id) may name: its open schools,
    and those the work names already (a closed one stays named on old work, shown as closed)."""
    kept = [school.pk for school in named]
    district_id = getattr(district, "pk", district)
    return School.objects.filter(district_id=district_id).filter(
        Q(closed_at__isnull=True) | Q(pk__in=kept)
    )
