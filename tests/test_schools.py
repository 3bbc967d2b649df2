"""Schools in a district (issue 34, part 1): the district's leads add, rename, close and
reopen them, one by one or from a table (Waypoint's own or a OneRoster 1.2 orgs.csv, checked
whole, nothing saved until every row is good); its team, coaches and staff read them."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from history.models import Change
from schools.exchange import grade_span
from schools.models import School
from schools.services import school_close, school_create
from tests.test_api import bearer


def _url(cast, name, **kwargs):
    return reverse(f"schools:{name}", kwargs={"district": cast.riverside.code, **kwargs})


def _school(cast, name="Riverside High School", **fields):
    fields = {"lowest_grade": 9, "highest_grade": 12, **fields}
    return school_create(district=cast.riverside, acting_user=cast.lead, name=name, **fields)


def _import(client, cast, content: str, filename="schools.csv", **data):
    """Upload a table, then (when its preview is good) confirm it; the upload's answer."""
    upload = SimpleUploadedFile(filename, content.encode())
    preview = client.post(_url(cast, "import"), {"file": upload, **data})
    signed = re.search(r'name="confirm" value="([^"]+)"', preview.content.decode())
    if signed:
        client.post(_url(cast, "import"), {"confirm": signed.group(1)})
    return preview


# ---------------------------------------------------------------- the list


def test_the_list_says_what_to_do_when_there_is_no_school(cast, client_for):
    page = client_for("lead").get(_url(cast, "school_list")).content.decode()
    assert "No school yet." in page and "Add a school" in page
    page = client_for("viewer").get(_url(cast, "school_list")).content.decode()
    assert "No school yet." in page and "Add a school" not in page


def test_the_list_shows_open_schools_first_then_the_closed_with_why(cast, client_for):
    school_close(
        school=_school(cast, "Alder Street Elementary School", lowest_grade=-1, highest_grade=5),
        expected_version=1,
        closed_note="Merged with Meadowbrook",
        acting_user=cast.lead,
    )
    _school(cast, principal_name="James Whitcomb")
    page = client_for("coach").get(_url(cast, "school_list")).content.decode()
    assert page.index("Riverside High School") < page.index("Alder Street Elementary School")
    assert "9–12" in page and "PK–5" in page and "James Whitcomb" in page
    assert "Closed</span>" in page and "Merged with Meadowbrook" in page
    assert "Edit<span" not in page  # a coach reads


def test_the_list_is_paged(cast, client_for):
    School.objects.bulk_create(
        School(district=cast.riverside, name=f"School {n:03}") for n in range(51)
    )
    client = client_for("member")
    assert "School 049" in client.get(_url(cast, "school_list")).content.decode()
    second = client.get(_url(cast, "school_list") + "?page=2").content.decode()
    assert "School 050" in second and "School 049" not in second and "Page 2 of 2" in second


def test_a_facilitator_of_the_cohort_does_not_read_the_schools(cast, client_for):
    assert client_for("facilitator").get(_url(cast, "school_list")).status_code == 403


# ---------------------------------------------------------------- adding and changing


def test_a_lead_adds_a_school_with_its_span_and_principal(cast, client_for):
    answer = client_for("lead").post(
        _url(cast, "school_new"),
        {
            "name": "Riverside Middle School",
            "lowest_grade": "6",
            "highest_grade": "8",
            "nces_id": "230000100123",
            "principal_name": "Teresa Lindqvist",
            "principal": str(cast.member.code),
        },
    )
    assert answer.status_code == 302
    school = School.objects.get()
    assert (school.grade_span, school.nces_id, school.principal) == (
        "6–8",
        "230000100123",
        cast.member,
    )
    assert school.principal_shown == "Milo Member"
    assert Change.objects.get(kind="school").after["name"] == "Riverside Middle School"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"lowest_grade": "9", "highest_grade": "6"},
            "the highest grade (6) is below the lowest (9)",
        ),
        ({"lowest_grade": "9"}, "give both the lowest and the highest grade"),
        ({"nces_id": "23-0001"}, "NCES school id: write its 12 digits"),
        ({"name": ""}, "This field is required."),
        ({"name": "Riverside High School"}, "the district has a school of this name already"),
        ({"nces_id": "230000100999"}, "another school of the district has this id"),
    ],
)
def test_a_bad_school_is_refused_with_what_to_fix(cast, client_for, fields, message):
    _school(cast, nces_id="230000100999")
    data = {"name": "Meadowbrook Elementary School", **fields}
    page = client_for("lead").post(_url(cast, "school_new"), data)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert School.objects.count() == 1


def test_a_principal_in_waypoint_must_belong_to_the_district(cast, client_for):
    page = client_for("lead").post(
        _url(cast, "school_new"), {"name": "Hill School", "principal": str(cast.outsider.code)}
    )
    assert page.status_code == 400 and not School.objects.exists()


def test_a_lead_renames_a_school_and_a_stale_rename_keeps_both(cast, client_for):
    school = _school(cast)
    url = _url(cast, "school_edit", school=school.code)
    client = client_for("lead")
    data = {"name": "Riverside Regional High School", "lowest_grade": "9", "highest_grade": "12"}
    assert client.post(url, {**data, "version": "1"}).status_code == 302
    stale = client.post(url, {**data, "name": "River High", "version": "1"})
    assert stale.status_code == 409 and "Saved elsewhere first." in stale.content.decode()
    school.refresh_from_db()
    assert (school.name, school.version) == ("Riverside Regional High School", 2)
    change = Change.objects.filter(kind="school").order_by("pk").last()
    assert change.before["name"] == "Riverside High School"


@pytest.mark.parametrize("role", ["member", "viewer", "coach", "staff"])
def test_only_the_district_leads_change_its_schools(cast, client_for, role):
    school = _school(cast)
    client = client_for(role)
    for name in ("school_new", "import"):
        assert client.post(_url(cast, name), {"name": "X"}).status_code == 403
    for name in ("school_edit", "school_close", "school_reopen"):
        assert client.post(_url(cast, name, school=school.code)).status_code == 403


@pytest.mark.parametrize("role", ["lead", "viewer", "coach", "staff"])
def test_a_schools_page_shows_it_to_whoever_reads_the_schools(cast, client_for, role):
    school = _school(cast)
    page = client_for(role).get(_url(cast, "school", school=school.code))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"<h1>{school.name}</h1>" in text and "Grades" in text
    assert ("Edit<span" in text) == (role in ("lead",))


def test_a_schools_page_shows_the_parts_the_features_declare(cast, client_for, monkeypatch):
    from schools import parts

    read = []
    shown = parts.SchoolPart(
        "Its rounds", "schools/_nav.html", lambda access, school: read.append(school) or {}
    )
    hidden = parts.SchoolPart("Not for you", "schools/_nav.html", lambda access, school: None)
    monkeypatch.setattr(parts, "school_parts", lambda: (hidden, shown))
    school = _school(cast)
    text = client_for("lead").get(_url(cast, "school", school=school.code)).content.decode()
    assert '<h2 id="part-1">Its rounds</h2>' in text and "Not for you" not in text
    assert read == [school]


def test_another_districts_school_is_the_same_404_as_a_missing_one(cast, client_for):
    outer = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    client = client_for("lead")
    foreign = client.get(_url(cast, "school_edit", school=outer.code))
    missing = client.get(_url(cast, "school_edit", school="00000000-0000-0000-0000-000000000000"))
    assert foreign.status_code == missing.status_code == 404
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", foreign.content) == strip.sub(b"", missing.content)
    assert client.post(_url(cast, "school_close", school=outer.code)).status_code == 404
    assert not School.objects.get(pk=outer.pk).is_closed


# ---------------------------------------------------------------- closing


def test_closing_asks_then_keeps_the_school_and_its_history_and_it_reopens(cast, client_for):
    school = _school(cast)
    client = client_for("lead")
    url = _url(cast, "school_close", school=school.code)
    question = client.get(url).content.decode()
    assert "Close “Riverside High School”?" in question and "Yes, close the school" in question
    answer = client.post(
        url, {"closed_note": "Merged into the regional high school", "version": "1"}
    )
    assert answer.status_code == 302
    school.refresh_from_db()
    assert school.is_closed and school.closed_note == "Merged into the regional high school"
    again = client.post(url, {"closed_note": "", "version": str(school.version)})
    assert again.status_code == 400 and "closed already" in again.content.decode()
    reopen = _url(cast, "school_reopen", school=school.code)
    assert "Reopen the school “Riverside High School”?" in client.get(reopen).content.decode()
    assert client.post(reopen).status_code == 302
    school.refresh_from_db()
    assert not school.is_closed and school.closed_note == ""
    kept = [c.after.get("closed_note") for c in Change.objects.filter(kind="school").order_by("pk")]
    assert kept == ["", "Merged into the regional high school", ""]


# ---------------------------------------------------------------- importing


def test_a_table_of_schools_is_previewed_then_saved_and_again_changes_nothing(cast, client_for):
    _school(cast, "Riverside High School")
    table = (
        "Name,Grades,NCES id,Principal\n"
        "Alder Street Elementary School,PK-5,,Ruth Callahan\n"
        "Riverside Middle School,6–8,230000100123,milo@example.org\n"
        "Riverside High School,9 to 12,,James Whitcomb\n"
    )
    client = client_for("lead")
    preview = client.post(
        _url(cast, "import"), {"file": SimpleUploadedFile("s.csv", table.encode())}
    )
    text = preview.content.decode()
    assert "Every row is good: 3 to save" in text and "Milo Member" in text
    assert School.objects.count() == 1  # nothing until confirmed
    _import(client, cast, table)
    schools = {s.name: s for s in School.objects.all()}
    assert schools["Alder Street Elementary School"].grade_span == "PK–5"
    assert schools["Riverside Middle School"].principal == cast.member
    assert schools["Riverside High School"].principal_name == "James Whitcomb"
    again = _import(client, cast, table).content.decode()
    assert text.count("<td>New</td>") == 2 and again.count("<td>No change</td>") == 3


def test_each_bad_row_is_named_and_nothing_is_saved(cast, client_for):
    table = (
        "Name,Grades,NCES id\n"
        "Alder Street Elementary School,5-K,,\n"
        "Riverside Middle School,6-8,2300001,\n"
        ",9-12,\n"
        "Alder Street Elementary School,K-5,\n"
    )
    page = _import(client_for("lead"), cast, table)
    text = page.content.decode()
    assert page.status_code == 400 and "Nothing was imported." in text
    assert "Row 2, column “Grades”" in text and "Row 3, column “NCES id”" in text
    assert "Row 4, column “Name”: give the school’s name." in text
    assert "Row 5: the same name as row 2; keep one." in text
    assert not School.objects.exists()


ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"


def test_a_oneroster_orgs_file_brings_the_districts_schools(cast, client_for):
    orgs = ORGS + (
        "st-me,,,Maine,state,,\n"
        "d-100,,,Riverside School District,district,2300001,st-me\n"
        "s-1,,,Riverside High School,school,230000100111,d-100\n"
        "s-2,active,2026-09-01T00:00:00Z,Riverside Middle School,school,RMS-7,d-100\n"
        "s-3,tobedeleted,,Old Mill School,school,,d-100\n"
        "dept-1,,,Science,department,,s-1\n"
    )
    client = client_for("lead")
    assert _import(client, cast, orgs, parent="d-100").status_code == 200
    schools = {s.name: s for s in School.objects.all()}
    assert set(schools) == {"Riverside High School", "Riverside Middle School"}
    assert (
        schools["Riverside High School"].nces_id,
        schools["Riverside High School"].sourced_id,
    ) == (
        "230000100111",
        "s-1",
    )
    assert schools["Riverside Middle School"].nces_id == ""  # not 12 digits: not an NCES id
    renamed = orgs.replace("Riverside High School", "Riverside Regional High School")
    preview = _import(client, cast, renamed, parent="d-100").content.decode()
    assert "<td>Changed</td>" in preview
    assert School.objects.get(sourced_id="s-1").name == "Riverside Regional High School"


def test_a_oneroster_file_without_the_districts_sourced_id_asks_for_it(cast, client_for):
    page = _import(client_for("lead"), cast, ORGS + "s-1,,,High,school,,d-100\n")
    assert (
        page.status_code == 400
        and "Give your district’s OneRoster sourcedId" in page.content.decode()
    )


def test_a_bad_oneroster_file_names_each_row_and_saves_nothing(cast, client_for):
    orgs = ORGS + (
        "d-100,,,Riverside School District,district,,\n"
        "d-200,,,Hillcrest Regional School Unit,district,,\n"
        "s-1,,,Riverside High School,school,,d-100\n"
        "s-1,,,Riverside Middle School,school,,d-100\n"
        "s-9,,,Hillcrest High School,school,,d-200\n"
        "s-5,,,Lost School,school,,d-999\n"
        "s-6,,,Orphan School,school,,\n"
        "s-7,,,Riverside Academy,campus,,d-100\n"
    )
    page = _import(client_for("lead"), cast, orgs, parent="d-100")
    text = page.content.decode()
    assert page.status_code == 400
    assert "Row 3: another district’s row (“Hillcrest Regional School Unit”" in text
    assert "Row 5: the same sourcedId as row 4 (s-1)" in text
    assert "Row 6: “Hillcrest High School” is a school of another district" in text
    assert "Row 7, column “parentSourcedId”: d-999 is no org of the file" in text
    assert "Row 8, column “parentSourcedId”: empty" in text
    assert "Row 9, column “type”: “campus” is no OneRoster 1.2 org type" in text
    assert not School.objects.exists()


def test_a_changed_preview_is_refused(cast, client_for):
    client = client_for("lead")
    answer = client.post(_url(cast, "import"), {"confirm": "forged"}, follow=True)
    assert "The preview is too old or was changed" in answer.content.decode()
    assert not School.objects.exists()


@pytest.mark.parametrize(
    ("text", "span"),
    [("PK-12", (-1, 12)), ("K–5", (0, 5)), ("09 - 12", (9, 12)), ("6", (6, 6)), ("", (None, None))],
)
def test_grade_spans_are_read_as_districts_write_them(text, span):
    assert grade_span(text) == span


@pytest.mark.parametrize("text", ["12-9", "PK-13", "grades 9-12", "9-"])
def test_a_grade_span_that_cannot_be_read_is_none(text):
    assert grade_span(text) is None


# ---------------------------------------------------------------- the API


def _api(cast, rest=""):
    return f"/api/v1/districts/{cast.riverside.code}/schools/{rest}"


def _send(method, url, data, headers, **extra):
    body = json.dumps(data)
    return getattr(Client(), method)(url, body, content_type="application/json", **headers, **extra)


def test_the_api_lists_adds_and_changes_schools_with_if_match(cast):
    made = _send(
        "post",
        _api(cast),
        {"name": "Riverside Middle School", "lowest_grade": 6, "highest_grade": 8},
        bearer(cast),
    )
    assert made.status_code == 201, made.content
    assert (made.json()["grade_span"], made["ETag"]) == ("6–8", '"1"')
    code = made.json()["code"]
    listed = Client().get(_api(cast), **bearer(cast, "coach")).json()
    assert [s["name"] for s in listed["results"]] == ["Riverside Middle School"]
    change = {"principal": cast.member.email}
    assert _send("patch", _api(cast, f"{code}/"), change, bearer(cast)).status_code == 428
    changed = _send("patch", _api(cast, f"{code}/"), change, bearer(cast), HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed.json()["principal"] == cast.member.email
    stale = _send("patch", _api(cast, f"{code}/"), change, bearer(cast), HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412


def test_the_api_refuses_a_bad_school_by_field_and_writes_only_for_leads(cast):
    for bad, field in (
        ({"name": "High", "lowest_grade": 12, "highest_grade": 9}, "highest_grade"),
        ({"name": "High", "nces_id": "1"}, "nces_id"),
    ):
        refused = _send("post", _api(cast), bad, bearer(cast))
        assert refused.status_code == 400 and field in refused.json()
    outsider = {"name": "High", "principal": cast.outsider.email}
    assert _send("post", _api(cast), outsider, bearer(cast)).status_code == 400
    assert _send("post", _api(cast), {"name": "High"}, bearer(cast, "member")).status_code == 403
    assert not School.objects.exists()


def test_another_districts_school_is_not_found_through_the_api(cast):
    outer = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    answer = Client().get(_api(cast, f"{outer.code}/"), **bearer(cast))
    missing = Client().get(_api(cast, "00000000-0000-0000-0000-000000000000/"), **bearer(cast))
    assert answer.status_code == missing.status_code == 404
    assert answer.content == missing.content


def test_a_preview_that_no_longer_holds_saves_nothing_and_says_why(cast, client_for):
    client = client_for("lead")
    table = (
        "Name,Grades,NCES id\nAlder Street Elementary School,PK-5,\nRiverside High School,9-12,\n"
    )
    upload = SimpleUploadedFile("s.csv", table.encode())
    preview = client.post(_url(cast, "import"), {"file": upload}).content.decode()
    _school(cast, "Riverside High School")  # another lead adds it meanwhile
    signed = re.search(r'name="confirm" value="([^"]+)"', preview).group(1)
    answer = client.post(_url(cast, "import"), {"confirm": signed}, follow=True)
    text = answer.content.decode()
    assert "Nothing was imported: Name: the district has a school of this name already." in text
    assert list(School.objects.values_list("name", flat=True)) == ["Riverside High School"]
