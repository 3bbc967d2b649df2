"""Who relates to a district is written once, in the access layer (districts/access.py:
`_held`, asked through related_district_ids, relation_rows, belongs_to, still_belongs,
assigned_coaches, readable_rows, evidence_reader_rows and the page query): a person's
relation queried anywhere else is a second definition, and a future leak.

A relation query is one about a person's relations: their memberships, their coach's
assignments, the cohorts they facilitate, the people who coach, a row's person compared with
its district's people. A district's own lists (its team, its coaches: rows of one district,
read by its district) and the writes that make and end relations are not."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELATION_QUERY = re.compile(
    # a coach's assignments, or the people who coach (writes and a district's list are not)
    r"CoachAssignment\.objects\.filter\((?:[^()]|\([^()]*\))*\bcoach\w*="
    r"|CoachAssignment\.objects[.\w()]*\.values(?:_list)?\(\s*\"coach"
    r"|\bcoach_assignments__(?!district\b)"
    r"|coachassignment__coach"
    # a person's memberships, or a row's person among its district's people
    r"|Membership\.objects\.filter\((?:[^()]|\([^()]*\))*\buser(?:_id)?="
    r"|(?:\b|__)memberships?__user"
    # the cohorts a person facilitates (`for_facilitators=` is a packet's kind, and
    # `facilitators=True` a flag, not a relation)
    r"|(?:\b|__)facilitators(?:__\w+)?=(?!\s*(?:True|False|None)\b)"
    r"|\.facilitators\.filter\("
    r"|\bfacilitated_cohorts__"
)
# What a relation may do is decided by its Rule (RULES): a relation compared by hand with a
# member of Relation (`access.relation is Relation.COACH`, `role == Relation.LEAD`) is a
# second rule. Naming relations, as the rows to ask for (`relation_rows(user,
# (Relation.COACH,))`) or a notice's audience, is not a comparison.
RELATION_COMPARED = re.compile(
    r"(?:\bis(?:\s+not)?|[!=]=)\s*Relation\.[A-Z]"
    r"|\bRelation\.[A-Z]+\s*(?:\bis\b|[!=]=)"
    r"|\.relation\s+(?:not\s+)?in\b"
)
LEFT_OUT = {"tests", "devtools", ".venv", "data", "node_modules"}
ACCESS_LAYER = {"districts/access.py"}


def relation_queries(root: Path, pattern: re.Pattern = RELATION_QUERY) -> dict[str, int]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in LEFT_OUT or "migrations" in parts:
            continue
        name = str(path.relative_to(root))
        if name in ACCESS_LAYER:
            continue
        if count := len(pattern.findall(path.read_text())):
            found[name] = count
    return found


def test_who_relates_to_a_district_is_asked_of_the_access_layer():
    assert relation_queries(ROOT) == {}


def found_in_an_app(tmp_path, pattern, caught: list, passed: list, in_access_layer: str):
    """What `pattern` finds in a tree of an app whose selectors hold the `caught` lines and
    whose services the `passed` ones, beside an access layer holding `in_access_layer`."""
    (tmp_path / "someapp").mkdir()
    (tmp_path / "someapp" / "selectors.py").write_text("\n".join(caught) + "\n")
    (tmp_path / "someapp" / "services.py").write_text("\n".join(passed) + "\n")
    (tmp_path / "districts").mkdir()
    (tmp_path / "districts" / "access.py").write_text(in_access_layer + "\n")
    return relation_queries(tmp_path, pattern)


def test_a_relation_queried_elsewhere_would_be_caught(tmp_path):
    found = found_in_an_app(
        tmp_path,
        RELATION_QUERY,
        RELATION_QUERIES,
        NOT_RELATION_QUERIES,
        "Membership.objects.filter(user=user)",
    )
    assert found == {"someapp/selectors.py": len(RELATION_QUERIES)}


def test_what_a_relation_may_do_is_asked_of_its_rule():
    assert relation_queries(ROOT, RELATION_COMPARED) == {}


def test_a_relation_compared_by_hand_would_be_caught(tmp_path):
    found = found_in_an_app(
        tmp_path,
        RELATION_COMPARED,
        RELATIONS_COMPARED,
        NOT_RELATIONS_COMPARED,
        "relation is Relation.COACH",
    )
    assert found == {"someapp/selectors.py": len(RELATIONS_COMPARED)}


RELATIONS_COMPARED = [
    "coached = {pk for pk, a in relations.items() if a.relation is Relation.COACH}",
    "if access.relation == Relation.LEAD:",
    "if access.relation != Relation.FACILITATOR:",
    "if rel is not Relation.STAFF:",
    "if m.role == Relation.LEAD:",
    "if Relation.COACH is relation:",
    "if access.relation in (Relation.LEAD, Relation.MEMBER):",
    "if a.relation not in TEAM:",
]
NOT_RELATIONS_COMPARED = [
    "relation_rows(coach, (Relation.COACH,), district=district)",
    "RATERS = (Relation.LEAD, Relation.MEMBER)",
    "relations.add(Relation.STAFF)",
    "Kind.INVITATION_ACCEPTED: _LEADS | {Relation.STAFF},",
    "if RULES[Relation(m.role)].leads_work:",
    "if rel in relations and pk != but.pk",
]


# Each line is one relation query the test must catch, and none of the next must be caught.
RELATION_QUERIES = [
    "Membership.objects.filter(user=user)",
    "Membership.objects.filter(user_id=user_id).values('district_id')",
    "Membership.objects.filter(district=district, user=owner).exists()",
    "Membership.objects.filter(\n    district=OuterRef('district'), user=OuterRef('owner')\n)",
    "CoachAssignment.objects.filter(coach=user)",
    "CoachAssignment.objects.filter(district=district, coach=coach).exists()",
    "CoachAssignment.objects.filter(coach__code=code).values('district_id')",
    'CoachAssignment.objects.order_by().values("coach_id")',
    "User.objects.filter(coach_assignments__isnull=False)",
    "District.objects.filter(coachassignment__coach=user)",
    "Cohort.objects.filter(facilitators=user)",
    "CohortDistrict.objects.filter(cohort__facilitators=user_id)",
    "cohort.facilitators.filter(pk=user.pk).exists()",
    "Step.objects.filter(coordinator=user, district__membership__user=user)",
    "District.objects.filter(memberships__user=user)",
    "Cohort.objects.filter(districts__cohort__facilitators__email=email)",
]
NOT_RELATION_QUERIES = [
    "Membership.objects.filter(district=district, role='lead')",
    "Membership.objects.filter(district=district, user__is_active=True)",
    "CoachAssignment.objects.filter(district=district).select_related('coach')",
    "CoachAssignment.objects.create(district=district, coach=coach)",
    "CoachAssignment.objects.bulk_create(rows)",
    "CoachAssignment.objects.readable_in(access)",
    "coach_candidates().exclude(coach_assignments__district=district)",
    "packet.meeting(user, code, for_facilitators=True)",
    "PagePart(form=AgendaItemForm, facilitators=True)",
    "User.objects.filter(memberships__district=district)",
]


def test_the_page_query_and_the_relation_rows_agree(cast):
    """The page's access query (SQL, for speed) and the relation rows (_held) give every
    person the same relation to every district."""
    from districts.access import _access, district_accesses
    from districts.models import District, SchoolMembership, SchoolRole
    from tests.cast import ROLES, school_team

    school = school_team(cast)
    # A district's member who is also in a school relates to it as its member (the stronger).
    SchoolMembership.objects.create(
        district=cast.riverside, school=school, user=cast.member, role=SchoolRole.SCHOOL_LEAD
    )
    districts = list(District.objects.all())
    for person in [cast.person(role) for role in ROLES if role != "anonymous"]:
        by_rows = {pk: a.relation for pk, a in district_accesses(person, districts).items()}
        by_sql = {}
        for district in districts:
            access = _access(person, district.code)
            if access is not None and access.relation.value != "none":
                by_sql[district.pk] = access.relation
        assert by_rows == by_sql, person
