"""Staff choose coaches from the people who can coach, and assign them to a district (and end
an assignment) in the app, not only in the admin."""

from django.urls import reverse

from districts.access import coach_candidates
from districts.forms import DistrictSetUpForm
from districts.models import CoachAssignment
from tests.factories import UserFactory


def assign_url(cast):
    return reverse("districts:coach_assign", kwargs={"district": cast.riverside.code})


def test_the_people_who_can_coach_are_coaches_not_everyone(cast):
    marked = UserFactory(full_name="Cole New Coach", is_coach=True)
    UserFactory(full_name="Ina Inactive", is_coach=True, is_active=False)
    names = set(coach_candidates().values_list("full_name", flat=True))
    assert names == {"Cora Coach", "Cole New Coach"}  # coaching now, or marked as a coach
    assert marked.is_coach


def test_the_set_up_forms_coaches_box_lists_only_people_who_can_coach(cast, client_for):
    assert list(DistrictSetUpForm().fields["coaches"].queryset) == [cast.coach]
    page = client_for("staff").get(reverse("districts:district_new")).content.decode()
    assert "Cora Coach" in page
    assert "Milo Member" not in page and "Otto Outsider" not in page


def test_staff_assign_a_coach_in_the_app_and_end_the_assignment(cast, client_for):
    cole = UserFactory(full_name="Cole New Coach", is_coach=True)
    staff = client_for("staff")
    members = staff.get(reverse("districts:members", kwargs={"district": cast.riverside.code}))
    page = members.content.decode()
    assert "Assign the coach" in page and "Cole New Coach" in page
    response = staff.post(assign_url(cast), {"coach": cole.code})
    assert response.status_code == 302
    assert CoachAssignment.objects.filter(district=cast.riverside, coach=cole).exists()
    home = staff.get(cast.riverside.get_absolute_url()).content.decode()
    assert "Cole New Coach" in home  # the district's home lists its coaches
    remove = reverse(
        "districts:coach_remove", kwargs={"district": cast.riverside.code, "coach": cole.code}
    )
    assert staff.post(remove).status_code == 302
    assert not CoachAssignment.objects.filter(district=cast.riverside, coach=cole).exists()


def test_a_person_who_cannot_coach_is_refused(cast, client_for):
    response = client_for("staff").post(assign_url(cast), {"coach": cast.member.code})
    assert response.status_code == 400
    assert not CoachAssignment.objects.filter(coach=cast.member).exists()


def test_only_staff_assign_coaches_and_the_refusal_says_so(cast, client_for):
    cole = UserFactory(full_name="Cole New Coach", is_coach=True)
    response = client_for("lead").post(assign_url(cast), {"coach": cole.code})
    assert response.status_code == 403
    assert "Only Waypoint’s staff may do this." in response.content.decode()
    members = client_for("lead").get(
        reverse("districts:members", kwargs={"district": cast.riverside.code})
    )
    assert "Assign the coach" not in members.content.decode()
    assert "Cora Coach" in members.content.decode()  # the lead reads who coaches the district
    assert not CoachAssignment.objects.filter(coach=cole).exists()


def test_a_coach_of_another_district_is_not_ended_here(cast, client_for):
    remove = reverse(
        "districts:coach_remove", kwargs={"district": cast.outer.code, "coach": cast.coach.code}
    )
    assert client_for("staff").post(remove).status_code == 404  # Cora does not coach Outer
    assert CoachAssignment.objects.filter(coach=cast.coach).count() == 2


def test_the_admins_coach_box_finds_only_people_who_can_coach(cast, client_for):
    found = client_for("staff").get(
        "/admin/autocomplete/",
        {"app_label": "districts", "model_name": "coachassignment", "field_name": "coach"},
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == [str(cast.coach)]
