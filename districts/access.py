"""The access layer: who may read and write what, written once and enforced here.

Views never load a district or a district's object by themselves: they call
`access_district` or `access_district_object`, which answer with the object and what the
person may do, or raise. An object of another district raises exactly like a missing one
(same 404, same text); a person who may read but not write gets 403.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from config.generations import versions_read
from config.observability import district_opened
from districts.models import (
    Audience,
    CoachAssignment,
    Cohort,
    District,
    DistrictOwned,
    Membership,
    SchoolMembership,
)

Owned = TypeVar("Owned", bound=DistrictOwned)
# A part of a district's work has a fixed audience, or one the district chooses (its plan).
AudienceOf = Audience | Callable[[District], Audience]

NOT_FOUND_MESSAGE = "There is no such page, or it is not yours to see."
FORBIDDEN_MESSAGE = "Your role lets you read this, not change it."


class Relation(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    VIEWER = "viewer"
    # A person's role in one of the district's schools (SchoolMembership), as it relates them
    # to the district: the values are the rows' roles.
    SCHOOL_LEAD = "school_lead"
    SCHOOL_MEMBER = "school_member"
    SCHOOL_VIEWER = "school_viewer"
    COACH = "coach"
    FACILITATOR = "facilitator"
    STAFF = "staff"
    NONE = "none"


@dataclass(frozen=True)
class Rule:
    label: str
    reads: frozenset[Audience]
    writes_work: bool = False
    comments: bool = False
    manages_people: bool = False
    leads_work: bool = False
    # The district's evidence text (of its ratings, its team ratings and its action steps)
    # beside the levels, statuses and dates of the work it reads.
    reads_evidence: bool = True
    # Its problems of practice, also those it did not let the cohort's other districts read.
    reads_all_problems: bool = True
    # Moves the district to the trash (and, from the trash page, restores it): staff only.
    trashes_district: bool = False
    # Assigns coaches to the district and ends their assignment: staff only.
    assigns_coaches: bool = False
    # Reads the coaching on the district's rounds (coaches' comments and the district's
    # replies, the coaches' published calibrations), whatever a round's sharing: never a
    # cohort's facilitators.
    reads_coaching: bool = True
    # Rates a submitted round the coaches read, as its coach, beside the team (a calibration):
    # the district's assigned coaches.
    calibrates: bool = False
    # Reaches only the schools it belongs to (a school's people): another school of the
    # district answers as a missing one (access_school). Everyone else who reads the
    # district's schools reaches all of them.
    school_only: bool = False
    # Changes its own school's work (access_school(..., for_write=True)), not the district's.
    writes_own_school: bool = False
    # Leads its own school: its team (adds, changes and removes its people), its school's
    # work. The district's leads lead every school (leads_work), staff manage every school's
    # team (manages_people).
    leads_own_school: bool = False


_EVERYTHING = frozenset(Audience)
# What a school's people read of their district: what it shares with its schools, and what it
# shares more widely (with its coaches, its cohort). Not what it keeps to its own team.
_SCHOOLS_READ = frozenset({Audience.SCHOOLS, Audience.COACHES, Audience.COHORT})

# The one table of who may do what. docs/access.md prints it (see tests/test_access.py).
RULES: dict[Relation, Rule] = {
    Relation.LEAD: Rule(
        "District lead", _EVERYTHING, writes_work=True, manages_people=True, leads_work=True
    ),
    Relation.MEMBER: Rule("District member", _EVERYTHING, writes_work=True),
    Relation.VIEWER: Rule("District viewer", _EVERYTHING),
    Relation.SCHOOL_LEAD: Rule(
        "School lead (of its school)",
        _SCHOOLS_READ,
        school_only=True,
        writes_own_school=True,
        leads_own_school=True,
    ),
    Relation.SCHOOL_MEMBER: Rule(
        "School member (of its school)", _SCHOOLS_READ, school_only=True, writes_own_school=True
    ),
    Relation.SCHOOL_VIEWER: Rule("School viewer (of its school)", _SCHOOLS_READ, school_only=True),
    Relation.COACH: Rule(
        "Coach (assigned)",
        frozenset({Audience.COACHES, Audience.COHORT}),
        comments=True,
        calibrates=True,
    ),
    Relation.FACILITATOR: Rule(
        "Facilitator (of a cohort)",
        frozenset({Audience.COHORT}),
        reads_evidence=False,
        reads_coaching=False,
    ),
    Relation.STAFF: Rule(
        "Staff", _EVERYTHING, manages_people=True, trashes_district=True, assigns_coaches=True
    ),
    Relation.NONE: Rule(
        "Anyone else",
        frozenset(),
        reads_evidence=False,
        reads_all_problems=False,
        reads_coaching=False,
    ),
}


# The relations a person holds by a row of their own (a membership with its role, a school's
# membership, a coach's assignment, a facilitator's cohort). Staff relate to every district by
# their account, and anyone else to none.
HELD = (
    Relation.LEAD,
    Relation.MEMBER,
    Relation.VIEWER,
    Relation.SCHOOL_LEAD,
    Relation.SCHOOL_MEMBER,
    Relation.SCHOOL_VIEWER,
    Relation.COACH,
    Relation.FACILITATOR,
)


TEAM = (Relation.LEAD, Relation.MEMBER, Relation.VIEWER)
# The people of the district's schools, by their role in a school (SchoolMembership).
SCHOOL_TEAM = (Relation.SCHOOL_LEAD, Relation.SCHOOL_MEMBER, Relation.SCHOOL_VIEWER)
# The team who change the district's work (its leads and members, by RULES): who rate its
# rounds, submit for it to a meeting, own its steps and commitments.
TEAM_WRITERS = tuple(r for r in TEAM if RULES[r].writes_work)


def _held(user, relations, *, trashed_too: bool = False) -> list[QuerySet]:
    """THE definition of who relates to a district: the rows by which the person holds any of
    these relations (their memberships with those roles, their roles in its schools, their
    coach's assignments, the cohorts they facilitate), in districts in use (`trashed_too`:
    also in the trash). Every question of relations is asked of these rows
    (related_district_ids, relation_rows, the per-district annotations of
    _districts_with_relation); the page's access query writes the same in SQL for speed, and
    a test holds the two equal. `user` is a person, their id, or
    a query of one person's id (an OuterRef, a subquery)."""
    from districts.models import CohortDistrict

    in_use = {} if trashed_too else {"district__trashed_at__isnull": True}
    roles = [r.value for r in relations if r in TEAM]
    rows = []
    if len(roles) == len(TEAM):
        rows.append(Membership.objects.filter(user=user, **in_use))
    elif roles:
        rows.append(Membership.objects.filter(user=user, role__in=roles, **in_use))
    school_roles = [r.value for r in relations if r in SCHOOL_TEAM]
    if len(school_roles) == len(SCHOOL_TEAM):
        rows.append(SchoolMembership.objects.filter(user=user, **in_use))
    elif school_roles:
        rows.append(SchoolMembership.objects.filter(user=user, role__in=school_roles, **in_use))
    if Relation.COACH in relations:
        rows.append(CoachAssignment.objects.filter(coach=user, **in_use))
    if Relation.FACILITATOR in relations:
        rows.append(CohortDistrict.objects.filter(cohort__facilitators=user, **in_use))
    return rows


def related_district_ids(user, relations=HELD, *, trashed_too: bool = False) -> QuerySet:
    """The ids of the districts in use (`trashed_too`: also in the trash) where the person
    holds any of these relations, as a query of one column (`district_id`) for
    `district__in=` and `pk__in=`."""
    ids = [
        rows.order_by().values("district_id")
        for rows in _held(user, relations, trashed_too=trashed_too)
    ]
    if not ids:
        return Membership.objects.none().values("district_id")
    # One set of ids (a union, each part by its index), not subqueries OR'd together, which
    # makes PostgreSQL test every district.
    return ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0]


def relation_rows(user, relations, *, district=None, trashed_too: bool = False) -> QuerySet:
    """The rows by which the person holds these relations of one kind (roles in the team: their
    memberships; roles in a school: their school memberships; COACH: their assignments), to one
    district if given (a district, its id or an OuterRef), in districts in use (`trashed_too`:
    also in the trash). For a question about one person and one district: `.exists()` (whether
    an owner belongs to the district), `Exists(...)` in a query over many (a step's coordinator
    still in its district), `.delete()` (a coach's assignment ended)."""
    [rows] = _held(user, relations, trashed_too=trashed_too)
    return rows if district is None else rows.filter(district=district)


def belongs_to(person, district, relations=TEAM) -> bool:
    """Whether the person is one of the district's people (a membership of one of these
    roles: any by default): who may own its steps, measures and commitments, who records for
    it at a meeting. The district is one the caller has opened (or a row's), so its rows are
    read as they are, in the trash or not. Relations of several kinds (the team and the
    schools' people) ask one query a kind."""
    return any(
        rows.filter(district=district).exists()
        for rows in _held(person, relations, trashed_too=True)
    )


def still_belongs(person_field: str) -> Exists:
    """Whether the person of the outer row (its `person_field`: a step's coordinator, a
    measure's or a commitment's owner) is still one of the people of the row's district:
    whom the reminders tell."""
    return Exists(
        relation_rows(OuterRef(person_field), TEAM, district=OuterRef("district"), trashed_too=True)
    )


def district_relations(district) -> dict[int, tuple]:
    """The people who hold a relation to the district by a row of theirs, each with that
    relation (person, Relation), by person id, in two queries: its team's active people with
    their roles, then its coaches (one who is also of the team keeps their role, as the access
    query decides). Not its cohorts' facilitators. For telling a district's people of its
    work, each kept if their relation's rule reads what they are told of."""
    relations = {
        m.user_id: (m.user, Relation(m.role))
        for m in Membership.objects.filter(district=district, user__is_active=True).select_related(
            "user"
        )
    }
    for a in CoachAssignment.objects.filter(district=district).select_related("coach"):
        relations.setdefault(a.coach_id, (a.coach, Relation.COACH))
    return relations


def school_relations(school_ids) -> dict[int, list[tuple]]:
    """The people of these schools by a row of theirs (SchoolMembership), active, each with
    their school relation (person, Relation), by school id: one query. For telling a school's
    people of its work (its rounds), each kept if their relation's rule allows what they are
    told of."""
    people: dict[int, list[tuple]] = {}
    for m in SchoolMembership.objects.filter(
        school_id__in=list(school_ids), user__is_active=True
    ).select_related("user"):
        people.setdefault(m.school_id, []).append((m.user, Relation(m.role)))
    return people


def _relations_by_reads() -> dict[frozenset, tuple[Relation, ...]]:
    """The held relations grouped by what their rule reads (the team reads everything,
    coaches what is shared with coaches or the cohort, facilitators what is shared with the
    cohort): one group, one set of district ids."""
    groups: dict[frozenset, list[Relation]] = {}
    for relation in HELD:
        groups.setdefault(RULES[relation].reads, []).append(relation)
    return {reads: tuple(relations) for reads, relations in groups.items()}


def readable_rows(user, model) -> Q:
    """Which rows of a district's model (DistrictOwned) the person reads across their
    districts, generated from RULES: rows of the districts where they hold a relation whose
    rule reads the row's audience (its model's, or the row's own when the district chooses
    it row by row). Not for staff (they read every row of every district in use)."""
    query = Q(pk__in=[])
    for reads, relations in _relations_by_reads().items():
        where = Q(district__in=related_district_ids(user, relations))
        if model.audience_field:
            query |= where & Q(**{f"{model.audience_field}__in": sorted(reads)})
        elif model.audience in reads:
            query |= where
    return query


def evidence_reader_rows(user) -> Q:
    """Rows of the districts whose evidence (the text and files beside levels) the person
    reads by a relation of theirs (Rule.reads_evidence: never by facilitating a cohort)."""
    relations = tuple(r for r in HELD if RULES[r].reads_evidence)
    return Q(district__in=related_district_ids(user, relations))


class DistrictNotFound(Http404):
    """Another district's object: answered as a plain 404, but logged as a refusal."""

    def __init__(self, district: District):
        super().__init__(NOT_FOUND_MESSAGE)
        self.district = district


class DistrictPermissionDenied(PermissionDenied):
    def __init__(self, district: District, message: str = FORBIDDEN_MESSAGE):
        super().__init__(message)
        self.district = district


@dataclass(frozen=True)
class DistrictAccess:
    """What one person may do in one district (`person_id`: who, when a person opened it; a
    school's page asks for their role in it, access_school)."""

    district: District
    relation: Relation
    person_id: int | None = None

    @property
    def rule(self) -> Rule:
        return RULES[self.relation]

    @property
    def is_team(self) -> bool:
        return self.relation in TEAM

    @property
    def reads_coaching(self) -> bool:
        """Reads the coaching on the district's rounds (coaches' comments and the district's
        replies, the coaches' published calibrations): the district's team, its coaches and
        staff; never a cohort's facilitators, whatever the round's sharing."""
        return self.rule.reads_coaching

    @property
    def can_calibrate(self) -> bool:
        """Rates a submitted round its coaches read, beside the team: its assigned coaches."""
        return self.rule.calibrates

    def kept_key(self, *parts) -> tuple:
        """The key of a part of a page kept rendered ({% kept %}) for this relation to this
        district: the version of the district's work read with the district itself (in the
        access query of this request), and whatever else the part depends on (the person, a
        round, the frameworks' version, the day)."""
        return (self.district.pk, self.district.work_version, self.relation.value, *parts)

    def can_read(self, audience: Audience) -> bool:
        return audience in self.rule.reads

    def stand_in(self, district_id: int) -> "DistrictAccess":
        """The same relation to a district known by its id only: what a query compiled once
        (config.compiled) is built from, a marker in place of the id. The relation's rule
        shapes what readable_in() reads, so it is part of such a query's key
        (compiled_key)."""
        return DistrictAccess(
            district=District(pk=district_id), relation=self.relation, person_id=self.person_id
        )

    def compiled_key(self, name: str) -> tuple:
        return (name, self.relation.value)

    @property
    def reads_team_work(self) -> bool:
        """Reads what only the district's team reads (Audience.DISTRICT: the team rating and
        its spread, each member's ratings): its team and staff."""
        return self.can_read(Audience.DISTRICT)

    @property
    def reads_coach_work(self) -> bool:
        """Reads what the district shares with its coaches (competencies, submitted rounds)."""
        return self.can_read(Audience.COACHES)

    @property
    def reads_plan(self) -> bool:
        """Reads the district's plan: its team, coaches and staff; its cohort if shared."""
        return self.can_read(self.district.plan_audience())

    @property
    def reads_evidence(self) -> bool:
        """Reads the evidence text of the work it reads (not a cohort's facilitators)."""
        return self.rule.reads_evidence

    @property
    def can_write(self) -> bool:
        return self.rule.writes_work

    @property
    def can_comment(self) -> bool:
        """Comments on the district's submitted rounds and marks them reviewed: its coaches
        (the team replies, by can_write)."""
        return self.rule.comments

    @property
    def can_manage_people(self) -> bool:
        return self.rule.manages_people

    @property
    def can_trash(self) -> bool:
        """Move the district to the trash: Waypoint's staff (trash.services.district_trash)."""
        return self.rule.trashes_district

    @property
    def can_assign_coaches(self) -> bool:
        """Assign coaches to the district, end an assignment: Waypoint's staff."""
        return self.rule.assigns_coaches

    @property
    def can_lead(self) -> bool:
        """Open rounds, record the consensus, submit, share and reopen: the district's leads."""
        return self.rule.leads_work

    def require(self, allowed: bool, *, right: str = "") -> None:
        """Refuse (403) unless allowed; `right` names the Rule's field that allows it, so that
        the refusal says who may ("Only the district's leads may do this")."""
        if not allowed:
            raise DistrictPermissionDenied(
                self.district, refusal(right) if right else FORBIDDEN_MESSAGE
            )


# Who holds each relation, as a refusal names them.
HOLDERS = {
    Relation.LEAD: "the district’s leads",
    Relation.MEMBER: "its members",
    Relation.VIEWER: "its viewers",
    Relation.SCHOOL_LEAD: "the school’s leads",
    Relation.SCHOOL_MEMBER: "its school members",
    Relation.SCHOOL_VIEWER: "its school viewers",
    Relation.COACH: "its coaches",
    Relation.FACILITATOR: "its cohort’s facilitators",
    Relation.STAFF: "Waypoint’s staff",
}


def refusal(right: str, *more: str) -> str:
    """The refusal of an action that this right of a Rule allows (or any of `more`), naming
    who holds it (from RULES, so it cannot drift from them): "Only the district’s leads may
    do this." """
    rights = (right, *more)
    holders = [
        HOLDERS[relation]
        for relation, rule in RULES.items()
        if any(getattr(rule, name) for name in rights)
    ]
    names = holders[0] if len(holders) == 1 else f"{', '.join(holders[:-1])} and {holders[-1]}"
    return f"Only {names} may do this."


def _relation(user, district: District, *, as_staff: bool = True) -> Relation:
    """The strongest relation: a membership of the district first, then a role in one of its
    schools (the strongest of them, if several), then staff, coach, facilitator. A district's
    person who is also in a school relates to the district by their membership; on that
    school's page their school role adds what it allows (access_school)."""
    if district.my_role:
        return Relation(district.my_role)
    if district.my_school_role:
        return Relation(district.my_school_role)
    if user.is_staff and as_staff:
        return Relation.STAFF
    if district.i_coach:
        return Relation.COACH
    if district.i_facilitate:
        return Relation.FACILITATOR
    return Relation.NONE


def _districts_with_relation(user):
    """Districts with the person's relation to each (the rows of _held, one district at a
    time): their role, whether they coach it, whether they facilitate one of its cohorts."""
    [team] = _held(user, TEAM)
    [schools] = _held(user, SCHOOL_TEAM)
    [coached] = _held(user, (Relation.COACH,))
    [facilitated] = _held(user, (Relation.FACILITATOR,))
    return District.objects.annotate(
        my_role=Subquery(team.filter(district=OuterRef("pk")).order_by().values("role")[:1]),
        # The strongest role first: the roles' values sort so (lead, member, viewer).
        my_school_role=Subquery(
            schools.filter(district=OuterRef("pk")).order_by("role").values("role")[:1]
        ),
        i_coach=Exists(coached.filter(district=OuterRef("pk"))),
        i_facilitate=Exists(facilitated.filter(district=OuterRef("pk"))),
    )


def _access_sql() -> str:
    """The access query of a district page, written out once: the district, the person's
    relation to it, and the versions of what pages keep (read in the same query, so a district
    page asks the database once for all of it). Django's ORM would compile the same query
    anew on every request, which costs more than running it."""
    from districts.models import CohortDistrict, CohortFacilitator, KeptVersion

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    columns = ", ".join(
        f"d.{connection.ops.quote_name(f.column)}" for f in District._meta.concrete_fields
    )
    return (
        f"SELECT {columns}, "  # noqa: S608 (names from the models; values are parameters)
        f"(SELECT m.role FROM {table(Membership)} m "
        f" WHERE m.district_id = d.id AND m.user_id = %s LIMIT 1) AS my_role, "
        f"(SELECT s.role FROM {table(SchoolMembership)} s "
        f" WHERE s.district_id = d.id AND s.user_id = %s ORDER BY s.role LIMIT 1)"
        f" AS my_school_role, "
        f"EXISTS(SELECT 1 FROM {table(CoachAssignment)} c "
        f" WHERE c.district_id = d.id AND c.coach_id = %s) AS i_coach, "
        f"EXISTS(SELECT 1 FROM {table(CohortDistrict)} cd "
        f" JOIN {table(CohortFacilitator)} cf ON cf.cohort_id = cd.cohort_id "
        f" WHERE cd.district_id = d.id AND cf.user_id = %s) AS i_facilitate, "
        f"(SELECT v.value FROM {table(KeptVersion)} v WHERE v.name = %s) AS kept_people, "
        f"(SELECT v.value FROM {table(KeptVersion)} v WHERE v.name = %s) AS kept_frameworks "
        # A district in the trash answers as a missing one (trash.views reads it for staff).
        f"FROM {table(District)} d WHERE d.code = %s AND d.trashed_at IS NULL"
    )


_ACCESS_SQL: list[str] = []


def _access(user, code: str) -> "DistrictAccess | None":
    """The district of this code and the person's relation to it, asked of the database on
    every request: an access decision is never answered from a copy."""
    if not isinstance(code, str) or len(code) > 64:
        return None
    if not _ACCESS_SQL:
        _ACCESS_SQL.append(_access_sql())
    params = [user.pk, user.pk, user.pk, user.pk, "district-people", "frameworks", code]
    district = next(iter(District.objects.raw(_ACCESS_SQL[0], params)), None)
    if district is None:
        return None
    versions_read({"district-people": district.kept_people, "frameworks": district.kept_frameworks})
    return DistrictAccess(district=district, relation=_relation(user, district), person_id=user.pk)


def access_district(
    user, code: str, *, audience: AudienceOf = Audience.COHORT, for_write: bool = False
) -> DistrictAccess:
    """Open a district by its code, in one query.

    Anyone with a relation to the district may open pages whose audience their role reads
    (by default the district's home, which its cohort sees; `audience` may be a function of
    the district, for work whose audience the district chooses); others get the same 404 as
    for a district that does not exist. `for_write` demands the right to change the
    district's work (leads and members): readers get 403.
    """
    if not user.is_authenticated:
        raise Http404(NOT_FOUND_MESSAGE)
    access = _access(user, code)
    if access is None:
        raise Http404(NOT_FOUND_MESSAGE)
    district = access.district
    if access.relation is Relation.NONE:
        raise DistrictNotFound(district)
    if not access.can_read(audience(district) if callable(audience) else audience):
        raise DistrictPermissionDenied(
            district, "This part of the district is not shared with you."
        )
    district_opened(district)
    timezone.activate(district.time_zone)  # its pages run on its clock (reset per request)
    if for_write:
        access.require(access.can_write)
    return access


def as_the_board_reads(district: District) -> DistrictAccess:
    """A district as a board snapshot of it reads it (the public page of the link its lead
    made, which no person's relation opens): as the district's lead reads it, everything the
    district has, evidence text included. The snapshot shows only the parts its lead chose,
    and its page reads nothing else (dashboards.snapshots.snapshot_content)."""
    return DistrictAccess(district=district, relation=Relation.LEAD)


def coaches_read(audience: Audience) -> bool:
    """Whether the district's coaches read work shared with this audience (a round shared
    with coaches or with the cohort): what opens a round to their calibration."""
    return audience in RULES[Relation.COACH].reads


def as_the_cohort_reads(district: District) -> DistrictAccess:
    """A district as every district of its cohort may read it, whoever is reading: what it
    shares with the cohort, levels without evidence (the cohort's rule, which its facilitators
    also read by). For the documents handed to a whole cohort (the participants' packet); the
    problems of practice a district did not share are left out by the caller."""
    return DistrictAccess(district=district, relation=Relation.FACILITATOR)


def district_accesses(user, districts) -> dict[int, DistrictAccess]:
    """What the person may do in each of the given districts, in one query; districts they
    have no relation to are left out. For documents that gather many districts (packets)."""
    ids = [d.pk for d in districts]
    found = _districts_with_relation(user).filter(pk__in=ids)
    accesses = {
        d.pk: DistrictAccess(district=d, relation=_relation(user, d), person_id=user.pk)
        for d in found
    }
    return {pk: a for pk, a in accesses.items() if a.relation is not Relation.NONE}


def own_relations(user) -> dict[int, DistrictAccess]:
    """The districts the person acts in by a relation they hold (HELD: a member with a role, a
    coach, a facilitator of one of its cohorts), with that relation, in one query. Staff's
    reading of every district is not one (a staff member's own week lists what they were
    given to do, not all of Waypoint). For pages gathering a person's work across their
    districts (My week); what each part lists must still be readable by that relation."""
    if not user.is_authenticated:
        return {}
    found = _districts_with_relation(user).filter(pk__in=related_district_ids(user))
    return {
        d.pk: DistrictAccess(
            district=d, relation=_relation(user, d, as_staff=False), person_id=user.pk
        )
        for d in found
    }


def access_district_object(
    access: DistrictAccess,
    model: type[Owned],
    *,
    for_write: bool = False,
    related: tuple[str, ...] = (),
    **lookup,
) -> Owned:
    """Load one object of the district `access` was opened for.

    The object must belong to that district (a code from another district is a 404 like a
    missing one), and the person's role must read the object's audience (else 404 too:
    unshared work is not acknowledged). `for_write` demands write rights (else 403).
    `related` names relations to load in the same query.
    """
    # unscoped_across_districts(): the lookup runs unscoped so that another district's object can be
    # told from a missing one for the security log; it is answered as missing either way.
    rows = model.objects.unscoped_across_districts().filter(**lookup).select_related(*related)
    return _district_object(access, rows, for_write=for_write)


def _district_object(access: DistrictAccess, rows: QuerySet, *, for_write: bool = False):
    """The first of `rows` (looked up across districts), as access_district_object answers:
    a 404 if missing, another district's or of an audience the person does not read."""
    obj = rows.first()
    if obj is None:
        raise Http404(NOT_FOUND_MESSAGE)
    if obj.district_id != access.district.pk:
        raise DistrictNotFound(obj.district)  # read only for the security log
    obj.district = access.district  # the one the access query read, without a join
    if not access.can_read(obj.shared_with_audience):
        raise DistrictNotFound(obj.district)
    if for_write:
        access.require(access.can_write)
    return obj


def schools_reached(access: DistrictAccess, schools: QuerySet) -> QuerySet:
    """Of the district's schools (`schools`, read as its opener reads them), those the
    opener reaches: every one, but for a school's people (Rule.school_only), their own."""
    if not access.rule.school_only:
        return schools
    [mine] = _held(access.person_id, SCHOOL_TEAM, trashed_too=True)
    return schools.filter(pk__in=mine.filter(district=access.district).values("school_id"))


@dataclass(frozen=True)
class SchoolAccess:
    """What one person may do in one school of a district: what their relation to the
    district allows (`access`), and what their own role in this school adds (`role`: a
    district viewer who leads a school changes that school's work)."""

    access: DistrictAccess
    school: Any  # schools.School (the kernel names no feature's model)
    role: Relation | None  # the person's role in this school, if they have one

    @property
    def district(self) -> District:
        return self.access.district

    @property
    def _role_rule(self) -> Rule:
        return RULES[self.role] if self.role else RULES[Relation.NONE]

    @property
    def can_write(self) -> bool:
        """Changes the school's work: the district's leads and members (every school), the
        school's own leads and members."""
        return self.access.can_write or self._role_rule.writes_own_school

    @property
    def can_lead(self) -> bool:
        """Leads the school's work: the district's leads (every school), its school leads."""
        return self.access.can_lead or self._role_rule.leads_own_school

    @property
    def can_manage_team(self) -> bool:
        """Adds, changes and removes the school's people: the district's leads and staff
        (manages_people, every school), the school's own leads."""
        return self.access.can_manage_people or self._role_rule.leads_own_school

    def require(self, allowed: bool, *, right: str = "") -> None:
        self.access.require(allowed, right=right)

    def acting_on_school_work(self) -> DistrictAccess:
        """The district access with which the person acts on this school's own work (its
        self-assessment rounds, whose pages are the district's): a school's lead as a lead,
        its member as a member, its viewer as a viewer, unless their relation to the
        district is stronger; everyone else as they relate to the district. Only for rows of
        this school (rubrics opens a school's round through access_school first)."""
        if self.role is None:
            return self.access
        acting = _SCHOOL_ACTS_AS[self.role]
        if self.access.relation in TEAM and TEAM.index(self.access.relation) <= TEAM.index(acting):
            return self.access
        return replace(self.access, relation=acting)

    def require_team_manager(self) -> None:
        """Refuse (403, naming who may) unless the person changes the school's team."""
        if not self.can_manage_team:
            raise DistrictPermissionDenied(
                self.district, refusal("manages_people", "leads_own_school")
            )


# On its own school's work, a school's people act as the district's team of the same rank.
_SCHOOL_ACTS_AS = {
    Relation.SCHOOL_LEAD: Relation.LEAD,
    Relation.SCHOOL_MEMBER: Relation.MEMBER,
    Relation.SCHOOL_VIEWER: Relation.VIEWER,
}


def schools_written_by(access: DistrictAccess) -> set[int]:
    """The ids of the district's schools whose work the person changes by their own role in
    them (its school leads and members: writes_own_school), in one query; none for who opened
    the district without a person. The district's leads and members change every school's
    work by their membership (access.can_write), not by this."""
    if access.person_id is None:
        return set()
    roles = tuple(r for r in SCHOOL_TEAM if RULES[r].writes_own_school)
    [mine] = _held(access.person_id, roles)
    return set(mine.filter(district=access.district).values_list("school_id", flat=True))


def may_change_school_work(access: DistrictAccess, school_ids, written=None) -> bool:
    """Changes work that names these schools: the district's leads and members (any work),
    or a school's leads and members when the work names their school (`written`:
    schools_written_by(access), if read already)."""
    if access.can_write:
        return True
    written = schools_written_by(access) if written is None else written
    return bool(written & set(school_ids))


def access_school(access: DistrictAccess, code, *, for_write: bool = False) -> SchoolAccess:
    """Open one school of the district `access` was opened for, by its code, with the
    person's role in it, in one query.

    Whoever reads the district's schools (School's audience) reaches every school of it,
    except the people whose rule is `school_only` (a school's people): they reach the schools
    they belong to. Another district's school, a school they do not belong to and a missing
    one answer the same 404 (the first two logged as a refusal). `for_write` demands the
    right to change the school's work (the district's leads and members, the school's own
    leads and members): others get 403.
    """
    school_model = SchoolMembership._meta.get_field("school").related_model
    rows = school_model.objects.unscoped_across_districts().filter(code=code)
    if access.person_id is not None:
        [mine] = _held(access.person_id, SCHOOL_TEAM, trashed_too=True)
        rows = rows.annotate(
            my_school_role=Subquery(mine.filter(school=OuterRef("pk")).values("role")[:1])
        )
    school = _district_object(access, rows)
    role = getattr(school, "my_school_role", None)
    if access.rule.school_only and not role:
        raise DistrictNotFound(access.district)
    found = SchoolAccess(access=access, school=school, role=Relation(role) if role else None)
    if for_write:
        found.require(found.can_write)
    return found


# Beyond one district: coaches across their districts, facilitators across their cohorts.


def require_coach(user) -> None:
    """The coach dashboard and its exports: for people assigned to a district as its coach,
    and staff (from the header's roles, kept under the version of people read this request)."""
    from districts.navigation import navigation_for

    if not (user.is_staff or navigation_for(user).coaches):
        raise PermissionDenied("This dashboard is for coaches: no district is assigned to you.")


def access_trashed_district(user, code: str) -> District:
    """A district in the trash, by its code: for staff only (the trash page restores it);
    anyone else gets the plain 404, as for a district that does not exist."""
    if not (user.is_authenticated and user.is_staff) or not isinstance(code, str):
        raise Http404(NOT_FOUND_MESSAGE)
    district = District.with_trashed.filter(code=code, trashed_at__isnull=False).first()
    if district is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return district


def facilitated_cohorts(user, *, as_staff: bool = True):
    """Cohorts the person facilitates (staff: all, unless `as_staff` is False), also those
    without a district yet."""
    if user.is_staff and as_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(facilitators=user)


def cohorts_visible_to(user):
    """Cohorts the person facilitates, or one of whose districts they may open (staff: all)."""
    if user.is_staff:
        return Cohort.objects.all()
    visible = Q(facilitators=user) | Q(districts__in=District.objects.visible_to(user))
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(visible).values("pk"))


def require_protocol_keeper(user) -> None:
    """Facilitators (of any cohort) and staff keep the shared library of protocols."""
    if not (user.is_staff or facilitated_cohorts(user).exists()):
        raise PermissionDenied("Only facilitators and staff keep the protocols.")


def access_facilitated_cohort(user, code) -> Cohort:
    """One cohort the person facilitates (staff: any), by its code; anyone else's is a 404."""
    cohort = facilitated_cohorts(user).filter(code=code).first()
    if cohort is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return cohort


def access_visible_cohort(user, code) -> Cohort:
    """One cohort the person sees (cohorts_visible_to), by its code; anyone else's is a 404."""
    cohort = cohorts_visible_to(user).filter(code=code).first()
    if cohort is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return cohort


@dataclass
class CohortAccess:
    """A person's standing in a cohort, for its meetings."""

    facilitates: bool  # facilitators of the cohort and staff plan and edit its meetings
    team_districts: list[District]  # cohort districts where the person may submit (lead, member)

    def require_facilitator(self) -> None:
        if not self.facilitates:
            raise PermissionDenied("Only the cohort's facilitators change its meetings.")


def cohort_access(user, cohort: Cohort) -> CohortAccess | None:
    """The person's standing in a cohort: facilitator (or staff), a member of one of its
    districts, a coach of one; None for anyone else (who must get the plain 404)."""
    facilitates = user.is_staff or cohort.facilitators.filter(pk=user.pk).exists()
    in_cohort = cohort.districts.all()
    writers = related_district_ids(user, TEAM_WRITERS, trashed_too=True)
    team = list(in_cohort.filter(pk__in=writers))
    # Reading: a facilitator, else one of its districts' people, else one of their coaches.
    reads = facilitates or any(
        rows.filter(district__in=in_cohort).exists()
        for rows in _held(user, (*TEAM, Relation.COACH), trashed_too=True)
    )
    return CohortAccess(facilitates, team) if reads else None


def access_cohort_object(user, model, *, for_write: bool = False, **lookup):
    """Open one row of a cohort (a model with a `cohort` key: a meeting) by `lookup`, with the
    person's standing in its cohort (cohort_access): its facilitators (and staff), the people
    and coaches of its districts read it; `for_write` demands its facilitators (else 403).
    Anyone else, and a row that does not exist, get the same plain 404."""
    obj = model.objects.select_related("cohort").filter(**lookup).first()
    if obj is None:
        raise Http404(NOT_FOUND_MESSAGE)
    access = cohort_access(user, obj.cohort)
    if access is None:
        raise Http404(NOT_FOUND_MESSAGE)
    if for_write:
        access.require_facilitator()
    return obj, access


def access_table_markdown() -> str:
    """The RULES table as docs/access.md shows it."""
    header = (
        "| Who | Reads district-only work | Reads work shared with coaches | "
        "Reads work shared with the cohort | Changes the district's work | "
        "Leads it (opens rounds, consensus, submits, shares) | Comments | Manages people | "
        "Reads evidence text | Reads problems of practice not shared with the cohort | "
        "Moves the district to the trash, restores it | Assigns its coaches | "
        "Reads the coaching (comments, published calibrations) | "
        "Calibrates (rates a round shared with coaches) | "
        "Reads work shared with its schools | Reaches only its own schools | "
        "Changes its own school's work | Leads its own school (its team) |"
    )
    lines = [header, "|" + " --- |" * 18]
    yes_no = {True: "yes", False: "no"}
    for rule in RULES.values():
        cells = [
            rule.label,
            *(
                yes_no[a in rule.reads]
                for a in (Audience.DISTRICT, Audience.COACHES, Audience.COHORT)
            ),
            yes_no[rule.writes_work],
            yes_no[rule.leads_work],
            yes_no[rule.comments],
            yes_no[rule.manages_people],
            yes_no[rule.reads_evidence],
            yes_no[rule.reads_all_problems],
            yes_no[rule.trashes_district],
            yes_no[rule.assigns_coaches],
            yes_no[rule.reads_coaching],
            yes_no[rule.calibrates],
            yes_no[Audience.SCHOOLS in rule.reads],
            yes_no[rule.school_only],
            yes_no[rule.writes_own_school],
            yes_no[rule.leads_own_school],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def assigned_coaches():
    """The people assigned as a coach to a district (also one in the trash): whom staff's
    pages over many districts filter by, who get the coaches' weekly digest."""
    from accounts.models import User

    return User.objects.filter(_coaching())


def _coaching() -> Exists:
    """Whether the outer row's person coaches a district (also one in the trash)."""
    return Exists(relation_rows(OuterRef("pk"), (Relation.COACH,), trashed_too=True))


def coach_candidates():
    """The people who can coach, whom staff choose coaches from: active, and marked as coaches
    of the support organisation (User.is_coach) or coaching a district now. Not every person
    in Waypoint: a district's own people are not its coaches."""
    from accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_coach=True) | _coaching())
        .order_by("full_name", "email")
    )
