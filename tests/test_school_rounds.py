"""A school's self-assessment rounds (issue 34, part 3): opened by the district's leads for
chosen schools (or all) at once, rated, agreed and submitted by the same pages and services
as a district's round; closed, with a note and nothing lost, when their school closes; shown
on the school's page; and the rollout grid of part 4 (schools × dimensions)."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Kind, Notice
from rubrics.models import AssessmentRound, Rating
from rubrics.services import round_submit, school_rounds_open
from schools.services import school_close, school_create
from tests.rubric_helpers import agree_all, dimensions_of, load_rubric, rate, url


@pytest.fixture
def mc(db):
    """The Mastery Collaborative framework, a school's own."""
    return load_rubric("mastery-collaborative-implementation")


@pytest.fixture
def schools(cast):
    """Riverside's three schools (the third closed) and one of Outer's."""
    made = [
        school_create(district=cast.riverside, acting_user=cast.lead, name=name)
        for name in ("Alder Street Elementary", "Riverside Middle", "Old Mill School")
    ]
    school_close(school=made[2], expected_version=1, closed_note="Merged", acting_user=cast.lead)
    made[2].refresh_from_db()
    other = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    return [*made, other]


def opened(cast, mc, schools, title="Spring 2027"):
    return school_rounds_open(
        district=cast.riverside,
        title=title,
        framework=mc,
        due_date=None,
        schools=schools,
        acting_user=cast.lead,
    )


def _new_url(cast):
    return reverse("rubrics:school_rounds", kwargs={"district": cast.riverside.code})


# ------------------------------------------------------------------ opening


def test_a_lead_opens_a_round_for_every_open_school_at_once(cast, client_for, mc, schools):
    response = client_for("lead").post(
        _new_url(cast),
        {"title": "Spring 2027", "framework": mc.code, "due_date": "", "every_school": "on"},
    )
    assert response.status_code == 302
    rounds = AssessmentRound.objects.of_schools().order_by("school__name")
    assert [r.school.name for r in rounds] == ["Alder Street Elementary", "Riverside Middle"]
    assert {r.title for r in rounds} == {"Spring 2027"}
    assert all(r.district == cast.riverside and r.is_open for r in rounds)
    # each is its own round, told to those who rate (the member; not the lead who opened)
    assert Notice.objects.filter(kind=Kind.ROUND_OPENED, recipient=cast.member).count() == 2
    assert not Notice.objects.filter(recipient=cast.lead).exists()


def test_a_lead_opens_rounds_for_chosen_schools(cast, client_for, mc, schools):
    response = client_for("lead").post(
        _new_url(cast), {"title": "Pilot", "framework": mc.code, "schools": [schools[1].code]}
    )
    assert response.status_code == 302
    assert [r.school for r in AssessmentRound.objects.all()] == [schools[1]]


def test_opening_for_no_school_says_so(cast, client_for, mc, schools):
    response = client_for("lead").post(_new_url(cast), {"title": "Pilot", "framework": mc.code})
    assert response.status_code == 400
    assert "Choose at least one school, or all of them." in response.content.decode()
    assert not AssessmentRound.objects.exists()


def test_opening_for_a_closed_school_is_refused_and_opens_none(cast, client_for, mc, schools):
    response = client_for("lead").post(
        _new_url(cast),
        {"title": "Pilot", "framework": mc.code, "schools": [schools[0].code, schools[2].code]},
    )
    assert response.status_code == 400
    assert "Closed schools have no new rounds: Old Mill School" in response.content.decode()
    assert not AssessmentRound.objects.exists()


def test_opening_for_another_districts_school_is_refused(cast, client_for, mc, schools):
    response = client_for("lead").post(
        _new_url(cast), {"title": "Pilot", "framework": mc.code, "schools": [schools[3].code]}
    )
    assert response.status_code == 400
    assert "Choose schools of this district only." in response.content.decode()
    assert not AssessmentRound.objects.exists()
    with pytest.raises(ValidationError, match="this district only"):
        opened(cast, mc, [schools[3]])


def test_opening_the_same_title_twice_for_a_school_is_refused(cast, client_for, mc, schools):
    opened(cast, mc, [schools[0]])
    response = client_for("lead").post(
        _new_url(cast),
        {
            "title": "spring 2027",
            "framework": mc.code,
            "schools": [schools[0].code, schools[1].code],
        },
    )
    assert response.status_code == 400
    assert "These schools have a round titled" in response.content.decode()
    assert AssessmentRound.objects.count() == 1  # the second school's was not opened either


@pytest.mark.parametrize("role", ["member", "viewer", "coach"])
def test_only_leads_open_school_rounds(role, cast, client_for, mc, schools):
    response = client_for(role).post(
        _new_url(cast), {"title": "Pilot", "framework": mc.code, "every_school": "on"}
    )
    assert response.status_code == 403
    assert not AssessmentRound.objects.exists()


def test_an_outsider_gets_404_on_the_schools_rounds(cast, client_for, mc, schools):
    assert client_for("outsider").get(_new_url(cast)).status_code == 404


# ------------------------------------------------------------------ rating and submitting


def test_a_school_round_is_rated_agreed_and_submitted_as_a_districts_is(
    cast, client_for, mc, schools
):
    (round_,) = opened(cast, mc, [schools[0]])
    dimension = dimensions_of(mc)[0]
    rate(round_, cast.member, dimension, 2)
    page = client_for("member").get(url(round_, "rate"))
    assert page.status_code == 200
    assert "Spring 2027 — Alder Street Elementary" in page.content.decode()
    agree_all(round_, cast.lead, default=2)
    round_submit(round_=round_, sharing="coaches", acting_user=cast.lead)
    # submitted to the district (its other leads) and its coaches
    assert Notice.objects.filter(kind=Kind.ROUND_SUBMITTED, recipient=cast.coach).exists()
    coach_page = client_for("coach").get(url(round_))
    assert coach_page.status_code == 200
    assert "Alder Street Elementary" in coach_page.content.decode()
    # a school round is not the district's rating
    assert not AssessmentRound.objects.of_district().exists()


def test_a_draft_school_round_stays_inside_the_district(cast, client_for, mc, schools):
    (round_,) = opened(cast, mc, [schools[0]])
    assert client_for("coach").get(url(round_)).status_code == 404
    assert client_for("outsider").get(url(round_)).status_code == 404


# ------------------------------------------------------------------ the school closes


def test_closing_the_school_closes_its_open_round_and_keeps_its_ratings(
    cast, client_for, mc, schools
):
    (round_,) = opened(cast, mc, [schools[0]])
    dimension = dimensions_of(mc)[0]
    rate(round_, cast.member, dimension, 2)
    school_close(
        school=schools[0],
        expected_version=schools[0].version,
        closed_note="",
        acting_user=cast.lead,
    )
    round_.refresh_from_db()
    assert round_.status == AssessmentRound.Status.CLOSED
    assert round_.closed_note.startswith("Closed because the school closed on ")
    assert Rating.objects.filter(round=round_).count() == 1
    page = client_for("lead").get(url(round_))
    assert page.status_code == 200
    assert "Closed because the school closed on" in page.content.decode()
    with pytest.raises(ValidationError, match="closed and read-only"):
        rate(round_, cast.member, dimensions_of(mc)[1], 1)
    assert client_for("member").get(url(round_, "rate")).status_code == 302


def test_closing_a_school_leaves_its_submitted_round_submitted(cast, mc, schools):
    (round_,) = opened(cast, mc, [schools[0]])
    agree_all(round_, cast.lead)
    round_submit(round_=round_, sharing="coaches", acting_user=cast.lead)
    school_close(school=schools[0], expected_version=1, closed_note="", acting_user=cast.lead)
    round_.refresh_from_db()
    assert round_.is_submitted


# ------------------------------------------------------------------ the school's page


def test_the_school_page_lists_its_rounds(cast, client_for, mc, schools):
    opened(cast, mc, [schools[0], schools[1]])
    page = client_for("lead").get(
        reverse(
            "schools:school", kwargs={"district": cast.riverside.code, "school": schools[0].code}
        )
    )
    text = page.content.decode()
    assert "Self-assessment" in text
    assert text.count("Spring 2027") == 1  # its own round, not the other school's
    # the coach reads no draft
    coach = client_for("coach").get(
        reverse(
            "schools:school", kwargs={"district": cast.riverside.code, "school": schools[0].code}
        )
    )
    assert "No self-assessment round for this school yet." in coach.content.decode()


# ------------------------------------------------------------------ the rollout grid


def _rollout(cast):
    return reverse("dashboards:rollout", kwargs={"district": cast.riverside.code})


def test_the_rollout_shows_each_school_by_its_latest_submitted_round(cast, client_for, mc, schools):
    first, _draft = opened(cast, mc, [schools[0], schools[1]])
    agree_all(first, cast.lead, default=2)
    round_submit(round_=first, sharing="coaches", acting_user=cast.lead)
    page = client_for("coach").get(_rollout(cast))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alder Street Elementary" in text
    assert "No submitted round" in text  # Riverside Middle's is a draft
    levels = list(mc.levels.order_by("position"))
    total = len(dimensions_of(mc))
    # one open school at the second level on every dimension, one not rated
    assert page.context["spread"][1]["counts"] == [1] * total
    assert page.context["spread"][-1]["counts"] == [1] * total
    assert page.context["rows"][0].cells[0].level_name == levels[1].name
    assert page.context["district_row"].round is None


@pytest.mark.parametrize(("role", "status"), [("facilitator", 403), ("outsider", 404)])
def test_the_rollout_is_not_for_those_who_do_not_read_the_schools(role, status, cast, client_for):
    # as the schools' own pages answer them (DistrictPages with the coaches' audience)
    assert client_for(role).get(_rollout(cast)).status_code == status


# ------------------------------------------------------------------ the school's own team


def _in_school(school, role):
    from districts.models import SchoolMembership
    from tests.factories import UserFactory

    person = UserFactory()
    SchoolMembership.objects.create(district=school.district, school=school, user=person, role=role)
    return person


def _unmasked(page: bytes) -> bytes:
    """A page without its CSRF token (masked anew in every answer)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def _client(person):
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


def test_a_school_team_rates_agrees_and_submits_its_own_schools_round(cast, mc, schools):
    from districts.models import SchoolRole

    principal = _in_school(schools[0], SchoolRole.SCHOOL_LEAD)
    teacher = _in_school(schools[0], SchoolRole.SCHOOL_MEMBER)
    (round_,) = opened(cast, mc, [schools[0]])
    # told, as the school's raters (not the district's member: the school has its own team)
    assert Notice.objects.filter(kind=Kind.ROUND_OPENED, recipient=teacher).exists()
    assert not Notice.objects.filter(kind=Kind.ROUND_OPENED, recipient=cast.member).exists()
    dimension = dimensions_of(mc)[0]
    teacher_client = _client(teacher)
    assert teacher_client.get(url(round_, "rate")).status_code == 200
    saved = teacher_client.post(
        reverse(
            "rubrics:rate_dimension",
            kwargs={
                "district": cast.riverside.code,
                "round_code": round_.code,
                "dimension": dimension.code,
            },
        ),
        {
            f"d{dimension.code}-level": "2",
            f"d{dimension.code}-evidence": "",
            f"d{dimension.code}-next_steps": "",
            f"d{dimension.code}-version": "0",
        },
    )
    assert saved.status_code == 302
    assert Rating.objects.get(round=round_).rater == teacher
    # the member of the school does not record the team rating; its lead does
    assert teacher_client.get(url(round_, "consensus")).status_code == 200
    agree_all(round_, cast.lead)
    assert teacher_client.post(url(round_, "submit"), {"sharing": "coaches"}).status_code == 403
    assert _client(principal).post(url(round_, "submit"), {"sharing": "coaches"}).status_code == 302
    round_.refresh_from_db()
    assert round_.is_submitted
    # submitted to the district: its leads are told
    assert Notice.objects.filter(kind=Kind.ROUND_SUBMITTED, recipient=cast.lead).exists()


def test_another_schools_team_gets_404_on_a_schools_round(cast, client_for, mc, schools):
    from districts.models import SchoolRole

    (round_,) = opened(cast, mc, [schools[0]])
    other = _client(_in_school(schools[1], SchoolRole.SCHOOL_LEAD))
    own_missing = other.get(url(round_)).content
    for name in ("round", "rate", "consensus"):
        assert other.get(url(round_, name)).status_code == 404
    # the same answer as a round that does not exist
    missing = reverse(
        "rubrics:round", kwargs={"district": cast.riverside.code, "round_code": uuid.uuid4()}
    )
    assert _unmasked(other.get(missing).content) == _unmasked(own_missing)
    # and its list leaves the other school's round out
    listing = other.get(_new_url(cast)).content.decode()
    assert "Spring 2027" not in listing
    # the rollout is the district's view, not a school's
    assert other.get(_rollout(cast)).status_code == 403


# ------------------------------------------------------------------ the API


def _bearer(person):
    from api.models import ApiToken

    _, token = ApiToken.issue(user=person, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_rounds_api_names_each_rounds_school_and_filters_by_it(cast, mc, schools):
    from django.test import Client

    from tests.rubric_helpers import open_round

    own = open_round(cast.riverside, cast.lead, mc, "District fall")
    first, _second = opened(cast, mc, [schools[0], schools[1]])
    base = f"/api/v1/districts/{cast.riverside.code}/rounds/"
    client, headers = Client(), _bearer(cast.lead)
    every = client.get(base, **headers).json()["results"]
    assert {(r["title"], r["school"]) for r in every} == {
        ("District fall", None),
        ("Spring 2027", str(schools[0].code)),
        ("Spring 2027", str(schools[1].code)),
    }
    one = client.get(base, {"school": str(schools[0].code)}, **headers).json()["results"]
    assert [(r["code"], r["school_name"]) for r in one] == [
        (str(first.code), "Alder Street Elementary")
    ]
    district = client.get(base, {"school": "none"}, **headers).json()["results"]
    assert [r["code"] for r in district] == [str(own.code)]


def test_a_school_team_reads_its_own_schools_rounds_only_in_the_api(cast, mc, schools):
    from django.test import Client

    from districts.models import SchoolRole

    first, second = opened(cast, mc, [schools[0], schools[1]])
    headers = _bearer(_in_school(schools[0], SchoolRole.SCHOOL_LEAD))
    base = f"/api/v1/districts/{cast.riverside.code}/rounds/"
    listed = Client().get(base, **headers).json()["results"]
    assert [r["code"] for r in listed] == [str(first.code)]
    assert Client().get(f"{base}{second.code}/", **headers).status_code == 404
    assert Client().get(f"{base}{second.code}/consensus/", **headers).status_code == 404
    assert Client().get(f"{base}{first.code}/consensus/", **headers).status_code == 200


def test_a_schools_submitted_round_is_not_the_districts_rating(
    cast, client_for, framework, schools
):
    """The coach heatmap, the district's home and its trend read the district's own rounds:
    a school's round of the same rubric, submitted later, leaves them as they were."""
    from dashboards.selectors import heatmap
    from tests.rubric_helpers import submitted_round

    own = submitted_round(cast.riverside, cast.lead, framework, title="District spring", default=1)
    (school_round,) = opened(cast, framework, [schools[0]])
    agree_all(school_round, cast.lead, default=3)
    round_submit(round_=school_round, sharing="coaches", acting_user=cast.lead)
    _, _, (row,) = heatmap(cast.coach, [cast.riverside])
    assert row.round["code"] == own.code
    assert {cell.level for cell in row.cells} == {1}
    assert (
        url(school_round)
        not in client_for("coach").get(reverse("dashboards:coach")).content.decode()
    )
    rounds_page = client_for("lead").get(
        reverse("rubrics:rounds", kwargs={"district": cast.riverside.code})
    )
    assert [r.title for r in rounds_page.context["rounds"]] == ["District spring"]


def test_a_school_rounds_due_reminder_tells_its_school_team(cast, mc, schools):
    from datetime import timedelta

    from django.utils import timezone

    from districts.models import SchoolRole
    from rubrics.reminders import rounds_remind

    principal = _in_school(schools[0], SchoolRole.SCHOOL_LEAD)
    teacher = _in_school(schools[0], SchoolRole.SCHOOL_MEMBER)
    school_rounds_open(
        district=cast.riverside,
        title="Spring 2027",
        framework=mc,
        due_date=timezone.localdate() + timedelta(days=2),
        schools=[schools[0], schools[1]],
        acting_user=cast.lead,
    )
    rounds_remind()
    due = Notice.objects.filter(kind=Kind.ROUND_DUE)
    # the school with a team: its team; the one without: the district's raters
    assert set(due.filter(title__contains="Alder Street").values_list("recipient", flat=True)) == {
        principal.pk,
        teacher.pk,
    }
    assert set(
        due.filter(title__contains="Riverside Middle").values_list("recipient", flat=True)
    ) == {cast.lead.pk, cast.member.pk}
    behind = Notice.objects.get(kind=Kind.ROUND_BEHIND, title__contains="Alder Street")
    assert behind.recipient == principal


def test_the_rounds_api_asks_the_same_queries_for_two_schools_rounds_as_for_twenty(cast, mc):
    """Each round's framework, meeting and school read with the page: no query per round
    (a district of 1,000 schools lists 50 schools' rounds a page)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    base = f"/api/v1/districts/{cast.riverside.code}/rounds/"
    client, headers = Client(), _bearer(cast.lead)
    counts = []
    for n, title in ((2, "Spring 2027"), (20, "Fall 2027")):
        made = [
            school_create(district=cast.riverside, acting_user=cast.lead, name=f"{title} {k}")
            for k in range(n)
        ]
        opened(cast, mc, made, title=title)
        client.get(base, **headers)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(base, **headers).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
