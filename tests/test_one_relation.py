"""Who relates to a district is written once, in the access layer (districts/access.py:
`_held`, asked through related_district_ids, readable_rows, evidence_reader_rows and the page
query): a relation queried anywhere else is a second definition, and a future leak.

The places listed in STILL_TO_MOVE are older copies being moved into the access layer
(issue 33); the list may only shrink: a new copy fails here, and so does an entry whose copy
is gone."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELATION_QUERY = re.compile(
    r"CoachAssignment\.objects\.filter\(\s*coach"
    r"|Membership\.objects\.filter\(\s*user"
    r"|facilitators=user"
    r"|cohort__facilitators"
)
LEFT_OUT = {"tests", "devtools", ".venv", "data", "node_modules"}
ACCESS_LAYER = {"districts/access.py"}
STILL_TO_MOVE = {
    "accounts/twostep.py": 2,
    "calendars/selectors.py": 1,
    "dashboards/selectors.py": 2,
    "districts/joining.py": 2,
    "districts/selectors.py": 3,
    "meetings/selectors.py": 1,
}


def relation_queries(root: Path) -> dict[str, int]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in LEFT_OUT or "migrations" in parts:
            continue
        name = str(path.relative_to(root))
        if name in ACCESS_LAYER:
            continue
        if count := len(RELATION_QUERY.findall(path.read_text())):
            found[name] = count
    return found


def test_who_relates_to_a_district_is_asked_of_the_access_layer():
    assert relation_queries(ROOT) == STILL_TO_MOVE


def test_a_relation_queried_elsewhere_would_be_caught(tmp_path):
    (tmp_path / "someapp").mkdir()
    (tmp_path / "someapp" / "selectors.py").write_text(
        "def mine(user):\n"
        "    return Membership.objects.filter(user=user)\n"
        "def coached(user):\n"
        "    return CoachAssignment.objects.filter(coach=user)\n"
    )
    (tmp_path / "districts").mkdir()
    (tmp_path / "districts" / "access.py").write_text("Membership.objects.filter(user=user)\n")
    assert relation_queries(tmp_path) == {"someapp/selectors.py": 2}


def test_the_page_query_and_the_relation_rows_agree(cast):
    """The page's access query (SQL, for speed) and the relation rows (_held) give every
    person the same relation to every district."""
    from districts.access import _access, district_accesses
    from districts.models import District
    from tests.cast import ROLES

    districts = list(District.objects.all())
    for person in [cast.person(role) for role in ROLES if role != "anonymous"]:
        by_rows = {pk: a.relation for pk, a in district_accesses(person, districts).items()}
        by_sql = {}
        for district in districts:
            access = _access(person, district.code)
            if access is not None and access.relation.value != "none":
                by_sql[district.pk] = access.relation
        assert by_rows == by_sql, person
