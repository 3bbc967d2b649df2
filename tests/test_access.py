import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.models import SecurityEvent
from districts.access import (
    NOT_FOUND_MESSAGE,
    DistrictNotFound,
    Relation,
    access_district,
    access_district_object,
    access_table_markdown,
)
from districts.models import Audience, District, Invitation, Membership
from tests.process_helpers import run_python


def without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


ROLES_DOC = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_prints_the_access_table_the_code_enforces():
    assert access_table_markdown() in ROLES_DOC.read_text()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead", {"Riverside School District"}),
        ("viewer", {"Riverside School District"}),
        ("coach", {"Riverside School District", "Hillcrest Regional School Unit"}),
        ("facilitator", {"Riverside School District", "Hillcrest Regional School Unit"}),
        ("outsider", {"Outer School District"}),
        (
            "staff",
            {
                "Riverside School District",
                "Hillcrest Regional School Unit",
                "Outer School District",
            },
        ),
    ],
)
def test_each_role_sees_exactly_its_districts(cast, role, expected):
    names = set(District.objects.visible_to(cast.person(role)).values_list("name", flat=True))
    assert names == expected


def test_a_person_may_belong_to_several_districts(cast):
    Membership.objects.create(district=cast.hillcrest, user=cast.viewer, role="member")
    names = set(District.objects.visible_to(cast.viewer).values_list("name", flat=True))
    assert names == {"Riverside School District", "Hillcrest Regional School Unit"}
    assert access_district(cast.viewer, cast.hillcrest.code).relation is Relation.MEMBER
    assert access_district(cast.viewer, cast.riverside.code).relation is Relation.VIEWER


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not District.objects.visible_to(AnonymousUser()).exists()
    assert not Membership.objects.visible_to(AnonymousUser()).exists()


def test_district_only_rows_stay_inside_the_district_team(cast):
    """Invitations are district-only: neither the coach nor the facilitator reads them."""
    Invitation.objects.create(
        district=cast.riverside,
        email="new@example.org",
        token_hash="a" * 64,
        expires_at="2099-01-01T00:00Z",
    )
    assert Invitation.objects.visible_to(cast.viewer).count() == 1
    assert Invitation.objects.visible_to(cast.staff).count() == 1
    assert Invitation.objects.visible_to(cast.coach).count() == 0
    assert Invitation.objects.visible_to(cast.facilitator).count() == 0
    assert Invitation.objects.visible_to(cast.outsider).count() == 0


def test_rows_shared_with_the_cohort_reach_coaches_and_facilitators_only_of_that_district(cast):
    coach_rows = Membership.objects.visible_to(cast.coach)
    coach_sees = set(coach_rows.values_list("user__email", flat=True))
    assert "lena@example.org" in coach_sees
    assert "otto@example.org" not in coach_sees
    facilitator_sees = set(
        Membership.objects.visible_to(cast.facilitator).values_list("district__name", flat=True)
    )
    assert facilitator_sees == {"Riverside School District"}


def test_access_district_tells_each_role_what_it_may_do(cast):
    lead = access_district(cast.lead, cast.riverside.code, for_write=True)
    assert lead.can_write and lead.can_manage_people
    member = access_district(cast.member, cast.riverside.code, for_write=True)
    assert member.can_write and not member.can_manage_people
    coach = access_district(cast.coach, cast.riverside.code)
    assert coach.can_comment and not coach.can_write
    assert access_district(cast.staff, cast.riverside.code).relation is Relation.STAFF


@pytest.mark.parametrize("role", ["viewer", "coach", "facilitator", "staff"])
def test_read_only_roles_get_403_on_writes(cast, role):
    with pytest.raises(PermissionDenied):
        access_district(cast.person(role), cast.riverside.code, for_write=True)


def test_facilitator_cannot_open_work_shared_only_with_coaches(cast):
    with pytest.raises(PermissionDenied):
        access_district(cast.facilitator, cast.riverside.code, audience=Audience.COACHES)
    assert access_district(cast.coach, cast.riverside.code, audience=Audience.COACHES)


def test_another_district_raises_the_same_404_as_a_missing_one(cast):
    with pytest.raises(Http404) as missing:
        access_district(cast.outsider, "no-such-district")
    with pytest.raises(DistrictNotFound) as foreign:
        access_district(cast.outsider, cast.riverside.code)
    assert str(missing.value) == str(foreign.value) == NOT_FOUND_MESSAGE


def test_an_object_of_another_district_is_not_found_through_this_one(cast):
    """A Riverside lead cannot reach Outer's membership by putting its code in a Riverside URL."""
    access = access_district(cast.lead, cast.riverside.code)
    with pytest.raises(DistrictNotFound):
        access_district_object(access, Membership, code=cast.outsider_membership.code)
    assert access_district_object(access, Membership, code=cast.viewer_membership.code)


def test_other_districts_page_looks_exactly_like_a_missing_page(cast, client_for):
    client = client_for("outsider")
    foreign = client.get(reverse("dashboards:district", kwargs={"district": cast.riverside.code}))
    missing = client.get(reverse("dashboards:district", kwargs={"district": "000000000000"}))
    assert foreign.status_code == missing.status_code == 404
    # identical but for the per-response CSRF mask of the sign-out form
    assert without_csrf(foreign.content) == without_csrf(missing.content)
    assert b"Page not found" in foreign.content


def test_foreign_membership_in_a_url_is_a_404_and_changes_nothing(cast, client_for):
    url = reverse(
        "districts:member_remove",
        kwargs={"district": cast.riverside.code, "membership": cast.outsider_membership.code},
    )
    assert client_for("lead").post(url).status_code == 404
    assert Membership.objects.filter(pk=cast.outsider_membership.pk).exists()


def test_refusals_are_written_to_the_security_log(cast, client_for):
    client_for("outsider").get(
        reverse("dashboards:district", kwargs={"district": cast.riverside.code})
    )
    client_for("viewer").post(
        reverse("districts:member_invite", kwargs={"district": cast.riverside.code}),
        {"email": "x@example.org", "role": "member"},
    )
    foreign = SecurityEvent.objects.get(kind=SecurityEvent.Kind.OTHER_DISTRICT)
    assert foreign.user == cast.outsider
    assert foreign.district == cast.riverside
    assert foreign.path == f"/d/{cast.riverside.code}/"
    assert foreign.created_at is not None
    forbidden = SecurityEvent.objects.get(kind=SecurityEvent.Kind.FORBIDDEN)
    assert forbidden.user == cast.viewer
    assert forbidden.district == cast.riverside
    assert forbidden.method == "POST"
    assert forbidden.path.endswith("/members/invite/")


def test_a_plain_missing_page_is_not_logged_as_a_refusal(cast, client_for):
    client_for("outsider").get(reverse("dashboards:district", kwargs={"district": "000000000000"}))
    assert not SecurityEvent.objects.filter(
        kind__in=[SecurityEvent.Kind.OTHER_DISTRICT, SecurityEvent.Kind.FORBIDDEN]
    ).exists()


def test_forbidden_page_is_friendly(cast, client_for):
    response = client_for("viewer").post(
        reverse("districts:member_invite", kwargs={"district": cast.riverside.code}), {}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only the district’s leads and Waypoint’s staff may do this." in page
    # who can do it: the district's lead, by name, and the way back to the district
    assert "Riverside School District’s lead can do it, or change your role" in page
    assert "<strong>Lena Lead</strong>" in page
    assert f'href="{cast.riverside.get_absolute_url()}"' in page


def test_a_page_asked_with_a_method_it_does_not_take_gets_a_page(cast, client_for):
    url = reverse("districts:member_invite", kwargs={"district": cast.riverside.code})
    response = client_for("lead").get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address is not a page to open" in response.content.decode()
    api = client_for("lead").post(reverse("api:district-list"))
    assert api.status_code == 405 and api["Content-Type"] == "application/json"


def test_every_page_names_the_waypoint_icon(cast, client_for):
    from django.conf import settings
    from django.contrib.staticfiles import finders

    for name in ("favicon.svg", "favicon-32.png", "apple-touch-icon.png"):
        assert finders.find(name), name
    for role, url in (
        ("lead", cast.riverside.get_absolute_url()),
        ("staff", reverse("admin:index")),
        ("lead", "/no-such-page/"),
    ):
        page = client_for(role).get(url).content.decode()
        assert 'rel="icon" href="/static/favicon.svg"' in page, url
    error_page = (settings.BASE_DIR / "templates" / "500.html").read_text()
    assert 'rel="icon" href="/static/favicon.svg"' in error_page


def test_make_run_shows_waypoints_own_error_pages_unless_debug_is_asked_for():
    code = "from config.settings import local; print(local.DEBUG, local.WHITENOISE_USE_FINDERS)"
    for env, expected in (({}, "False True"), ({"DJANGO_DEBUG": "1"}, "True True")):
        out = run_python(code, **env)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == expected


@pytest.mark.parametrize("role", ["lead", "viewer", "coach", "facilitator", "staff"])
def test_readable_in_gives_what_visible_to_gives_in_that_district(cast, framework, role):
    """Pages that opened a district list its rows through readable_in(access): the same rows
    as visible_to(user) in that district, for every relation and kind of sharing."""
    from planning.models import PlanCell
    from planning.services import plan_set_horizon
    from rubrics.models import AssessmentRound, Comment, CommentsSeen, ConsensusRating
    from rubrics.services import comment_add, comments_mark_seen
    from tests.plan_helpers import milestone
    from tests.rubric_helpers import open_round, submitted_round

    for sharing in ("district", "coaches", "cohort"):
        round_ = submitted_round(
            cast.riverside, cast.lead, framework, title=f"Shared: {sharing}", sharing=sharing
        )
        if sharing != "district":
            comment_add(round_=round_, body="Why?", acting_user=cast.coach)
        comments_mark_seen(round_=round_, user=cast.lead)
    open_round(cast.riverside, cast.lead, framework, "Draft", sharing="cohort")
    plan = plan_set_horizon(
        district=cast.riverside, first_year=2026, years=2, acting_user=cast.lead
    )
    milestone(plan, cast.lead, 2026, "policy", "t")
    user = cast.person(role)
    for plan_sharing in ("coaches", "cohort"):
        District.objects.filter(pk=cast.riverside.pk).update(plan_sharing=plan_sharing)
        access = access_district(user, cast.riverside.code)
        for model in (AssessmentRound, ConsensusRating, Comment, CommentsSeen, PlanCell):
            expected = set(model.objects.visible_to(user).filter(district=cast.riverside))
            assert set(model.objects.readable_in(access)) == expected, (model, plan_sharing)


def test_evidence_text_follows_the_rule_on_pages_and_in_the_api(cast, client_for):
    """A plan shared with the cohort: its facilitators read the steps, never their evidence
    (as in the packets); the team and coaches read it."""
    from planning.models import ActionPlan
    from tests.plan_helpers import add_step

    District.objects.filter(pk=cast.riverside.pk).update(plan_sharing=Audience.COHORT)
    plan = ActionPlan.objects.create(district=cast.riverside, goal="Scoring", created_by=cast.lead)
    add_step(plan, cast.lead, "Draft the rubric", evidence="Walkthrough log")
    page = reverse(
        "planning:action_plan", kwargs={"district": cast.riverside.code, "plan": plan.code}
    )
    api = f"/api/v1/districts/{cast.riverside.code}/action-steps/"
    for role in ("lead", "viewer", "coach", "facilitator", "staff"):
        relation = Relation(role) if role != "viewer" else Relation.VIEWER
        from districts.access import RULES

        reads = RULES[relation].reads_evidence
        html = client_for(role).get(page).content.decode()
        assert "Draft the rubric" in html
        assert ("Walkthrough log" in html) is reads, role
        step = client_for(role).get(api).json()["results"][0]
        assert step["description"] == "Draft the rubric"
        assert (step.get("evidence") == "Walkthrough log") is reads, role
        assert ("evidence" in step) is reads, role


def test_problems_of_practice_follow_the_rule(cast, client_for):
    """An unshared problem: the team, its coaches, the facilitators and staff read it; the
    cohort's other districts do not."""
    from districts.access import RULES
    from tests.routes import matrix_meeting

    meeting = reverse("meetings:meeting", kwargs={"meeting": matrix_meeting(cast)["meeting"]})
    for role in ("lead", "viewer", "coach", "facilitator", "staff"):
        assert RULES[Relation(role)].reads_all_problems
        assert "Matrix problem" in client_for(role).get(meeting).content.decode(), role
    from django.test import Client

    from tests.factories import UserFactory

    neighbour = UserFactory(email="hannah@example.org")
    Membership.objects.create(district=cast.hillcrest, user=neighbour, role="lead")
    other_district = Client()
    other_district.force_login(neighbour)
    page = other_district.get(meeting)
    assert page.status_code == 200 and "Matrix problem" not in page.content.decode()


def test_a_member_refused_a_leads_action_is_told_only_leads_may(cast, client_for, draft_round):
    """Not "your role lets you read this": a member changes the district's work, but
    submitting a round is for its leads, and the refusal says so."""
    response = client_for("member").post(
        reverse(
            "rubrics:submit",
            kwargs={"district": cast.riverside.code, "round_code": draft_round.code},
        )
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only the district’s leads may do this." in page
    assert "lets you read this" not in page


def test_each_refusal_names_who_holds_the_right():
    from districts.access import refusal

    assert refusal("leads_work") == "Only the district’s leads may do this."
    assert refusal("writes_work") == "Only the district’s leads and its members may do this."
