from django.db.models import Count, Prefetch, QuerySet

from districts.models import (
    CoachAssignment,
    Cohort,
    District,
    Invitation,
    Membership,
    people_generation,
)


def districts_for_person(user, *, search: str = "") -> QuerySet[District]:
    """The districts the person may open (see District.objects.visible_to), with member
    counts, for the district list and the switcher."""
    districts = District.objects.visible_to(user)
    if search:
        districts = districts.filter(name__icontains=search)
    return districts.annotate(member_count=Count("membership", distinct=True)).order_by("name")


# The district home's people section (team, coaches, cohorts with their facilitators and
# meetings) is the same for everyone who opens the district and rarely changes: the page keeps
# it rendered in the cache under people_generation (districts.models), moved when any of it
# changes.


def connect_people_signals() -> None:
    """Called once from DistrictsConfig.ready(); an app whose rows the section shows adds
    its own (AccountsConfig.ready for people, MeetingsConfig.ready for meetings)."""
    people_generation.bump_on_change(
        Membership,
        CoachAssignment,
        Cohort,
        District,
        through=(Cohort.facilitators.through, Cohort.districts.through),
    )


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
            Prefetch("facilitators"),
            # the newest first (the meetings' model is the meetings app's: named, not imported)
            Prefetch(
                "meetings",
                queryset=Cohort._meta.get_field("meetings").related_model.objects.order_by(
                    "-first_date"
                ),
            ),
        ),
    }


def district_leads(district: District) -> list[str]:
    """The names of the district's leads, for a refusal that says who can do it."""
    return [
        m.user.full_name or m.user.email
        for m in Membership.objects.filter(district=district, role="lead")
        .select_related("user")
        .order_by("user__full_name")
    ]


def pending_invitations(district: District) -> QuerySet[Invitation]:
    """Invitations not yet used, revoked or expired. Only for people who manage the district."""
    return Invitation.objects.filter(district=district).pending().select_related("invited_by")


def connect_work_signals() -> None:
    """Called once from DistrictsConfig.ready(): a save or delete of any row of a district's
    work (a model whose queryset is a DistrictWorkQuerySet: everything a district owns, and
    rows such as report jobs that name a district), or of the district, starts a new
    generation of that district's work (see districts.models.work_generation; updates and
    bulk writes start one in the queryset)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from districts.models import DistrictWorkQuerySet, work_generation

    def owned_changed(instance, **kwargs):
        work_generation.bump(instance.district_id)

    def district_changed(instance, **kwargs):
        work_generation.bump(instance.pk)

    for model in apps.get_models():
        queryset = getattr(model._default_manager, "_queryset_class", None)
        if (
            queryset
            and issubclass(queryset, DistrictWorkQuerySet)
            and getattr(model, "moves_work_version", True)
        ):
            uid = f"district-work:{model._meta.label}"
            post_save.connect(owned_changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
            post_delete.connect(
                owned_changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete"
            )
    post_save.connect(
        district_changed, sender=District, weak=False, dispatch_uid="district-work:save"
    )
    post_delete.connect(
        district_changed, sender=District, weak=False, dispatch_uid="district-work:delete"
    )
