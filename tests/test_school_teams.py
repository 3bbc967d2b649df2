"""School teams (issue 34, part 2): a person's role in one school of a district (school lead,
school member, school viewer) relates them to the district by a school relation, decided in
districts/access.py as every relation is: they read what the district shares with its
schools (and more widely), change only their own school's work, and reach only their own
school: another school of the district answers exactly as a missing one."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from districts.access import (
    NOT_FOUND_MESSAGE,
    DistrictNotFound,
    DistrictPermissionDenied,
    Relation,
    access_district,
    access_school,
    related_district_ids,
)
from districts.models import Audience, SchoolMembership, SchoolRole
from schools.services import school_close, school_create, school_member_add
from tests.cast import school_team
from tests.factories import UserFactory
from tests.test_access import without_csrf


def _schools(cast):
    high = school_create(district=cast.riverside, acting_user=cast.lead, name="Riverside High")
    middle = school_create(district=cast.riverside, acting_user=cast.lead, name="Riverside Middle")
    return high, middle


def _in_school(school, role, person=None):
    person = person or UserFactory()
    SchoolMembership.objects.create(district=school.district, school=school, user=person, role=role)
    return person


def test_a_school_person_relates_to_the_district_by_their_strongest_school_role(cast):
    high, middle = _schools(cast)
    person = _in_school(high, SchoolRole.SCHOOL_VIEWER)
    _in_school(middle, SchoolRole.SCHOOL_LEAD, person)
    access = access_district(person, cast.riverside.code)
    assert access.relation is Relation.SCHOOL_LEAD
    assert cast.riverside.pk in {row["district_id"] for row in related_district_ids(person)}


def test_a_school_person_reads_what_the_district_shares_with_its_schools_not_its_team_only(
    cast,
):
    high, _ = _schools(cast)
    access = access_district(_in_school(high, SchoolRole.SCHOOL_LEAD), cast.riverside.code)
    assert access.can_read(Audience.SCHOOLS) and access.can_read(Audience.COACHES)
    assert not access.can_read(Audience.DISTRICT)
    assert not access.can_write  # the district's own work
    # Coaches and a cohort's facilitators do not read what is shared with the schools only.
    assert not access_district(cast.coach, cast.riverside.code).can_read(Audience.SCHOOLS)
    assert not access_district(cast.facilitator, cast.riverside.code).can_read(Audience.SCHOOLS)
    assert access_district(cast.viewer, cast.riverside.code).can_read(Audience.SCHOOLS)


def test_the_districts_leads_and_members_reach_every_school_and_change_its_work(cast):
    high, middle = _schools(cast)
    for person in (cast.lead, cast.member):
        access = access_district(person, cast.riverside.code)
        for school in (high, middle):
            opened = access_school(access, school.code, for_write=True)
            assert opened.school == school and opened.can_write
    assert access_school(access_district(cast.lead, cast.riverside.code), high.code).can_lead
    assert not access_school(access_district(cast.member, cast.riverside.code), high.code).can_lead


def test_a_school_lead_reaches_their_school_and_another_school_answers_as_a_missing_one(cast):
    high, middle = _schools(cast)
    access = access_district(_in_school(high, SchoolRole.SCHOOL_LEAD), cast.riverside.code)
    opened = access_school(access, high.code, for_write=True)
    assert opened.can_write and opened.can_lead and opened.can_manage_team
    with pytest.raises(DistrictNotFound) as other:
        access_school(access, middle.code)
    with pytest.raises(Http404) as missing:
        access_school(access, "00000000-0000-0000-0000-000000000000")
    assert str(other.value) == str(missing.value) == NOT_FOUND_MESSAGE


def test_another_districts_school_answers_as_a_missing_one(cast):
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    with pytest.raises(DistrictNotFound):
        access_school(access_district(cast.lead, cast.riverside.code), theirs.code)


def test_a_school_viewer_and_member_read_their_school_and_change_what_their_role_allows(cast):
    high, _ = _schools(cast)
    viewer = access_district(_in_school(high, SchoolRole.SCHOOL_VIEWER), cast.riverside.code)
    assert not access_school(viewer, high.code).can_write
    with pytest.raises(DistrictPermissionDenied):
        access_school(viewer, high.code, for_write=True)
    member = access_district(_in_school(high, SchoolRole.SCHOOL_MEMBER), cast.riverside.code)
    opened = access_school(member, high.code, for_write=True)
    assert opened.can_write and not opened.can_lead and not opened.can_manage_team


def test_a_district_viewer_who_leads_a_school_reads_everything_and_changes_that_school(cast):
    """The stronger relation wins: their membership relates them to the district (a viewer
    reads all its work), and on their school's page their school role adds its writing."""
    high, middle = _schools(cast)
    _in_school(high, SchoolRole.SCHOOL_LEAD, cast.viewer)
    access = access_district(cast.viewer, cast.riverside.code)
    assert access.relation is Relation.VIEWER and access.can_read(Audience.DISTRICT)
    assert access_school(access, high.code, for_write=True).can_manage_team
    assert not access_school(access, middle.code).can_write  # read, as every school
    with pytest.raises(DistrictPermissionDenied):
        access_school(access, middle.code, for_write=True)


def test_coaches_and_staff_reach_every_school_facilitators_none(cast):
    high, _ = _schools(cast)
    assert not access_school(access_district(cast.coach, cast.riverside.code), high.code).can_write
    staff = access_school(access_district(cast.staff, cast.riverside.code), high.code)
    assert staff.can_manage_team and not staff.can_write
    with pytest.raises(DistrictNotFound):
        access_school(access_district(cast.facilitator, cast.riverside.code), high.code)


def test_the_roles_values_sort_strongest_first():
    """The access query picks a person's strongest school role by sorting on the value."""
    assert sorted(SchoolRole.values) == [
        SchoolRole.SCHOOL_LEAD,
        SchoolRole.SCHOOL_MEMBER,
        SchoolRole.SCHOOL_VIEWER,
    ]


# ---------------------------------------------------------------- the team on the school page


def _page(cast, school):
    return reverse(
        "schools:school", kwargs={"district": cast.riverside.code, "school": school.code}
    )


def _team_url(cast, name, school, **kwargs):
    return reverse(
        f"schools:{name}",
        kwargs={"district": cast.riverside.code, "school": school.code, **kwargs},
    )


def test_the_school_page_shows_its_team_and_who_changes_it_adds_a_person_of_the_district(
    cast, client_for
):
    school = school_team(cast)
    page = client_for("school_member").get(_page(cast, school)).content.decode()
    assert "Sasha School-Lead" in page and "School lead" in page and "Sid School-Viewer" in page
    assert "Add to the team" not in page and "Change the role" not in page
    lead = client_for("school_lead")
    page = lead.get(_page(cast, school)).content.decode()
    assert "Add to the team" in page and "Milo Member" in page  # one of the district's people
    answer = lead.post(
        _team_url(cast, "team_new", school),
        {"person": cast.member.code, "role": SchoolRole.SCHOOL_VIEWER},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("#team")
    added = SchoolMembership.objects.get(school=school, user=cast.member)
    assert added.role == SchoolRole.SCHOOL_VIEWER and added.district == cast.riverside


def test_only_the_districts_people_can_be_added_and_once(cast, client_for):
    school = school_team(cast)
    lead = client_for("lead")
    answer = lead.post(
        _team_url(cast, "team_new", school),
        {"person": cast.outsider.code, "role": SchoolRole.SCHOOL_LEAD},
    )
    assert answer.status_code == 400
    assert not SchoolMembership.objects.filter(user=cast.outsider).exists()
    with pytest.raises(ValidationError, match="in this school's team already"):
        school_member_add(
            school=school, person=cast.school_lead, role="school_member", acting_user=cast.lead
        )
    with pytest.raises(ValidationError, match="Role: choose"):
        school_member_add(school=school, person=cast.viewer, role="lead", acting_user=cast.lead)


def test_a_school_lead_changes_a_role_and_removes_a_person_after_confirming(cast, client_for):
    school = school_team(cast)
    viewer = SchoolMembership.objects.get(school=school, user=cast.school_viewer)
    lead = client_for("school_lead")
    url = _team_url(cast, "team_role", school, member=viewer.code)
    assert lead.post(url, {"role": SchoolRole.SCHOOL_MEMBER}).status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == SchoolRole.SCHOOL_MEMBER
    remove = _team_url(cast, "team_remove", school, member=viewer.code)
    question = lead.get(remove).content.decode()
    assert "Remove Sid School-Viewer from Riverside High School’s team?" in question
    assert lead.post(remove).status_code == 302
    assert not SchoolMembership.objects.filter(pk=viewer.pk).exists()


def test_a_school_member_and_a_district_member_do_not_change_the_team(cast, client_for):
    school = school_team(cast)
    viewer = SchoolMembership.objects.get(school=school, user=cast.school_viewer)
    for role in ("school_member", "member", "coach"):
        answer = client_for(role).post(_team_url(cast, "team_remove", school, member=viewer.code))
        assert answer.status_code == 403, role
    assert (
        "Only the district’s leads, the school’s leads and Waypoint’s staff"
        in answer.content.decode()
    )
    assert SchoolMembership.objects.filter(pk=viewer.pk).exists()


def test_a_school_lead_is_refused_another_schools_pages_byte_identical_to_a_missing_one(
    cast, client_for
):
    school_team(cast)
    other = school_create(district=cast.riverside, acting_user=cast.lead, name="Riverside Middle")
    lead = client_for("school_lead")
    missing = lead.get(
        reverse(
            "schools:school",
            kwargs={
                "district": cast.riverside.code,
                "school": "00000000-0000-0000-0000-000000000000",
            },
        )
    )
    refused = lead.get(_page(cast, other))
    assert refused.status_code == missing.status_code == 404
    assert without_csrf(refused.content) == without_csrf(missing.content)
    listed = lead.get(reverse("schools:school_list", kwargs={"district": cast.riverside.code}))
    assert "Riverside High School" in listed.content.decode()
    assert "Riverside Middle" not in listed.content.decode()


def test_a_closed_school_takes_no_one_new(cast):
    school = school_team(cast)
    school = school_close(school=school, expected_version=1, closed_note="", acting_user=cast.lead)
    with pytest.raises(ValidationError, match="closed"):
        school_member_add(
            school=school, person=cast.viewer, role="school_member", acting_user=cast.lead
        )


def test_a_school_person_lands_on_their_district_and_reaches_their_school_from_it(cast, client_for):
    school = school_team(cast)
    client = client_for("school_member")
    home = client.get(reverse("dashboards:landing"), follow=True)
    assert home.status_code == 200
    page = home.content.decode()
    assert "School member (of its school)" in page
    assert f'href="{_page(cast, school)}">Riverside High School</a>' in page
    assert (
        "Your school"
        not in client_for("viewer").get(cast.riverside.get_absolute_url()).content.decode()
    )


def test_the_districts_people_page_shows_the_people_of_its_schools(cast, client_for):
    school_team(cast)
    page = (
        client_for("lead")
        .get(reverse("districts:members", kwargs={"district": cast.riverside.code}))
        .content.decode()
    )
    assert "People of its schools" in page
    assert "Sasha School-Lead" in page and "School lead" in page and "Riverside High School" in page


def test_the_api_lists_a_schools_team_and_a_school_lead_adds_to_it(cast):
    school = school_team(cast)
    client = APIClient()
    client.force_authenticate(cast.school_lead)
    url = reverse(
        "api:school-member-list", kwargs={"district": cast.riverside.code, "school": school.code}
    )
    listed = client.get(url).json()
    assert [row["role"] for row in listed["results"]] == [
        "school_lead",
        "school_member",
        "school_viewer",
    ]
    made = client.post(url, {"person": cast.viewer.email, "role": "school_member"}, format="json")
    assert made.status_code == 201 and made.json()["full_name"] == "Vera Viewer"
    again = client.post(url, {"person": cast.viewer.email, "role": "school_lead"}, format="json")
    assert again.status_code == 400 and "already" in str(again.json())
    outsider = client.post(
        url, {"person": cast.outsider.email, "role": "school_lead"}, format="json"
    )
    assert outsider.status_code == 400
    member = client.post(url, {"person": cast.member.email, "role": "school_member"}, format="json")
    detail = reverse(
        "api:school-member-detail",
        kwargs={
            "district": cast.riverside.code,
            "school": school.code,
            "code": member.json()["code"],
        },
    )
    assert (
        client.patch(detail, {"role": "school_viewer"}, format="json").json()["role"]
        == "school_viewer"
    )
    assert client.delete(detail).status_code == 204
    viewer = APIClient()
    viewer.force_authenticate(cast.school_viewer)
    assert (
        viewer.post(
            url, {"person": cast.member.email, "role": "school_member"}, format="json"
        ).status_code
        == 403
    )


def test_the_school_base_refuses_a_view_that_defines_its_own_rows():
    from api.base import SchoolScopedViewSet

    with pytest.raises(TypeError, match="the school's rows"):

        class Leaky(SchoolScopedViewSet):
            def get_queryset(self):
                return SchoolMembership.objects.all()


def test_the_kept_home_follows_the_school_renamed_by_a_data_fix_and_a_bulk_new_school(
    cast, client_for
):
    """The district home is kept rendered: a school renamed by a queryset update, and a
    school's team changed by a bulk write, show on the very next request."""
    from schools.models import School

    school = school_team(cast)
    client = client_for("school_lead")
    home = cast.riverside.get_absolute_url()
    assert ">Riverside High School</a>" in client.get(home).content.decode()
    School.objects.filter(pk=school.pk).update(name="Riverside Regional High School")
    assert ">Riverside Regional High School</a>" in client.get(home).content.decode()
    other = school_create(district=cast.riverside, acting_user=cast.lead, name="Harbor School")
    SchoolMembership.objects.bulk_create(
        [SchoolMembership(district=cast.riverside, school=other, user=cast.school_lead)]
    )
    assert ">Harbor School</a>" in client.get(home).content.decode()
