from datetime import date

from playwright.sync_api import expect

from meetings.models import Meeting, ProblemOfPractice


def test_a_member_brings_a_problem_and_the_facilitator_sees_it_by_topic(
    cast, live_server, page, sign_in, axe_check, browser
):
    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Moving to Implementation", first_date=date(2026, 12, 15)
    )
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
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
