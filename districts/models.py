"""Districts are the tenants. Everything a district owns inherits DistrictOwned."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from config.generations import Generation, KeyedGeneration, first_version, next_version
from districts.validators import one_line

# People and districts, in three versions, each moved in the write's transaction:
# - District.people_version: what one district's people section shows (its team, coaches,
#   cohorts' facilitators and meetings, the names of those people);
# - User.relations_version: what one person's header and cross-district lists depend on (their
#   memberships, the districts they coach, the cohorts they facilitate);
# - people_generation: what every person's pages share, the list of districts and cohorts (a
#   district or cohort made, removed or renamed, a cohort's districts), and any write of
#   people whose scope is not known (a bulk write of cohorts or people). Kept things depend
#   on it and on their scoped version, so that a membership or a meeting in one district
#   makes cold only the pages that show it (people_moved).
people_generation = Generation("district-people")


def people_moved(*, districts=(), people=()) -> None:
    """Move the people version of these districts and the relations version of these people,
    in the current transaction (one UPDATE each). For writes whose scope is known; the signals
    and querysets of districts.selectors.connect_people_signals call it."""
    from django.contrib.auth import get_user_model

    districts = {pk for pk in districts if pk is not None}
    people = {pk for pk in people if pk is not None}
    if districts:
        models.QuerySet.update(
            District.with_trashed.filter(pk__in=districts),
            people_version=next_version("people_version"),
        )
    if people:
        models.QuerySet.update(
            get_user_model().objects.filter(pk__in=people),
            relations_version=next_version("relations_version"),
        )


def versioned_queryset(generation: Generation) -> type[models.QuerySet]:
    """A queryset whose updates and bulk writes move `generation` after the write, in its
    transaction (saves and deletes move it through signals: Generation.bump_on_change)."""

    class VersionedQuerySet(models.QuerySet):
        def update(self, **kwargs) -> int:
            count = super().update(**kwargs)
            generation.bump()
            return count

        update.alters_data = True

        def bulk_create(self, objs, *args, **kwargs):
            made = super().bulk_create(objs, *args, **kwargs)
            generation.bump()
            return made

        bulk_create.alters_data = True

        def bulk_update(self, objs, *args, **kwargs):
            count = super().bulk_update(objs, *args, **kwargs)
            generation.bump()
            return count

        bulk_update.alters_data = True

    VersionedQuerySet.__name__ = f"VersionedQuerySet[{generation.name}]"
    return VersionedQuerySet


# Rows that people lists and navigation show (cohorts, meetings).
PeopleQuerySet = versioned_queryset(people_generation)


def new_district_code() -> str:
    """An opaque, unguessable code for URLs (no sequential ids in public URLs)."""
    return secrets.token_hex(6)


def optional_fk(
    to, *, blank: bool = True, one_to_one: bool = False, **options
) -> models.ForeignKey:
    """A link that may be empty (in forms too, unless blank=False), and is emptied when what it
    points to is deleted; one_to_one when at most one row may link to each thing."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(to, null=True, blank=blank, on_delete=models.SET_NULL, **options)


def acting_person(*, blank: bool = False, editable: bool = True) -> models.ForeignKey:
    """Who did something to a row (made, changed, decided it): kept as empty once their
    account is deleted, with no way back from the person to the row."""
    return optional_fk(settings.AUTH_USER_MODEL, blank=blank, editable=editable, related_name="+")


class Audience(models.TextChoices):
    """Who beyond the district's own team may read a piece of its work."""

    DISTRICT = "district", "District only"
    # The district's team and the people of its schools (districts.access: Audience.SCHOOLS
    # is read by the school relations, not by coaches or a cohort).
    SCHOOLS = "schools", "With its schools"
    COACHES = "coaches", "With its coaches"
    COHORT = "cohort", "With its coaches and its cohort"


class Strand(models.TextChoices):
    """The three strands a district's work moves along (the long-term plan's columns, a
    measure's strand, a school's implementation stage): kept in the kernel so that the plan
    and the schools below it name the same three."""

    PRACTICE = "practice", "Practice"
    POLICY = "policy", "Policy"
    PUBLIC_WILL = "public_will", "Public Will"


class Role(models.TextChoices):
    LEAD = "lead", "Lead"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


# A district's fields that the list of districts shows to everyone (the header, the lists),
# and whether it is listed at all (a district in the trash is not).
LISTED_FIELDS = frozenset({"name", "state", "trashed_at"})


class DistrictQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        """Any update of districts moves their work version and their people version in the
        same statement; a new name or state moves the version of people and districts after
        it (every header lists districts by name)."""
        kwargs.setdefault("work_version", next_version("work_version"))
        if set(kwargs) - {"work_version", "people_version"}:
            kwargs.setdefault("people_version", next_version("people_version"))
        count = super().update(**kwargs)
        if set(kwargs) & LISTED_FIELDS:
            people_generation.bump()
        return count

    update.alters_data = True

    def move_work_version(self) -> int:
        """Start a new version of these districts' work (kept parts made before are never
        read again)."""
        return super().update(work_version=next_version("work_version"))

    def visible_to(self, user) -> "DistrictQuerySet":
        """Districts the person may open: where they hold a relation (districts.access:
        their memberships, the districts they coach, the districts of the cohorts they
        facilitate); staff see every district."""
        from districts.access import related_district_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(pk__in=related_district_ids(user))


class DistrictManager(models.Manager.from_queryset(DistrictQuerySet)):
    """Districts in use: a district in the trash (trashed_at set) is left out of every read
    through District.objects, and so of every list, relation (a cohort's districts) and form;
    only the trash (trash.selectors), its purge, backups and version moves read it, through
    District.with_trashed. The access query and the header's, written in SQL, leave it out
    too (districts.access, districts.navigation)."""

    def get_queryset(self) -> DistrictQuerySet:
        return super().get_queryset().filter(trashed_at__isnull=True)


# The time zones of US school districts (and their territories): a district's pages, times,
# due dates and "overdue" follow its clock.
TIME_ZONE_CHOICES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Mountain, no daylight saving (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico, U.S. Virgin Islands)"),
    ("Pacific/Guam", "Chamorro (Guam, Northern Mariana Islands)"),
    ("Pacific/Pago_Pago", "Samoa (American Samoa)"),
]

PLAN_SHARING_CHOICES = [
    (Audience.COACHES.value, "Its coaches"),
    (Audience.COHORT.value, "Its coaches and its cohort (facilitators and meeting packets)"),
]


class DomainJoin(models.TextChoices):
    """What happens when someone signs in with an identity provider whose verified email is
    of one of the district's verified domains and who does not belong to the district."""

    OFF = "off", "Nobody joins by email domain"
    ASK = "ask", "They ask to join, and a lead approves"
    VIEWER = "viewer", "They join at once, as viewers"


class District(models.Model):
    name = models.CharField(max_length=200, validators=[one_line])
    state = models.CharField(
        max_length=2, help_text="Two-letter postal code, e.g. ME.", validators=[one_line]
    )
    code = models.SlugField(max_length=32, unique=True, default=new_district_code, editable=False)
    # Who beyond the team reads the plan (long-term plan, action plans, policy review,
    # engagement): its coaches always; its cohort if the district's leads choose so.
    plan_sharing = models.CharField(
        "share the plan with",
        max_length=10,
        choices=PLAN_SHARING_CHOICES,
        default=Audience.COACHES,
    )
    # When its leads first chose who reads the plan (planning.services.plan_sharing_set): the
    # getting-started list of its home ticks "choose what to share" by it.
    sharing_chosen_at = models.DateTimeField(null=True, blank=True, editable=False)
    time_zone = models.CharField(
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="America/New_York",
        help_text="The district's clock: times on its pages, due dates and what is overdue.",
    )
    domain_join = models.CharField(
        "people who sign in with our email domains",
        max_length=10,
        choices=DomainJoin.choices,
        default=DomainJoin.OFF,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The version of everything the district owns: moved in the same transaction as any
    # write to it (config.generations), and part of the key of whatever is kept of it.
    work_version = models.BigIntegerField(default=first_version, editable=False)
    # The version of its people section (see people_moved); 0 for a row the previous release
    # inserts while a deploy rolls.
    people_version = models.BigIntegerField(default=first_version, db_default=0, editable=False)
    # In the trash since (trash.services.district_trash): invisible to everyone but the staff's
    # trash page, restored whole within settings.DISTRICT_TRASH_DAYS, purged after.
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    trashed_by = acting_person(blank=True, editable=False)

    objects = DistrictManager()
    # Every district, those in the trash too: for the trash itself, version moves, backups.
    with_trashed = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "state"], name="district_name_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    def get_absolute_url(self) -> str:
        from config.reversing import reverse_fast

        return reverse_fast("dashboards:district", district=self.code)

    @classmethod
    def from_db(cls, db, field_names, values):
        district = super().from_db(db, field_names, values)
        # What the list of districts shows, as loaded: a save that changes it moves the
        # version of people and districts (districts.selectors.connect_people_signals).
        # (__dict__: a field left out of the query is not read here, which would query again)
        loaded = district.__dict__
        district._listed = {f: loaded[f] for f in LISTED_FIELDS if f in loaded}
        return district

    def listed_changed(self) -> bool:
        """Made, or its name or state changed since it was read (or not read: changed)."""
        loaded = getattr(self, "_listed", None)
        if loaded is None or set(loaded) != LISTED_FIELDS:
            return True
        return any(self.__dict__.get(f) != loaded[f] for f in LISTED_FIELDS)

    def plan_audience(self) -> Audience:
        """Who beyond the team reads the district's plan (its leads choose)."""
        return Audience(self.plan_sharing)


# A district's work (every row it owns, and the district itself) has a cache generation of its
# own: what a page keeps rendered from one district's work is kept under it, and any change to
# that work starts a new one (the signals in DistrictsConfig.ready() for saves and deletes,
# DistrictWorkQuerySet for updates and bulk writes). Other districts' pages stay kept.
work_generation = KeyedGeneration()


class KeptVersion(models.Model):
    """A named version of what is kept in the cache (config.generations.Generation): people
    and districts, the frameworks. Moved in the same transaction as the write it follows."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} {self.value}"


def _moves(model) -> bool:
    return getattr(model, "moves_work_version", True)


class DistrictWorkQuerySet(models.QuerySet):
    """Rows of a district's work (a `district` foreign key): an update or a bulk write moves
    the work version of the districts it touches, after the write and in its transaction."""

    def update(self, **kwargs) -> int:
        ids = self._district_ids() if _moves(self.model) else set()
        people = self._people_of()
        count = super().update(**kwargs)
        if "district" in kwargs or "district_id" in kwargs:
            moved_to = kwargs.get("district_id", getattr(kwargs.get("district"), "pk", None))
            ids.add(moved_to)
        field = getattr(self.model, "person_field", None)
        if field and (field in kwargs or f"{field}_id" in kwargs):
            people.add(kwargs.get(f"{field}_id", getattr(kwargs.get(field), "pk", None)))
        work_generation.bump(*ids)
        self._people_changed(ids, people)
        return count

    update.alters_data = True

    def _people_changed(self, districts, people) -> None:
        if getattr(self.model, "person_field", None):
            people_moved(districts=districts, people=people)

    def _people_of(self) -> set[int]:
        field = getattr(self.model, "person_field", None)
        if not field:
            return set()
        return set(self.order_by().values_list(f"{field}_id", flat=True).distinct())

    def _people_in(self, objs) -> set[int]:
        field = getattr(self.model, "person_field", None)
        return {getattr(obj, f"{field}_id") for obj in objs} if field else set()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        made = super().bulk_create(objs, *args, **kwargs)
        districts = {obj.district_id for obj in objs}
        if _moves(self.model):
            work_generation.bump(*districts)
        self._people_changed(districts, self._people_in(objs))
        return made

    bulk_create.alters_data = True

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        districts = {obj.district_id for obj in objs}
        people = set()
        if getattr(self.model, "person_field", None):
            # Moved from one district or person to another: both sides changed.
            before = self.model._default_manager.filter(pk__in=[obj.pk for obj in objs])
            people = before._people_of() | self._people_in(objs)
            districts |= before._district_ids()
        count = super().bulk_update(objs, *args, **kwargs)
        if _moves(self.model):
            work_generation.bump(*districts)
        self._people_changed(districts, people)
        return count

    bulk_update.alters_data = True

    def _district_ids(self) -> set[int]:
        return set(self.order_by().values_list("district_id", flat=True).distinct())


class DistrictOwnedQuerySet(DistrictWorkQuerySet):
    def visible_to(self, user) -> "DistrictOwnedQuerySet":
        """Rows the person may read, by the rules of the access layer (districts.access:
        readable_rows, generated from RULES): the district's team reads all of its rows; its
        coaches what is shared with coaches; facilitators of its cohorts what is shared with
        the cohort; staff everything. Anonymous: nothing. A trashed district's rows: nobody's."""
        from districts.access import readable_rows

        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.filter(district__trashed_at__isnull=True)
        return self.filter(readable_rows(user, self.model))

    def readable_in(self, access) -> "DistrictOwnedQuerySet":
        """The rows of one district its opener may read: the rule of visible_to(), applied
        to the relation the access layer already found (districts.access.DistrictAccess),
        so without visible_to's subqueries over memberships, assignments and cohorts."""
        rows = self.filter(district=access.district)
        reads = access.rule.reads
        if self.model.audience_field:
            return rows.filter(**{f"{self.model.audience_field}__in": sorted(reads)})
        return rows if self.model.audience in reads else rows.none()

    def unscoped_across_districts(self) -> "DistrictOwnedQuerySet":
        """Every district's rows, unchecked: for the access layer itself (which must tell
        another district's object from a missing one), a credential that names its own row (an
        invitation's token), admin and management commands. Views and API modules never read
        district rows but through readable_in() or visible_to() (tests/test_tenant_scope.py)."""
        return self


class DistrictOwned(models.Model):
    """Abstract base of everything a district owns.

    `audience` says who beyond the district's team reads rows of this model; a model whose
    rows are shared one by one names the field that holds each row's Audience instead.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, db_index=True)

    audience: Audience = Audience.COACHES
    audience_field: str | None = None
    # False for what a read writes (a read marker): it changes nothing any other page shows.
    moves_work_version: bool = True

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def shared_with_audience(self) -> Audience:
        """The audience of this row: the model's, or the one its audience field names
        (which may reach through relations, e.g. "round__shared_with")."""
        if not self.audience_field:
            return self.audience
        value = self
        for part in self.audience_field.split("__"):
            value = getattr(value, part)
        return Audience(value)


class Coded(models.Model):
    """A row that URLs and the API name by an opaque code, never by its sequential id."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class RelationRow:
    """A row that relates a person to a district (a membership, a coach assignment): the
    district and person it was loaded with, so that a save moving it elsewhere moves the
    versions of both sides (districts.selectors._relation_changed)."""

    person_field: str

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._loaded_relation = (
            row.__dict__.get("district_id"),
            row.__dict__.get(f"{cls.person_field}_id"),
        )
        return row


class Membership(RelationRow, DistrictOwned, Coded):
    """A person's role in one district. A person may belong to several districts."""

    audience = Audience.COHORT  # the team's names show on the district's home page
    person_field = "user"  # a change moves this person's relations (people_moved)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.district.name}"


class CoachAssignment(RelationRow, DistrictOwned):
    """A coach of the support organisation assigned to a district: reads, comments, never edits."""

    audience = Audience.COHORT
    person_field = "coach"  # a change moves this person's relations (people_moved)

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "coach__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "coach"], name="coach_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.coach} coaches {self.district.name}"


class SchoolRole(models.TextChoices):
    """A person's role in one school of a district (districts.access: the school relations)."""

    SCHOOL_LEAD = "school_lead", "School lead"
    SCHOOL_MEMBER = "school_member", "School member"
    SCHOOL_VIEWER = "school_viewer", "School viewer"


class SchoolMembership(RelationRow, DistrictOwned, Coded):
    """A person's role in one school of the district (a principal leads it, its teachers are
    members): the row by which they hold a school relation to the school's district
    (districts.access._held). The school is named by its label, since the kernel imports no
    feature; its district is the row's own, which the services keep equal to the school's."""

    audience = Audience.COACHES  # as its school: the district's team, its schools, its coaches
    person_field = "user"  # a change moves this person's relations (people_moved)

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships"
    )
    role = models.CharField(
        max_length=16, choices=SchoolRole.choices, default=SchoolRole.SCHOOL_MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "user__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="school_membership_unique")
        ]
        indexes = [models.Index(fields=["user", "district"], name="school_membership_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.school}"


class Cohort(models.Model):
    """A PLG series: districts that meet together, run by facilitators. Not district-owned:
    it spans districts, and each district decides what it shares with it."""

    name = models.CharField(max_length=200, unique=True, validators=[one_line])
    code = models.SlugField(max_length=32, unique=True, default=new_district_code, editable=False)
    outcomes = models.TextField("series outcomes", blank=True, help_text="One per line.")
    norms = models.TextField("group norms", blank=True, help_text="One per line.")
    expectations = models.TextField(
        "participant expectations", blank=True, help_text="One per line."
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_cohorts",
        blank=True,
        through="CohortFacilitator",
    )
    districts = models.ManyToManyField(
        District, related_name="cohorts", blank=True, through="CohortDistrict"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeopleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The cohorts' links, declared rather than made by Django: Django sends no signal when rows
# of a link table it made are deleted directly (a district leaving a cohort in a data fix),
# and these links decide who reads which district. Same tables as before.


class CohortDistrict(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE)
    district = models.ForeignKey(District, on_delete=models.CASCADE)

    objects = PeopleQuerySet.as_manager()

    class Meta:
        db_table = "districts_cohort_districts"
        unique_together = [("cohort", "district")]

    def __str__(self) -> str:
        return f"{self.district_id} in {self.cohort_id}"


class FacilitatorQuerySet(PeopleQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """New facilitators (cohort.facilitators.add() writes in bulk): their relations and
        the people sections of their cohorts' districts, not everyone's pages."""
        objs = list(objs)
        made = models.QuerySet.bulk_create(self, objs, *args, **kwargs)
        districts = CohortDistrict.objects.filter(
            cohort_id__in={obj.cohort_id for obj in objs}
        ).values_list("district_id", flat=True)
        people_moved(districts=set(districts), people={obj.user_id for obj in objs})
        return made

    bulk_create.alters_data = True


class CohortFacilitator(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        db_table = "districts_cohort_facilitators"
        unique_together = [("cohort", "user")]

    def __str__(self) -> str:
        return f"{self.user_id} facilitates {self.cohort_id}"


class InvitationQuerySet(DistrictOwnedQuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(DistrictOwned, Coded):
    """An emailed, expiring, single-use link that makes the recipient a member of a district.
    Only a hash of the token is stored; the token itself travels in the email alone."""

    audience = Audience.DISTRICT

    email = models.EmailField(validators=[one_line])
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = acting_person(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.district.name}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


def new_domain_proof() -> str:
    return secrets.token_urlsafe(24)


class EmailDomain(DistrictOwned, Coded):
    """An email domain of the district (riverside.k12.me.us), listed by its leads. It counts
    for joining (District.domain_join) only once verified: by Waypoint's staff, or by a DNS TXT
    record holding `txt_record` (districts.joining.domain_check_dns). A verified domain is one
    district's only."""

    audience = Audience.DISTRICT

    class Verification(models.TextChoices):
        STAFF = "staff", "by Waypoint’s staff"
        DNS = "dns", "by its DNS record"

    domain = models.CharField(max_length=253, validators=[one_line])
    proof = models.CharField(max_length=64, default=new_domain_proof, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verification = models.CharField(max_length=5, choices=Verification.choices, blank=True)
    verified_by = acting_person(blank=True)
    added_by = acting_person()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["district", "domain"], name="email_domain_unique"),
            models.UniqueConstraint(
                fields=["domain"],
                condition=Q(verified_at__isnull=False),
                name="email_domain_verified_once",
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def txt_record(self) -> str:
        return f"waypoint-verification={self.proof}"


class JoinRequest(DistrictOwned, Coded):
    """Someone who signed in with one of the district's verified email domains and asked to
    join (District.domain_join = ask): its leads approve (with a role) or decline."""

    audience = Audience.DISTRICT

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = acting_person(blank=True)
    approved = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "user"],
                condition=Q(decided_at__isnull=True),
                name="join_request_pending_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.district.name}"
