"""Schools' implementation stages (issue 34, part 4): each school's stage per strand (the
NIRN stages), recorded by date as a history whose latest is the current stage, by the
district's leads and members; the rollout page over the school years; the district home's
line and the coach dashboard's column of schools implementing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from districts.access import access_district
from districts.models import Strand
from history.models import Change
from planning.models import Strand as PlanStrand
from schools.models import SchoolStage
from schools.selectors import implementing_by_district, school_counts, school_year
from schools.services import school_close, school_create, school_stage_record
from tests.test_api import bearer


def _school(cast, name="Riverside High School"):
    return school_create(district=cast.riverside, acting_user=cast.lead, name=name)


def _record(school, person, strand="practice", stage="exploration", days_ago=0, note=""):
    return school_stage_record(
        school=school,
        strand=strand,
        stage=stage,
        as_of=timezone.localdate() - timedelta(days=days_ago),
        note=note,
        acting_user=person,
    )


def _page(cast, school):
    return reverse(
        "schools:school", kwargs={"district": cast.riverside.code, "school": school.code}
    )


def _post(cast, school):
    return reverse(
        "schools:school_stage", kwargs={"district": cast.riverside.code, "school": school.code}
    )


def _stages(cast):
    return reverse("schools:stages", kwargs={"district": cast.riverside.code})


def test_the_strands_of_a_stage_are_the_plans_strands():
    assert PlanStrand is Strand
    assert Strand.choices == [
        ("practice", "Practice"),
        ("policy", "Policy"),
        ("public_will", "Public Will"),
    ]


# ---------------------------------------------------------------- recording


def test_the_current_stage_is_the_latest_by_date_and_a_correction_goes_in_its_place(cast):
    school = _school(cast)
    _record(school, cast.lead, stage="exploration", days_ago=300)
    _record(school, cast.lead, stage="initial", days_ago=10)
    # a correction of the history: installation came between them
    _record(school, cast.member, stage="installation", days_ago=100)
    rows = list(SchoolStage.objects.filter(school=school).order_by("as_of"))
    assert [r.stage for r in rows] == ["exploration", "installation", "initial"]
    current = SchoolStage.objects.current().filter(school=school)
    assert [r.stage for r in current] == ["initial"]


def test_a_stage_is_not_recorded_after_today(cast):
    school = _school(cast)
    with pytest.raises(ValidationError) as refused:
        _record(school, cast.lead, days_ago=-1)
    assert "today or before" in str(refused.value)
    assert not SchoolStage.objects.exists()


def test_the_same_stage_twice_in_a_row_on_a_strand_is_refused_either_side(cast):
    school = _school(cast)
    _record(school, cast.lead, stage="installation", days_ago=100)
    _record(school, cast.lead, stage="initial", days_ago=10)
    with pytest.raises(ValidationError) as refused:
        _record(school, cast.lead, stage="initial")  # after the initial one
    assert "initial implementation as of" in str(refused.value)
    with pytest.raises(ValidationError):  # before the installation one, next to it
        _record(school, cast.lead, stage="installation", days_ago=200)
    # the same stage on another strand is another history
    _record(school, cast.lead, strand="policy", stage="initial")
    # and the same stage again once another came between
    _record(school, cast.lead, stage="installation", days_ago=1)
    assert SchoolStage.objects.filter(school=school).count() == 4


def test_a_closed_school_records_no_stage(cast):
    school = _school(cast)
    school_close(school=school, expected_version=1, closed_note="", acting_user=cast.lead)
    with pytest.raises(ValidationError, match="closed"):
        _record(school, cast.lead)


def test_each_recording_is_kept_in_the_districts_history(cast, client_for):
    school = _school(cast)
    _record(school, cast.member, stage="installation", note="Team formed")
    change = Change.objects.get(kind="school-stage")
    assert change.title == "Riverside High School: Practice"
    assert change.after["stage"] == "Installation" and change.after["note"] == "Team formed"
    assert change.changed_by == cast.member
    history = reverse("history:changes", kwargs={"district": cast.riverside.code})
    assert "Riverside High School: Practice" in client_for("coach").get(history).content.decode()
    assert client_for("outsider").get(history).status_code == 404


# ---------------------------------------------------------------- the school's page


@pytest.mark.parametrize("role", ["lead", "member"])
def test_the_team_records_a_stage_on_the_school_page(role, cast, client_for):
    school = _school(cast)
    client = client_for(role)
    assert "Record the stage" in client.get(_page(cast, school)).content.decode()
    answer = client.post(
        _post(cast, school),
        {"strand": "policy", "stage": "exploration", "as_of": "2026-09-01", "note": "Begun"},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("#stages")
    page = client.get(_page(cast, school)).content.decode()
    assert "Recorded: Policy, exploration as of Sep 1, 2026." in page
    assert "Begun" in page
    row = SchoolStage.objects.get()
    assert (row.district, row.recorded_by) == (cast.riverside, cast.person(role))


def test_a_refused_stage_shows_the_page_again_with_why_and_saves_nothing(cast, client_for):
    school = _school(cast)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    answer = client_for("member").post(
        _post(cast, school), {"strand": "policy", "stage": "full", "as_of": tomorrow}
    )
    assert answer.status_code == 400
    assert "today or before" in answer.content.decode()
    answer = client_for("member").post(_post(cast, school), {"strand": "soil", "stage": "full"})
    assert answer.status_code == 400 and "soil" in answer.content.decode()
    assert not SchoolStage.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "coach", "staff"])
def test_readers_see_the_stages_but_cannot_record_one(role, cast, client_for):
    school = _school(cast)
    _record(school, cast.lead, stage="installation", note="Team formed")
    client = client_for(role)
    page = client.get(_page(cast, school)).content.decode()
    assert "Installation" in page and "Team formed" in page and "Record the stage" not in page
    answer = client.post(_post(cast, school), {"strand": "policy", "stage": "full"})
    assert answer.status_code == 403
    assert SchoolStage.objects.count() == 1


def test_another_districts_school_is_missing_for_recording(cast, client_for):
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Far Away")
    url = reverse(
        "schools:school_stage", kwargs={"district": cast.riverside.code, "school": theirs.code}
    )
    answer = client_for("lead").post(url, {"strand": "policy", "stage": "full"})
    assert answer.status_code == 404
    answer = client_for("outsider").post(_post(cast, _school(cast)), {"strand": "policy"})
    assert answer.status_code == 404
    assert not SchoolStage.objects.exists()


# ---------------------------------------------------------------- the rollout


def test_the_rollout_shows_each_schools_stage_at_the_end_of_each_school_year(cast, client_for):
    from planning.services import plan_set_horizon

    now = school_year(timezone.localdate())
    plan_set_horizon(district=cast.riverside, first_year=now, years=3, acting_user=cast.lead)
    high, middle = _school(cast), _school(cast, "Riverside Middle School")
    last_year_end = date(now - 1, 6, 30)
    school_stage_record(
        school=high,
        strand="practice",
        stage="installation",
        as_of=last_year_end - timedelta(days=100),
        acting_user=cast.lead,
    )
    _record(high, cast.lead, stage="initial")
    page = client_for("coach").get(_stages(cast)).content.decode()
    # from last year (the first recording) to the plan's last June
    for june in range(now - 1, now + 3):
        assert f"{june - 1}–{june % 100:02d}" in page
    assert "Schools by strand and school year (2 schools)" in page
    high_rows = page[page.index(f'id="rollout-{high.code}"') :]
    high_rows = high_rows[: high_rows.index("</tbody>")]
    practice = high_rows[high_rows.index("Practice</th>") :].split("</tr>")[0]
    assert practice.index("Installation") < practice.index("Initial implementation")
    assert practice.count("A year to come") == 2
    middle_rows = page[page.index(f'id="rollout-{middle.code}"') :].split("</tbody>")[0]
    assert middle_rows.count("Not recorded") == 3 * 2  # 3 strands × the 2 years so far


def test_without_a_plan_the_rollout_spans_the_years_stages_were_recorded(cast, client_for):
    school = _school(cast)
    _record(school, cast.lead, days_ago=800)
    page = client_for("viewer").get(_stages(cast)).content.decode()
    now = school_year(timezone.localdate())
    first = school_year(timezone.localdate() - timedelta(days=800))
    assert page.count('<th scope="col"') == 2 + (now - first + 1)


@pytest.mark.parametrize(
    ("role", "status"), [("facilitator", 403), ("outsider", 404), ("staff", 200)]
)
def test_the_rollout_is_read_as_the_schools_are(role, status, cast, client_for):
    _school(cast)
    assert client_for(role).get(_stages(cast)).status_code == status


def test_the_rollout_is_paged(cast, client_for):
    for i in range(52):
        _school(cast, f"School {i:02d}")
    page = client_for("lead").get(_stages(cast)).content.decode()
    assert page.count('<tbody id="rollout-') == 50 and "Page 1 of 2" in page
    page = client_for("lead").get(_stages(cast) + "?page=2").content.decode()
    assert page.count('<tbody id="rollout-') == 2


# ---------------------------------------------------------------- implementing


def test_a_school_implements_when_its_current_stage_on_a_strand_is_initial_or_full(cast):
    ahead, back, gone, none = (
        _school(cast, name) for name in ("Ahead", "Went back", "Closed", "Not begun")
    )
    _record(ahead, cast.lead, strand="policy", stage="full")
    _record(back, cast.lead, stage="initial", days_ago=30)
    _record(back, cast.lead, stage="installation")  # no longer implementing
    _record(gone, cast.lead, stage="full")
    school_close(school=gone, expected_version=1, closed_note="", acting_user=cast.lead)
    _record(none, cast.lead, stage="exploration")
    counts = implementing_by_district([cast.riverside.pk, cast.hillcrest.pk])
    assert counts == {cast.riverside.pk: {"open": 3, "closed": 1, "implementing": 1}}
    access = access_district(cast.coach, cast.riverside.code)
    assert school_counts(access) == {"open": 3, "closed": 1, "implementing": 1}


def test_the_district_home_says_how_many_schools_implement(cast, client_for):
    ahead, _ = _school(cast), _school(cast, "Riverside Middle School")
    home = cast.riverside.get_absolute_url()
    assert "0 of 2 schools implementing" in client_for("lead").get(home).content.decode()
    _record(ahead, cast.member, stage="initial")
    page = client_for("coach").get(home).content.decode()
    assert "1 of 2 schools implementing" in page
    assert "implementing" not in client_for("facilitator").get(home).content.decode()


def test_the_coach_dashboard_shows_each_districts_schools_implementing(cast, client_for):
    from districts.models import CoachAssignment

    CoachAssignment.objects.get_or_create(district=cast.riverside, coach=cast.coach)
    ahead = _school(cast)
    _school(cast, "Riverside Middle School")
    _record(ahead, cast.member, stage="full")
    page = client_for("coach").get(reverse("dashboards:coach")).content.decode()
    assert "Schools implementing" in page
    row = page[page.index(f'<th scope="row"><a href="{cast.riverside.get_absolute_url()}"') :]
    row = row.split("</tr>")[0]
    assert "<td>1 of 2</td>" in row


# ---------------------------------------------------------------- the API


def _api(cast, school):
    return f"/api/v1/districts/{cast.riverside.code}/schools/{school.code}/stages/"


def test_the_api_lists_a_schools_stages_by_date_and_records_one(cast):
    school = _school(cast)
    _record(school, cast.lead, stage="installation", days_ago=10, note="Team formed")
    listed = Client().get(_api(cast, school), **bearer(cast, "coach")).json()
    assert [(s["strand"], s["stage"], s["note"]) for s in listed["results"]] == [
        ("practice", "installation", "Team formed")
    ]
    assert listed["results"][0]["recorded_by"] == cast.lead.email
    answer = Client().post(
        _api(cast, school),
        {"strand": "practice", "stage": "initial", "as_of": timezone.localdate().isoformat()},
        content_type="application/json",
        **bearer(cast, "member"),
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["stage"] == "initial"
    assert Change.objects.filter(kind="school-stage").count() == 2


def test_the_api_refuses_a_stage_as_the_page_does(cast):
    school = _school(cast)
    _record(school, cast.lead, stage="installation")
    same = {"strand": "practice", "stage": "installation", "as_of": "2020-01-01"}
    answer = Client().post(
        _api(cast, school), same, content_type="application/json", **bearer(cast, "lead")
    )
    assert answer.status_code == 400 and "installation as of" in answer.json()["stage"][0]
    answer = Client().post(
        _api(cast, school), same, content_type="application/json", **bearer(cast, "viewer")
    )
    assert answer.status_code == 403
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Far Away")
    answer = Client().get(_api(cast, theirs), **bearer(cast, "lead"))
    assert answer.status_code == 404
    assert SchoolStage.objects.count() == 1


# ---------------------------------------------------------------- a school's own team


@pytest.mark.parametrize(
    ("role", "district_role", "records"),
    [
        ("school_lead", None, True),
        ("school_member", None, True),
        ("school_viewer", None, False),
        ("school_lead", "viewer", True),  # a district viewer who leads the school
    ],
)
def test_a_schools_own_lead_and_members_record_its_stage(
    role, district_role, records, cast, client_for
):
    from django.test import Client

    from districts.models import Membership, SchoolMembership
    from tests.factories import UserFactory

    high, middle = _school(cast), _school(cast, "Riverside Middle School")
    person = UserFactory()
    if district_role:
        Membership.objects.create(district=cast.riverside, user=person, role=district_role)
    SchoolMembership.objects.create(district=cast.riverside, school=high, user=person, role=role)
    client = Client()
    client.force_login(person)
    assert ("Record the stage" in client.get(_page(cast, high)).content.decode()) is records
    answer = client.post(
        _post(cast, high),
        {"strand": "practice", "stage": "exploration", "as_of": "2026-09-01"},
    )
    assert answer.status_code == (302 if records else 403)
    # another school of the district: as if it did not exist
    answer = client.post(
        _post(cast, middle), {"strand": "practice", "stage": "exploration", "as_of": "2026-09-01"}
    )
    assert answer.status_code == (403 if district_role else 404)
    assert SchoolStage.objects.filter(school=middle).count() == 0


def test_a_schools_own_lead_records_its_stage_through_the_api_and_no_other_schools(cast):
    from districts.models import SchoolMembership
    from tests.factories import UserFactory

    high, middle = _school(cast), _school(cast, "Riverside Middle School")
    person = UserFactory()
    SchoolMembership.objects.create(
        district=cast.riverside, school=high, user=person, role="school_lead"
    )
    _, token = ApiToken.issue(user=person, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"strand": "policy", "stage": "exploration", "as_of": "2026-09-01"}
    answer = Client().post(_api(cast, high), body, content_type="application/json", **auth)
    assert answer.status_code == 201, answer.content
    answer = Client().post(_api(cast, middle), body, content_type="application/json", **auth)
    assert answer.status_code == 404
    assert Client().get(_api(cast, middle), **auth).status_code == 404
    assert list(SchoolStage.objects.values_list("school", flat=True)) == [high.pk]
