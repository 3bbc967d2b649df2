from collections.abc import Callable

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from config.compiled import compiled
from config.generations import kept
from config.later import Later
from districts.access import related_district_ids
from districts.models import (
    CoachAssignment,
    Cohort,
    CohortDistrict,
    CohortFacilitator,
    District,
    Invitation,
    Membership,
    Role,
    SchoolMembership,
    people_generation,
    people_moved,
)


def districts_for_person(user, *, search: str = "", state: str = "") -> QuerySet[District]:
    """The districts the person may open (see District.objects.visible_to), of a state if
    given, with member counts, for the district list and the switcher. The count of members
    is a subquery read only for the rows shown: counting the list (its pages) reads no
    membership, and a page of staff's 13,000 districts reads 25 districts' members."""
    districts = District.objects.visible_to(user)
    if search:
        districts = districts.filter(name__icontains=search)
    if state:
        districts = districts.filter(state=state)
    return districts.annotate(member_count=row_count(Membership, "district")).order_by("name")


def row_count(model, field: str) -> Coalesce:
    """How many rows of `model` point at the outer row through `field` (0 when none), as a
    subquery: read only for the rows a page shows, never for the list's count."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def district_states(user) -> list[str]:
    """The states of the districts the person may open, for the district list's filter:
    kept under people_generation and the person's relations."""
    key = f"district-states:{people_generation.current()}:{user.pk}:{user.relations_version}"
    return kept(
        key,
        lambda: sorted(
            District.objects.visible_to(user).order_by().values_list("state", flat=True).distinct()
        ),
    )


# The district home's people section (team, coaches, cohorts with their facilitators and
# meetings) is the same for everyone who opens the district and rarely changes: the page keeps
# it rendered in the cache under the district's people version, and the header and a coach's
# lists under the person's relations version (districts.models.people_moved); both also
# under people_generation, which moves for what every person's pages share.


def cohort_district_ids(cohort_ids) -> set[int]:
    return set(
        CohortDistrict.objects.filter(cohort_id__in=list(cohort_ids)).values_list(
            "district_id", flat=True
        )
    )


def people_moved_on_change(model, districts) -> None:
    """Move the people version of `districts(instance)` whenever a row of `model` is saved or
    deleted (a cohort's meeting, say), and of the districts it belonged to before a save that
    moved it; its bulk writes move people_generation (PeopleQuerySet)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    def before(instance, **kwargs):
        old = model._default_manager.filter(pk=instance.pk).first() if instance.pk else None
        instance._districts_before = districts(old) if old is not None else set()

    def changed(instance, **kwargs):
        moved = getattr(instance, "_districts_before", set())
        people_moved(districts=districts(instance) | moved)

    uid = f"people-moved:{model._meta.label}"
    pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}:before")
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def _relation_changed(instance, created=False, **kwargs) -> None:
    """A membership, a school's membership or a coach assignment saved or deleted: its district's
    people and its person's relations (and, for a row moved to another district or person, the
    old ones)."""
    field = instance.person_field
    districts = {instance.district_id}
    people = {getattr(instance, f"{field}_id")}
    loaded = getattr(instance, "_loaded_relation", None)
    if loaded and not created:
        districts.add(loaded[0])
        people.add(loaded[1])
    people_moved(districts=districts, people=people)


def _facilitators_changed(instance, **kwargs) -> None:
    """A cohort's facilitator added or removed (a row of the link; cohort.facilitators.add()
    writes in bulk: FacilitatorQuerySet): the facilitator's relations and the people sections
    of the cohort's districts."""
    people_moved(districts=cohort_district_ids([instance.cohort_id]), people={instance.user_id})


def _person_changed(instance, created=False, update_fields=None, **kwargs) -> None:
    """A person's name, email or staff flag shows in the people sections of their districts and
    in their own header; a sign-in (last_login) or a new password shows nowhere."""
    if update_fields and set(update_fields) <= {"last_login", "password", "relations_version"}:
        return
    if created:
        return  # nobody's page names a person before they relate to a district
    # The districts whose people section names the person, also those in the trash.
    named_in = related_district_ids(instance.pk, trashed_too=True)
    people_moved(districts={row["district_id"] for row in named_in}, people={instance.pk})


def _district_changed(instance, created=False, **kwargs) -> None:
    """A district made, or renamed: every header and list of districts (people_generation);
    any other change (its sharing, its clock): its own people section."""
    if created or instance.listed_changed():
        people_generation.bump()
    else:
        people_moved(districts={instance.pk})


def connect_people_signals() -> None:
    """Called once from DistrictsConfig.ready(); an app whose rows the section shows adds
    its own (MeetingsConfig.ready for meetings)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    # What every person's pages share: the cohorts, and which districts are in which.
    people_generation.bump_on_change(Cohort, through=(Cohort.districts.through,))
    for model in (Membership, CoachAssignment, SchoolMembership):
        uid = f"people-moved:{model._meta.label}"
        post_save.connect(_relation_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_relation_changed, sender=model, dispatch_uid=f"{uid}:delete")
    uid = "people-moved:facilitators"
    post_save.connect(_facilitators_changed, sender=CohortFacilitator, dispatch_uid=f"{uid}:save")
    post_delete.connect(
        _facilitators_changed, sender=CohortFacilitator, dispatch_uid=f"{uid}:delete"
    )
    post_save.connect(_person_changed, sender=get_user_model(), dispatch_uid="people-moved:person")
    post_save.connect(_district_changed, sender=District, dispatch_uid="people-moved:district")
    post_delete.connect(
        lambda **kwargs: people_generation.bump(),
        sender=District,
        weak=False,
        dispatch_uid="people-moved:district-gone",
    )


def district_people(district: District) -> dict:
    """The team, the coaches and the cohorts of one district, for its home page, each read
    when first used (the home keeps them rendered). The caller has opened the district
    through the access layer; these rows are shared with the cohort. The team and the
    coaches are compiled once (config.compiled): every first view of a home reads them."""
    district_id = district.pk
    return {
        "memberships": Later(lambda: _compiled_rows("district-team", _team, district_id)),
        "coaches": Later(lambda: _compiled_rows("district-coaches", _coaches, district_id)),
        "cohorts": Later(lambda: _cohorts_with_people(district_id)),
    }


def school_people(access) -> list:
    """The people of the district's schools, school by school (by name), leads first, each
    with their role: for the district's People page (its team and staff). One query."""
    return list(
        SchoolMembership.objects.readable_in(access)
        .select_related("user", "school")
        .order_by("school__name", "school_id", "role", "user__full_name", "pk")
    )


def _compiled_rows(key: str, rows: Callable[[int], QuerySet], district_id: int) -> list:
    """What `rows(district_id)` reads for one district, by a query compiled once
    (config.compiled) under `key`."""
    return compiled((key,), rows).objects(district_id=district_id)


def _team(district_id: int) -> QuerySet:
    return (
        Membership.objects.filter(district_id=district_id)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def _coaches(district_id: int) -> QuerySet:
    return (
        CoachAssignment.objects.filter(district_id=district_id)
        .select_related("coach")
        .order_by("coach__full_name")
    )


def _cohorts_with_people(district_id: int) -> list[Cohort]:
    """The district's cohorts, each with its facilitators (by name) and its meetings (the
    newest first), as prefetch_related() would give them: three queries, each compiled once
    (config.compiled)."""
    cohorts = compiled(
        ("district-cohorts",),
        lambda district_id: Cohort.objects.filter(districts=district_id),
    ).objects(district_id=district_id)
    if not cohorts:
        return cohorts
    facilitating = Cohort.facilitators.through
    # the meetings' model is the meetings app's: named, not imported
    meeting = Cohort._meta.get_field("meetings").related_model
    facilitators = compiled(
        ("district-cohorts-facilitators",),
        lambda district_id: (
            facilitating.objects.filter(cohort__districts=district_id)
            .select_related("user")
            .order_by("user__full_name", "user__email")
        ),
    ).objects(district_id=district_id)
    meetings = compiled(
        ("district-cohorts-meetings",),
        lambda district_id: meeting.objects.filter(cohort__districts=district_id).order_by(
            "-first_date"
        ),
    ).objects(district_id=district_id)
    by_pk = {cohort.pk: cohort for cohort in cohorts}
    for m in meetings:  # each meeting knows its cohort, as prefetch_related() makes it
        m.cohort = by_pk[m.cohort_id]
    for cohort in cohorts:
        _prefetched(
            cohort, "facilitators", [f.user for f in facilitators if f.cohort_id == cohort.pk]
        )
        _prefetched(cohort, "meetings", [m for m in meetings if m.cohort_id == cohort.pk])
    return cohorts


def _prefetched(instance, name: str, rows: list) -> None:
    """Rows of a relation of `instance`, kept where prefetch_related() keeps them (its
    related manager's all() answers them without a query)."""
    queryset = getattr(instance, name).all()
    queryset._result_cache, queryset._prefetch_done = rows, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def next_meeting_in(cohorts):
    """The next meeting (today or later) of these cohorts, from district_people()'s cohorts
    with their meetings (no query of its own)."""
    from django.utils import timezone

    today = timezone.localdate()
    upcoming = [m for cohort in cohorts for m in cohort.meetings.all() if m.first_date >= today]
    return min(upcoming, key=lambda meeting: meeting.first_date, default=None)


def active_leads(districts) -> QuerySet[Membership]:
    """The memberships of these districts' active leads (districts as rows or ids), with their
    person and district: whom a reminder for a district's leads goes to."""
    return Membership.objects.filter(
        district__in=districts, role=Role.LEAD, user__is_active=True
    ).select_related("user", "district")


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
