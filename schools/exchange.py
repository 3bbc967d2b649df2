"""The district's schools from a table (CSV or XLSX), checked whole before anything is saved.

Two kinds of table are read, told apart by their header:

- Waypoint's own: `Name, Grades, NCES id, Principal, Enrolment` (the last two may be left
  out), one row a school, the grades as a span ("PK–12", "K-5", "9–12", one grade, or
  empty), the principal as a name or as the email of a member of the district (who then is
  the principal in Waypoint), the enrolment as a number of students.
- A OneRoster 1.2 `orgs.csv` (1EdTech's rostering format, which student-information
  systems export): `sourcedId, status, dateLastModified, name, type, identifier,
  parentSourcedId`. Its schools are the rows of type `school` whose parentSourcedId is the
  district's own sourcedId (which the person gives); `identifier` is the NCES school id
  when it is 12 digits. The district's own row, and orgs above or below (state, national,
  local, department), are passed over; another district's rows, duplicate ids, a school
  whose parent is missing and a type OneRoster does not know are named, row by row, and
  nothing is saved. A row marked `tobedeleted` is passed over.

A row finds the school it describes by its sourcedId, then its NCES id, then its name; it
changes that school (the history keeps what it was) or adds a new one. Importing the same
file again changes nothing."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from districts.models import District
from districts.tables import read_upload
from districts.validators import found_in
from schools.models import GRADE_NAMES, School
from schools.services import school_create, school_update

HEADER = ["Name", "Grades", "NCES id", "Principal", "Enrolment"]
OPTIONAL = HEADER[3:]  # after the first three, in this order, each may be left out
ORGS_NEEDED = ["sourcedId", "name", "type", "parentSourcedId"]
ORGS_COLUMNS = ["sourcedId", "status", "dateLastModified", *ORGS_NEEDED[1:3], "identifier"]
ORG_TYPES = ("school", "district", "local", "state", "national", "department")
PASSED_OVER = {"local", "state", "national", "department"}
MAX_ROWS = 5000
MAX_COLUMNS = 16
MAX_NAME = 200
GRADE_BY_NAME = {name.upper(): value for value, name in GRADE_NAMES.items()}
SPAN = re.compile(r"^\s*([A-Za-z0-9]+)\s*(?:(?:-|–|—|to)\s*([A-Za-z0-9]+)\s*)?$")
NCES = re.compile(r"^\d{12}$")
# What a row sets of a school beside its principal (whom it names by email, or not at all).
COMPARED = (
    "name",
    "lowest_grade",
    "highest_grade",
    "nces_id",
    "principal_name",
    "sourced_id",
    "enrolment",
)
MAX_ENROLMENT = 1_000_000


def read_table(upload) -> list[list[str]]:
    return read_upload(upload, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


@dataclass(frozen=True)
class PlannedSchool:
    row: int
    school: str  # the code of the school it changes; "" for a new one
    name: str
    lowest_grade: int | None
    highest_grade: int | None
    nces_id: str
    principal_name: str
    principal: str  # the code of the principal in Waypoint, or ""
    sourced_id: str
    principal_shown: str  # the principal as the preview names them
    change: str  # what the preview says: "New", "Changed", "No change"
    enrolment: int | None = None

    @property
    def grades(self) -> str:
        return School(lowest_grade=self.lowest_grade, highest_grade=self.highest_grade).grade_span


def grade_span(text: str) -> tuple[int | None, int | None] | None:
    """The lowest and highest grade of "PK–12", "K-5", "9 to 12", "6" or "" (None, None);
    None when it cannot be read or runs downward."""
    if not text.strip():
        return None, None
    match = SPAN.match(text)
    if match is None:
        return None
    low = GRADE_BY_NAME.get(match.group(1).upper().lstrip("0") or "0")
    high = GRADE_BY_NAME.get((match.group(2) or match.group(1)).upper().lstrip("0") or "0")
    if low is None or high is None or low > high:
        return None
    return low, high


class Known:
    """The district's schools and people, and what the file's rows have claimed so far: to
    find the school a row describes, and to name the row that claims what another has."""

    def __init__(self, district: District):
        self.schools = list(School.objects.filter(district=district).select_related("principal"))
        self.people = {
            u.email.lower(): u for u in User.objects.filter(memberships__district=district)
        }
        self.claimed: dict[tuple[str, str], int] = {}

    def match(self, *, sourced_id: str, nces_id: str, name: str) -> School | None:
        for field, value in (("sourced_id", sourced_id), ("nces_id", nces_id), ("name", name)):
            if not value:
                continue
            for school in self.schools:
                if getattr(school, field).lower() == value.lower():
                    return school
        return None

    def taken_by_another(self, school: School | None, field: str, value: str) -> School | None:
        """Another school of the district (not the one the row describes) with this value."""
        if not value:
            return None
        return next(
            (
                s
                for s in self.schools
                if s is not school and getattr(s, field).lower() == value.lower()
            ),
            None,
        )

    def claim(self, number: int, field: str, label: str, value: str) -> str | None:
        """A problem when an earlier row of the file has the same value of this field."""
        if not value:
            return None
        key = (field, value.lower())
        if key in self.claimed:
            return f"Row {number}: the same {label} as row {self.claimed[key]}; keep one."
        self.claimed[key] = number
        return None


def _plan(number: int, values: dict, known: Known, problems: list[str]) -> PlannedSchool | None:
    """The row's school checked against the district's others and the file's other rows."""
    school = known.match(
        sourced_id=values["sourced_id"], nces_id=values["nces_id"], name=values["name"]
    )
    labels = {"name": "name", "nces_id": "NCES school id", "sourced_id": "sourcedId"}
    found = []
    for field, label in labels.items():
        if problem := known.claim(number, field, label, values[field]):
            found.append(problem)
        elif other := known.taken_by_another(school, field, values[field]):
            found.append(f"Row {number}: the district’s school “{other}” has this {label}.")
    problems += found
    if found:
        return None
    principal = values["principal"]
    same = (
        school is not None
        and all(getattr(school, field) == values[field] for field in COMPARED)
        and school.principal_id == (principal.pk if principal else None)
    )
    return PlannedSchool(
        row=number,
        school=str(school.code) if school else "",
        name=values["name"],
        lowest_grade=values["lowest_grade"],
        highest_grade=values["highest_grade"],
        nces_id=values["nces_id"],
        principal_name=values["principal_name"],
        principal=str(principal.code) if principal else "",
        sourced_id=values["sourced_id"],
        principal_shown=(principal.full_name or principal.email)
        if principal
        else values["principal_name"],
        enrolment=values["enrolment"],
        change="New" if school is None else ("No change" if same else "Changed"),
    )


def _name_problems(number: int, column: str, name: str) -> list[str]:
    if not name:
        return [f"Row {number}, column “{column}”: give the school’s name."]
    if len(name) > MAX_NAME:
        return [f"Row {number}, column “{column}”: at most {MAX_NAME} characters."]
    if found := found_in(name):
        return [f"Row {number}, column “{column}”: it has {found}; write it on one line."]
    return []


def _own_row(number: int, cells: dict, known: Known, problems: list[str]):
    """A row of Waypoint's own table, as the values of a school (None if it has problems)."""
    found = _name_problems(number, "Name", cells["Name"])
    span = grade_span(cells["Grades"])
    if span is None:
        found.append(
            f"Row {number}, column “Grades”: write the span as PK–12, K–5 or 9–12 (the lowest "
            "grade first), one grade, or leave it empty."
        )
    nces_id = cells["NCES id"]
    if nces_id and not NCES.match(nces_id):
        found.append(f"Row {number}, column “NCES id”: write its 12 digits, or leave it empty.")
    principal_text = cells.get("Principal", "")
    if len(principal_text) > MAX_NAME or found_in(principal_text):
        found.append(f"Row {number}, column “Principal”: one line of at most {MAX_NAME}.")
    enrolment_text = cells.get("Enrolment", "").replace(",", "")
    enrolment = int(enrolment_text) if enrolment_text.isdigit() else None
    if enrolment_text and (enrolment is None or enrolment > MAX_ENROLMENT):
        found.append(
            f"Row {number}, column “Enrolment”: write its number of students (such as 420), "
            "or leave it empty."
        )
    if found and (twin := known.claim(number, "name", "name", cells["Name"])):
        found.append(twin)  # a later good row of the same name is named too
    problems += found
    if found:
        return None
    person = known.people.get(principal_text.lower()) if "@" in principal_text else None
    school = known.match(sourced_id="", nces_id=nces_id, name=cells["Name"])
    if "Enrolment" not in cells:  # a table without the column keeps what the school has
        enrolment = school.enrolment if school else None
    return {
        "enrolment": enrolment,
        "name": cells["Name"],
        "lowest_grade": span[0],
        "highest_grade": span[1],
        "nces_id": nces_id,
        "principal_name": "" if person else principal_text,
        "principal": person,
        "sourced_id": school.sourced_id if school else "",
    }


def _check_own(table: list[list[str]], known: Known) -> tuple[list, list[str]]:
    got = [cell.strip() for cell in table[0]]
    columns = HEADER[:3]
    for name in OPTIONAL:  # in their order, each present or left out
        if len(got) > len(columns) and got[len(columns)].lower() == name.lower():
            columns = [*columns, name]
    if [c.lower() for c in got[:3]] != [c.lower() for c in HEADER[:3]]:
        return [], [
            "Row 1: the header must be: " + ", ".join(HEADER) + " (Principal and Enrolment may "
            "be left out), "
            "or a OneRoster orgs.csv's (sourcedId, status, dateLastModified, name, type, "
            "identifier, parentSourcedId)."
        ]
    planned, problems = [], []
    for number, raw in enumerate(table[1:], start=2):
        row = [(raw[i] if i < len(raw) else "").strip() for i in range(len(columns))]
        if not any(row):
            continue
        values = _own_row(number, dict(zip(columns, row, strict=True)), known, problems)
        if values is not None and (school := _plan(number, values, known, problems)):
            planned.append(school)
    return planned, problems


def _org_problem(number: int, org: dict, parent: str, orgs: dict) -> str | None:
    """What is wrong with a school row's place in the file (None: it is the district's)."""
    above = org["parentSourcedId"]
    if above == parent:
        return None
    if not above:
        return f"Row {number}, column “parentSourcedId”: empty; a school’s parent is its district."
    if above in orgs:
        return (
            f"Row {number}: “{org['name']}” is a school of another {orgs[above]['type']} "
            f"(sourcedId {above}, row {orgs[above]['row']}), not of yours: export your "
            "district’s orgs only."
        )
    return (
        f"Row {number}, column “parentSourcedId”: {above} is no org of the file, and not your "
        "district’s sourcedId: the school’s parent is missing."
    )


def _org_rows(table: list[list[str]], problems: list[str]) -> list[tuple[int, dict]]:
    """The file's orgs by row, each checked for its id and type (problems named by row)."""
    columns = [cell.strip() for cell in table[0]]
    rows, seen = [], {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        org = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(columns)}
        org["row"] = number
        if not org["sourcedId"]:
            problems.append(f"Row {number}, column “sourcedId”: empty; every org has one.")
        elif org["sourcedId"] in seen:
            problems.append(
                f"Row {number}: the same sourcedId as row {seen[org['sourcedId']]} "
                f"({org['sourcedId']}); each org has its own."
            )
        else:
            seen[org["sourcedId"]] = number
        if org["type"] not in ORG_TYPES:
            problems.append(
                f"Row {number}, column “type”: “{org['type']}” is no OneRoster 1.2 org type "
                f"({', '.join(ORG_TYPES)})."
            )
        rows.append((number, org))
    return rows


def _check_orgs(table: list[list[str]], parent: str, known: Known) -> tuple[list, list[str]]:
    columns = {cell.strip() for cell in table[0]}
    if missing := [c for c in ORGS_NEEDED if c not in columns]:
        return [], ["Row 1: an orgs.csv needs the columns " + ", ".join(missing) + "."]
    if not parent:
        return [], [
            "Give your district’s OneRoster sourcedId (its own row of orgs.csv): the schools "
            "imported are those whose parentSourcedId it is."
        ]
    problems: list[str] = []
    rows = _org_rows(table, problems)
    orgs = {org["sourcedId"]: org for _, org in rows if org["sourcedId"]}
    planned = []
    for number, org in rows:
        kind = org["type"]
        if kind == "district" and org["sourcedId"] != parent:
            problems.append(
                f"Row {number}: another district’s row (“{org['name']}”, sourcedId "
                f"{org['sourcedId']}): export your district’s orgs only."
            )
        if kind != "school" or org.get("status") == "tobedeleted":
            continue
        problem = _org_problem(number, org, parent, orgs)
        found = [problem] if problem else _name_problems(number, "name", org["name"])
        problems += found
        if found:
            continue
        identifier = org.get("identifier", "")
        school = known.match(
            sourced_id=org["sourcedId"],
            nces_id=identifier if NCES.match(identifier) else "",
            name=org["name"],
        )
        values = _kept(school) | {"name": org["name"], "sourced_id": org["sourcedId"]}
        if NCES.match(identifier):
            values["nces_id"] = identifier
        if (planned_school := _plan(number, values, known, problems)) is not None:
            planned.append(planned_school)
    return planned, problems


def _kept(school: School | None) -> dict:
    """What an orgs.csv does not say of a school: its grades, NCES id and principal as
    stored (none for a new one)."""
    if school is None:
        return {
            "lowest_grade": None,
            "highest_grade": None,
            "nces_id": "",
            "principal_name": "",
            "principal": None,
            "enrolment": None,
        }
    return {
        "lowest_grade": school.lowest_grade,
        "highest_grade": school.highest_grade,
        "nces_id": school.nces_id,
        "principal_name": school.principal_name,
        "principal": school.principal,
        "enrolment": school.enrolment,
    }


def check(
    district: District, table: list[list[str]], *, parent: str = ""
) -> tuple[list[PlannedSchool], list[str]]:
    """Every problem of the table, by row and column, and the schools it describes."""
    if not table:
        return [], ["The file is empty."]
    known = Known(district)
    if "sourcedId" in {cell.strip() for cell in table[0]}:
        planned, problems = _check_orgs(table, parent.strip(), known)
    else:
        planned, problems = _check_own(table, known)
    if not planned and not problems:
        problems.append("The file has no school of the district.")
    return planned, problems


@transaction.atomic
def import_schools(*, district: District, planned: list[dict], acting_user: User) -> dict:
    """Add or change the planned schools (checked by check(), as signed in the preview): all
    or nothing; a row the preview found the same as its school changes nothing. The services
    check each again (a school added meanwhile with the same name refuses the whole import)."""
    schools = {str(s.code): s for s in School.objects.select_for_update().filter(district=district)}
    named = [row["principal"] for row in planned if row["principal"]]
    people = {str(u.code): u for u in User.objects.filter(code__in=named)}
    changes = {"New": 0, "Changed": 0, "No change": 0}
    for row in planned:
        changes[row["change"]] += 1
        if row["change"] == "No change":
            continue
        values = {name: row[name] for name in COMPARED} | {
            "principal": people.get(row["principal"])
        }
        if row["change"] == "New":
            school_create(district=district, acting_user=acting_user, **values)
            continue
        found = schools.get(row["school"])
        if found is None:
            raise ValidationError(
                "a school of the preview is no longer there: upload the file again."
            )
        found.district = district
        school_update(
            school=found, expected_version=found.version, acting_user=acting_user, **values
        )
    return {
        "added": changes["New"],
        "changed": changes["Changed"],
        "unchanged": changes["No change"],
    }
