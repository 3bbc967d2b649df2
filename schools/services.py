"""Writes of schools. Callers have checked access through districts.access (the district's
leads change its schools); these keep a school consistent with its district (a unique name
and NCES id, a grade span that runs upward, a principal who belongs to the district), refuse
stale saves (StaleSave) and keep every change in the history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from districts.access import SCHOOL_TEAM, TEAM, belongs_to
from districts.models import District, SchoolMembership, SchoolRole, Strand
from history.services import change_record, tracked_update
from schools.models import GRADE_NAMES, School, SchoolStage, Stage, nces_school_id
from schools.signals import enrolment_changed, school_closed

# What a person sets of a school, in the order the form and the API show it.
SCHOOL_FIELDS = (
    "name",
    "lowest_grade",
    "highest_grade",
    "nces_id",
    "principal_name",
    "principal",
    "enrolment",
)
# What its history keeps: those, where it came from, and whether and why it closed.
TRACKED_FIELDS = (*SCHOOL_FIELDS, "sourced_id", "closed_at", "closed_note")


def check_grade_span(lowest: int | None, highest: int | None) -> None:
    """Both grades or neither; each a grade from PK to 12; the lowest not above the highest."""
    if (lowest is None) != (highest is None):
        raise ValidationError(
            {
                "highest_grade" if highest is None else "lowest_grade": "Grades: give both the "
                "lowest and the highest grade (PK–12, K–5), or neither."
            }
        )
    if lowest is None:
        return
    if lowest not in GRADE_NAMES or highest not in GRADE_NAMES:
        raise ValidationError({"lowest_grade": "Grades: each is PK, K or 1 to 12."})
    if lowest > highest:
        raise ValidationError(
            {
                "highest_grade": f"Grades: the highest grade ({GRADE_NAMES[highest]}) is below "
                f"the lowest ({GRADE_NAMES[lowest]}); swap them."
            }
        )


def _check_school(district: District, fields: dict, *, school: School | None = None) -> None:
    name = fields.get("name") or ""
    if not name.strip():
        raise ValidationError({"name": "Name: give the school's name."})
    check_grade_span(fields.get("lowest_grade"), fields.get("highest_grade"))
    nces_id = fields.get("nces_id") or ""
    if nces_id:
        try:
            nces_school_id(nces_id)
        except ValidationError as error:
            raise ValidationError({"nces_id": error.messages}) from error
    principal = fields.get("principal")
    if principal is not None and not belongs_to(principal, district, (*TEAM, *SCHOOL_TEAM)):
        raise ValidationError(
            {"principal": "Principal in Waypoint: choose one of the district's people."}
        )
    others = School.objects.filter(district=district)
    if school is not None:
        others = others.exclude(pk=school.pk)
    if others.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "Name: the district has a school of this name already."})
    if nces_id and others.filter(nces_id=nces_id).exists():
        raise ValidationError(
            {"nces_id": "NCES school id: another school of the district has this id."}
        )
    sourced_id = fields.get("sourced_id") or ""
    if sourced_id and others.filter(sourced_id=sourced_id).exists():
        raise ValidationError(
            {"sourced_id": "OneRoster sourcedId: another school of the district has this id."}
        )


@transaction.atomic
def school_create(*, district: District, acting_user: User, **fields) -> School:
    """A new school of the district (open)."""
    fields = {name: fields[name] for name in (*SCHOOL_FIELDS, "sourced_id") if name in fields}
    fields["name"] = (fields.get("name") or "").strip()
    _check_school(district, fields)
    school = School.objects.create(district=district, **fields)
    change_record(item=school, before=None, acting_user=acting_user)
    return school


def _save(school: School, expected_version: int, values: dict, acting_user: User) -> School:
    return tracked_update(
        school, expected_version=expected_version, values=values, acting_user=acting_user
    )


@transaction.atomic
def school_update(*, school: School, expected_version: int, acting_user: User, **fields) -> School:
    """Rename a school or change what it is (grades, NCES id, principal), refusing a change
    made against an older version (StaleSave)."""
    fields = {name: fields[name] for name in (*SCHOOL_FIELDS, "sourced_id") if name in fields}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    merged = {name: getattr(school, name) for name in (*SCHOOL_FIELDS, "sourced_id")} | fields
    _check_school(school.district, merged, school=school)
    saved = _save(school, expected_version, fields, acting_user)
    if saved.enrolment != school.enrolment:
        # in this transaction: what is weighed by the enrolment follows it (measures)
        enrolment_changed.send(sender=School, school=saved)
    return saved


@transaction.atomic
def school_close(
    *, school: School, expected_version: int, closed_note: str, acting_user: User
) -> School:
    """Close a school: it stays, with its history, shown as closed (and why). The features
    above schools close what of it was still open (its rounds) in the same transaction
    (schools.signals.school_closed)."""
    if school.is_closed:
        raise ValidationError("This school is closed already.")
    values = {"closed_at": timezone.now(), "closed_note": closed_note.strip()}
    school = _save(school, expected_version, values, acting_user)
    school_closed.send(sender=School, school=school, acting_user=acting_user)
    return school


@transaction.atomic
def school_reopen(*, school: School, acting_user: User) -> School:
    """Open a closed school again; the history keeps when and why it was closed."""
    if not school.is_closed:
        raise ValidationError("This school is open already.")
    values = {"closed_at": None, "closed_note": ""}
    return _save(school, school.version, values, acting_user)


# What a recorded stage is, in the order the form, the history and the API show it.
STAGE_FIELDS = ("strand", "stage", "as_of", "note")


def _same_as_neighbour(school: School, strand: str, stage: str, as_of) -> SchoolStage | None:
    """The recording next to a new one on the strand (the latest on or before its date, the
    earliest after it) that has the same stage, if one does."""
    rows = SchoolStage.objects.filter(school=school, strand=strand)
    before = rows.filter(as_of__lte=as_of).order_by("-as_of", "-pk").first()
    after = rows.filter(as_of__gt=as_of).order_by("as_of", "pk").first()
    return next((row for row in (before, after) if row and row.stage == stage), None)


@transaction.atomic
def school_stage_record(
    *, school: School, strand: str, stage: str, as_of, note: str = "", acting_user: User
) -> SchoolStage:
    """Record the school's implementation stage on a strand from a date (its history keeps
    every recording; the current stage is the latest by date). A date may be before the
    latest recording (the history corrected) but not after today; the stage must differ
    from the recordings either side of it on the strand, and the school must be open."""
    if strand not in Strand.values:
        raise ValidationError({"strand": "Strand: choose practice, policy or public will."})
    if stage not in Stage.values:
        raise ValidationError(
            {"stage": "Stage: choose exploration, installation, initial or full implementation."}
        )
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": "Date: the stage is recorded as of today or before."})
    # One recording of the school at a time, so that two cannot both pass the check below.
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.is_closed:
        raise ValidationError("This school is closed: reopen it to record its stage.")
    same = _same_as_neighbour(school, strand, stage, as_of)
    if same is not None:
        raise ValidationError(
            {
                "stage": f"{same.get_strand_display()}: the school is recorded in "
                f"{same.get_stage_display().lower()} as of {date_format(same.as_of, 'M j, Y')} "
                "already, next to this date; a stage is recorded when it changes."
            }
        )
    recorded = SchoolStage.objects.create(
        district_id=school.district_id,
        school=school,
        strand=strand,
        stage=stage,
        as_of=as_of,
        note=note.strip(),
        recorded_by=acting_user,
    )
    change_record(item=recorded, before=None, acting_user=acting_user)
    return recorded


def check_named(district_id: int, schools, *, named=(), field: str = "schools") -> None:
    """The schools a piece of work names (a step's, a milestone's, a data point's): each a
    school of its district, and open, unless the work named it already (a closed school
    stays named on old work)."""
    kept = {school.pk for school in named}
    for school in schools:
        if school.district_id != district_id:
            raise ValidationError({field: f"“{school}” is not a school of this district."})
        if school.is_closed and school.pk not in kept:
            raise ValidationError(
                {field: f"“{school}” is closed: choose among the district's open schools."}
            )


# A school's team: its people and their roles (districts.models.SchoolMembership). Callers
# have checked that the acting person manages the school's team (SchoolAccess.can_manage_team:
# the district's leads, staff, the school's own leads).


def _check_role(role: str) -> None:
    if role not in SchoolRole.values:
        raise ValidationError({"role": "Role: choose school lead, school member or school viewer."})


@transaction.atomic
def school_member_add(
    *, school: School, person: User, role: str, acting_user: User
) -> SchoolMembership:
    """Add a person of the district (one of its team, or of another of its schools) to the
    school's team with a role. A closed school takes no one new; a person is in a school's
    team once (change their role instead)."""
    _check_role(role)
    if school.is_closed:
        raise ValidationError("This school is closed: reopen it before adding people to it.")
    if not belongs_to(person, school.district, (*TEAM, *SCHOOL_TEAM)):
        raise ValidationError({"person": "Person: choose one of the district's people."})
    try:
        with transaction.atomic():  # one person once a school (school_membership_unique)
            return SchoolMembership.objects.create(
                district=school.district, school=school, user=person, role=role
            )
    except IntegrityError as error:
        raise ValidationError(
            {
                "person": f"{person.full_name or person.email} is in this school's team already: "
                "change their role instead."
            }
        ) from error


@transaction.atomic
def school_member_change(
    *, membership: SchoolMembership, role: str, acting_user: User
) -> SchoolMembership:
    """Give a person of the school's team another role in it."""
    _check_role(role)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def school_member_remove(*, membership: SchoolMembership, acting_user: User) -> None:
    """Take a person out of the school's team (they keep whatever else relates them to the
    district: their membership of it, another school)."""
    membership.delete()
