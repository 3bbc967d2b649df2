from django.db.models import Count, Prefetch, QuerySet

from districts.models import CoachAssignment, Cohort, District, Invitation, Membership


def districts_for_person(user, *, search: str = "") -> QuerySet[District]:
    """The districts the person may open (see District.objects.visible_to), with member
    counts, for the district list and the switcher."""
    districts = District.objects.visible_to(user)
    if search:
        districts = districts.filter(name__icontains=search)
    return districts.annotate(member_count=Count("membership", distinct=True)).order_by("name")


def district_people(district: District) -> dict:
    """The team, the coaches and the cohorts of one district, for its home page. The caller
    has opened the district through the access layer; these rows are shared with the cohort."""
    return {
        "memberships": Membership.objects.filter(district=district)
        .select_related("user")
        .order_by("role", "user__full_name"),
        "coaches": CoachAssignment.objects.filter(district=district)
        .select_related("coach")
        .order_by("coach__full_name"),
        "cohorts": Cohort.objects.filter(districts=district).prefetch_related(
            Prefetch("facilitators"), Prefetch("meetings")
        ),
    }


def pending_invitations(district: District) -> QuerySet[Invitation]:
    """Invitations not yet used, revoked or expired. Only for people who manage the district."""
    return Invitation.objects.filter(district=district).pending().select_related("invited_by")
