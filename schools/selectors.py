"""Reads of schools."""

from django.db.models import Count, Q

from accounts.models import User
from districts.access import DistrictAccess, schools_reached
from districts.models import Membership, SchoolMembership
from schools.models import School


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


def school_counts(access: DistrictAccess) -> dict[str, int]:
    """How many of the district's schools are open and closed, as the opener reads them
    (a school's people: their own): one query."""
    return schools_reached(access, School.objects.readable_in(access)).aggregate(
        open=Count("pk", filter=Q(closed_at__isnull=True)),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
    )
