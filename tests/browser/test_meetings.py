import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, ProblemOfPractice
from tests.browser.conftest import follow


@pytest.fixture
def at_a_new_meeting(cast, live_server, page, sign_in) -> Meeting:
    """A member of Riverside at the page of a new meeting of its cohort (no problem yet)."""
    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Moving to Implementation", first_date=date(2026, 12, 15)
    )
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    return meeting


@pytest.mark.usefixtures("at_a_new_meeting")
def test_a_member_brings_a_problem_and_the_facilitator_sees_it_by_topic(
    cast, page, sign_in, axe_check, browser
):
    axe_check(page)
    page.get_by_label("I am concerned about successful implementation of this.").check()
    page.get_by_label("Norming teacher assessment scores").check()
    page.get_by_label("Your problem of practice").fill("Scoring differs between our schools.")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your problem of practice is with the facilitators.")).to_be_visible()
    assert ProblemOfPractice.objects.get().topics == ["norming"]

    facilitator = browser.new_page()
    sign_in(facilitator, cast.facilitator.email)
    facilitator.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    facilitator.get_by_role("link", name="Moving to Implementation").first.click()
    facilitator.get_by_role("link", name="Moving to Implementation").last.click()
    expect(
        facilitator.get_by_role("heading", name="Norming teacher assessment scores")
    ).to_be_visible()
    expect(facilitator.get_by_text("Scoring differs between our schools.")).to_be_visible()
    axe_check(facilitator)
    facilitator.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_meeting_carries_on_in_the_room_and_after(
    cast, live_server, page, sign_in, axe_check, width, height, window_as
):
    """The facilitator runs a protocol on the projector (the clock counts down, the keys go
    to the next step), records a commitment that the lead makes an action step, opens the
    evaluation, which the member answers; every page passes axe."""
    from meetings.models import AgendaItem, EvaluationResponse, Protocol
    from planning.models import ActionStep
    from planning.services import action_plan_save
    from tests.meeting_helpers import cohort_meeting

    meeting = cohort_meeting(cast, "Meeting 3", timezone.localdate())  # its evaluation opens today
    protocol = Protocol.objects.create(
        name="Quick Fire Protocol",
        steps=[{"title": "First Presenter", "minutes": 2}, {"title": "Debrief", "minutes": 3}],
    )
    AgendaItem.objects.create(
        meeting=meeting, position=1, title="Connections", protocol=protocol, slots=2
    )
    action_plan_save(district=cast.riverside, acting_user=cast.lead, goal="Grading")
    page.clock.install()  # the room's clock is moved on below, not waited for
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.facilitator.email)
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    axe_check(page)
    page.get_by_role("link", name="Run the protocol in the room").click()
    expect(page.get_by_role("heading", name="First Presenter")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(1000)
    expect(page.get_by_role("timer")).not_to_have_text("2:00")  # counting down
    page.keyboard.press("Space")  # pause
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="Debrief")).to_be_visible()
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    page.get_by_text("Record a district’s note, decision or commitment").click()
    page.locator("#id_record_district").select_option(value=cast.riverside.code)
    page.locator("#id_record_kind_2").check()  # Commitment
    page.get_by_label("What was noted, decided or committed to").fill("Pilot the grading policy")
    page.get_by_role("button", name="Save it").click()
    expect(page.get_by_text("Saved in the meeting's record.")).to_be_visible()
    follow(page.get_by_role("button", name="Open the evaluation"))
    axe_check(page)

    lead = window_as(
        cast.lead, f"{live_server.url}/meetings/{meeting.code}/#record", (width, height)
    )
    follow(lead.get_by_role("link", name="Make it an action step"))
    axe_check(lead)
    lead.get_by_role("button", name="Add the step").click()
    expect(lead.get_by_text("From a commitment at")).to_be_visible()
    assert ActionStep.objects.get().commitment.text == "Pilot the grading policy"
    lead.goto(f"{live_server.url}/meetings/{meeting.code}/")
    follow(lead.get_by_role("link", name="Answer the evaluation"))
    axe_check(lead)
    lead.get_by_role("group", name="To what extent were this meeting’s outcomes met?").get_by_label(
        "Mostly"
    ).check()
    lead.get_by_role("button", name="Send my answers").click()
    expect(lead.get_by_text("Thank you. Your answers are anonymous.")).to_be_visible()
    assert EvaluationResponse.objects.count() == 1
    lead.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_the_facilitators_other_new_pages_pass_axe(
    cast, live_server, page, sign_in, axe_check, width, height
):
    """Protocols, an evaluation's answers, the series' evaluations and the calendar feed."""
    from tests.meeting_helpers import answer_evaluation, cohort_meeting, open_evaluation

    meeting = cohort_meeting(cast, "Meeting 4", timezone.localdate())  # started: answered today
    first, _, written = open_evaluation(meeting)
    answer_evaluation(meeting, cast.lead, {first: 3, written: "More time"})
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.facilitator.email)
    page.goto(f"{live_server.url}/protocols/new/")
    page.get_by_label("Name").fill("Tuning Protocol")
    page.get_by_label("Steps").fill("5 Presenter overview\n10 Warm and cool feedback")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("rowheader", name="Tuning Protocol")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/meetings/{meeting.code}/evaluation/results/")
    expect(page.get_by_text("1 answer, anonymous")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Across the series").click()
    expect(page.get_by_role("heading", name="Evaluations across the series")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_role("button", name="Make my calendar feed").click()
    expect(page.get_by_label("Copy it into your calendar app", exact=False)).to_have_value(
        re.compile(r"/calendar/wpc_.+\.ics$")
    )
    axe_check(page)
