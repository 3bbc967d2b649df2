"""Presentation sign-ups, a meeting's own norms, protocols kept in the app, and a protocol
run live in the room with what was said captured into the problem of practice."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from meetings.models import AgendaItem, Meeting, PresentationSignup, ProblemOfPractice, Protocol
from meetings.services import signup_add
from tests.factories import MembershipFactory
from tests.meeting_helpers import cohort_meeting, murl, quick_fire_item, submit_problem


@pytest.fixture
def meeting(cast):
    return cohort_meeting(cast, "Meeting 6", date(2027, 4, 27))


def test_districts_sign_up_for_the_free_slots_once_each(cast, client_for, meeting):
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Structure of Presentations & Sign Ups", slots=1
    )
    page = client_for("member").get(murl("meeting", meeting=meeting.code)).content.decode()
    assert "0 of 1 slot taken" in page and "Sign up to present" in page
    response = client_for("member").post(
        murl("signup_new", meeting=meeting.code, item=item.code),
        {"district": cast.riverside.code, "topic": "Our grading pilot"},
    )
    assert response.status_code == 302
    assert PresentationSignup.objects.get().topic == "Our grading pilot"
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    with pytest.raises(ValidationError, match="Every slot is taken"):
        signup_add(item=item, district=cast.hillcrest, topic="Ours", acting_user=hillcrest_lead)
    item.slots = 3
    item.save()
    with pytest.raises(ValidationError, match="signed up already"):
        signup_add(item=item, district=cast.riverside, topic="Again", acting_user=cast.lead)
    with pytest.raises(ValidationError, match="leads and members"):
        signup_add(item=item, district=cast.hillcrest, topic="Not mine", acting_user=cast.lead)
    page = client_for("facilitator").get(murl("meeting", meeting=meeting.code)).content.decode()
    assert "Riverside School District: Our grading pilot" in page
    assert "1 of 3 slots taken" in page


def test_a_meeting_has_its_own_norms_or_else_its_cohorts(cast, client_for, meeting):
    cast.cohort.norms = "Assume positive intentions"
    cast.cohort.save()
    url = murl("meeting", meeting=meeting.code)
    page = client_for("member").get(url).content.decode()
    assert "Assume positive intentions" in page and "The cohort’s norms" in page
    meeting.norms = "Give Me Five to come back\nThumbs Up / Down to decide"
    meeting.save()
    page = client_for("member").get(url).content.decode()
    assert "Give Me Five to come back" in page and "Assume positive intentions" not in page
    assert Meeting.objects.get(pk=meeting.pk).norms_lines == [
        "Give Me Five to come back",
        "Thumbs Up / Down to decide",
    ]


def test_facilitators_keep_the_protocols_in_the_app(cast, client_for):
    facilitator = client_for("facilitator")
    response = facilitator.post(
        murl("protocol_new"),
        {
            "name": "Tuning Protocol",
            "steps_text": "5 Presenter overview\n\n10 Warm and cool feedback",
        },
    )
    assert response.status_code == 302
    protocol = Protocol.objects.get(name="Tuning Protocol")
    assert protocol.steps == [
        {"title": "Presenter overview", "minutes": 5},
        {"title": "Warm and cool feedback", "minutes": 10},
    ]
    assert protocol.total_minutes == 15
    bad = facilitator.post(
        murl("protocol_edit", protocol=protocol.code),
        {"name": "Tuning Protocol", "steps_text": "five Presenter overview"},
    )
    assert bad.status_code == 400 and "Line 1: start with the minutes" in bad.content.decode()
    assert Protocol.objects.get(pk=protocol.pk).total_minutes == 15  # nothing lost
    twin = facilitator.post(murl("protocol_new"), {"name": "Tuning Protocol", "steps_text": "1 x"})
    assert twin.status_code == 400
    assert client_for("lead").get(murl("protocols")).status_code == 403


def test_a_protocol_runs_in_the_room_and_captures_what_was_said(cast, client_for, meeting):
    protocol = Protocol.objects.create(
        name="Quick",
        steps=[{"title": "First Presenter", "minutes": 2}, {"title": "Debrief", "minutes": 3}],
    )
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Connections", protocol=protocol
    )
    problem = submit_problem(meeting, cast.riverside, cast.member, "How do we norm scores?")
    facilitator = client_for("facilitator")
    url = murl("protocol_run", meeting=meeting.code, item=item.code)
    page = facilitator.get(url).content.decode()
    assert 'id="step-title" class="room-step">First Presenter</h1>' in page
    assert 'data-minutes="2"' in page and "Next: Debrief (3 min)" in page
    second = facilitator.get(url + "?step=2").content.decode()
    assert ">Debrief</h1>" in second and "End: back to the meeting" in second
    assert ">Debrief</h1>" in facilitator.get(url + "?step=99").content.decode()  # clamped
    response = facilitator.post(
        url + "?step=2", {"problem": problem.code, "step": "Debrief", "text": "Try a shared rubric"}
    )
    assert response.status_code == 302
    facilitator.post(
        url, {"problem": problem.code, "step": "First Presenter", "text": "Scores vary"}
    )
    problem.refresh_from_db()
    assert problem.discussion == "Debrief: Try a shared rubric\nFirst Presenter: Scores vary"
    team_page = client_for("member").get(murl("meeting", meeting=meeting.code)).content.decode()
    assert "Try a shared rubric" in team_page
    assert client_for("lead").get(url).status_code == 403


@pytest.fixture
def quick_fire(cast, meeting):
    """The seed's Quick Fire protocol on the meeting's agenda, and Riverside's problem."""
    item = quick_fire_item(meeting, "Connections")
    problem = submit_problem(meeting, cast.riverside, cast.member, "How do we norm scores?")
    return murl("protocol_run", meeting=meeting.code, item=item.code), problem


JSON = {"HTTP_ACCEPT": "application/json"}


def test_a_capture_the_script_sends_is_answered_in_json_and_the_page_stays(
    cast, client_for, quick_fire
):
    url, problem = quick_fire
    facilitator = client_for("facilitator")
    response = facilitator.post(
        url + "?step=3",
        {"problem": problem.code, "step": "Clarifying Questions", "text": "Which schools?"},
        **JSON,
    )
    assert response.status_code == 200
    assert response.json() == {
        "message": "Captured under “Clarifying Questions” in Riverside School District’s "
        "problem of practice."
    }
    problem.refresh_from_db()
    assert problem.discussion == "Clarifying Questions: Which schools?"
    # nothing left to show on the next page: the script said it already
    assert "Captured in the problem of practice." not in facilitator.get(url).content.decode()


def test_a_refused_capture_says_why_in_json_and_saves_nothing(cast, client_for, quick_fire):
    url, problem = quick_fire
    response = client_for("facilitator").post(
        url, {"problem": problem.code, "step": "First Presenter", "text": "  "}, **JSON
    )
    assert response.status_code == 400
    assert response.json()["errors"]["text"][0]["message"] == "This field is required."
    other = cohort_meeting(cast, "Another", date(2027, 5, 1))
    elsewhere = submit_problem(other, cast.riverside, cast.member, "Another meeting's problem")
    response = client_for("facilitator").post(
        url, {"problem": elsewhere.code, "step": "Debrief", "text": "Not here"}, **JSON
    )
    assert response.status_code == 400 and "problem" in response.json()["errors"]
    problem.refresh_from_db()
    elsewhere.refresh_from_db()
    assert problem.discussion == "" and elsewhere.discussion == ""


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 403), ("member", 403), ("viewer", 403), ("coach", 403), ("outsider", 404)],
)
def test_only_the_meetings_facilitators_capture_in_json(cast, client_for, quick_fire, role, status):
    url, problem = quick_fire
    response = client_for(role).post(
        url, {"problem": problem.code, "step": "Debrief", "text": "Not theirs to say"}, **JSON
    )
    assert response.status_code == status
    problem.refresh_from_db()
    assert problem.discussion == ""


def test_the_presenter_view_shows_the_step_and_its_clock_and_no_notes(cast, client_for, quick_fire):
    url, _ = quick_fire
    present = url + "present/"
    runner = client_for("facilitator").get(url + "?step=2").content.decode()
    assert f'href="{present}?step=2" target="waypoint-presenter"' in runner
    # without the script too, a capture is named for its step (once: the form's own field)
    assert runner.count('name="step"') == 1
    assert '<input type="hidden" name="step" value="First Presenter"' in runner
    page = client_for("facilitator").get(present + "?step=2").content.decode()
    assert 'id="step-title" class="room-step">First Presenter</h1>' in page
    assert 'data-minutes="2"' in page and "Next: Clarifying Questions (1 min)" in page
    assert "What was said" not in page and "<textarea" not in page
    assert 'data-title="Debrief the Protocol" data-minutes="3"' in page  # for the script
    last = client_for("facilitator").get(present + "?step=7").content.decode()
    assert "The last step." in last
    assert client_for("lead").get(present).status_code == 403
    assert client_for("outsider").get(present).status_code == 404


@pytest.mark.parametrize(("screen", "queries"), [("run/", 9), ("run/present/", 6)])
def test_the_rooms_screens_query_count_is_pinned_and_flat(
    cast, client_for, quick_fire, meeting, screen, queries, django_assert_num_queries
):
    """The runner (with its problems to choose from) and the presenter view: the same queries
    for one problem of practice and agenda item as for thirty-one."""
    url, _ = quick_fire
    url = url.removesuffix("run/") + screen
    facilitator = client_for("facilitator")
    facilitator.get(url)  # warm the kept header
    with django_assert_num_queries(queries):
        assert facilitator.get(url).status_code == 200
    for i in range(30):
        AgendaItem.objects.create(meeting=meeting, position=10 + i, title=f"Item {i}")
        ProblemOfPractice.objects.create(
            meeting=meeting,
            district=cast.hillcrest if i % 2 else cast.riverside,
            kind="how",
            topics=["norming"],
            text=f"Problem {i}",
        )
    facilitator.get(url)
    with django_assert_num_queries(queries):
        assert facilitator.get(url).status_code == 200


def test_a_refused_sign_up_comes_back_on_its_item_with_the_reason(cast, client_for, meeting):
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Sign ups", slots=1)
    url = murl("signup_new", meeting=meeting.code, item=item.code)
    member = client_for("member")
    too_long = "Our grading pilot, " * 20
    response = member.post(url, {"district": cast.riverside.code, "topic": too_long})
    page = response.content.decode()
    assert response.status_code == 400 and "at most 300 characters" in page
    assert too_long.strip() in page and f'id="id_signup_{item.code}_topic"' in page
    assert not PresentationSignup.objects.exists()
    # every slot taken meanwhile: the item shows the form again, with why
    member.post(url, {"district": cast.riverside.code, "topic": "Ours"})
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    hillcrest = Client()
    hillcrest.force_login(hillcrest_lead)
    refused = hillcrest.post(url, {"district": cast.hillcrest.code, "topic": "Ours"})
    assert refused.status_code == 400 and "Every slot is taken." in refused.content.decode()
