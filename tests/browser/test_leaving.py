"""Nothing typed is lost by leaving (issue 32, item 10): a page with unsaved text in a form, or
with a conflict still open, asks before the person leaves it (static/js/unsaved.js), and does
not ask once the text is saved."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import ProblemOfPractice
from rubrics.models import Rating
from tests.browser.test_meetings import at_a_new_meeting  # noqa: F401 (a fixture)
from tests.browser.test_room import room  # noqa: F401 (a fixture)


@pytest.fixture
def asked(page):
    """The leave prompts the page showed; each is refused, so the person stays."""
    prompts = []

    def refuse(dialog):
        prompts.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", refuse)
    return prompts


def leave(page, link):
    """Follow a link; return whether the page was left."""
    before = page.url
    link.click()
    page.wait_for_timeout(500)
    page.wait_for_load_state()
    return page.url != before


def test_the_room_asks_before_leaving_with_words_not_captured(cast, room, page, sign_in, asked):  # noqa: F811
    url, _ = room
    sign_in(page, cast.facilitator.email)
    page.goto(url)
    said = page.get_by_role("textbox", name="What was said")
    said.fill("The presenter’s question")
    assert not leave(page, page.get_by_role("link", name="Meeting 3"))
    assert asked == ["beforeunload"]
    expect(said).to_have_value("The presenter’s question")  # still there
    page.get_by_role("button", name="Capture it").click()
    expect(page.locator("#capture-status")).to_contain_text("Captured under")
    assert leave(page, page.get_by_role("link", name="Meeting 3"))
    assert asked == ["beforeunload"]  # not asked again


@pytest.mark.usefixtures("at_a_new_meeting")
def test_a_form_asks_before_leaving_with_text_and_not_once_submitted(page, asked, axe_check):
    axe_check(page)
    assert leave(page, page.get_by_role("link", name="My steps"))  # nothing typed: no question
    page.go_back()
    page.get_by_label("I am concerned about successful implementation of this.").check()
    page.get_by_label("Your problem of practice").fill("Scoring differs between our schools.")
    assert not leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your problem of practice is with the facilitators.")).to_be_visible()
    assert asked == ["beforeunload"]  # submitting is not leaving it unsaved
    assert ProblemOfPractice.objects.get().text == "Scoring differs between our schools."
    assert leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]


@pytest.mark.usefixtures("at_a_new_meeting")
def test_a_refused_form_asks_before_its_text_is_left(page, asked):
    """Sent back with an error, what the form holds is not saved yet, though unchanged."""
    page.get_by_label("Your problem of practice").fill("No kind chosen")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_label("Your problem of practice")).to_have_value("No kind chosen")
    assert not ProblemOfPractice.objects.exists()
    assert not leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]


def test_an_open_conflict_asks_before_leaving_until_the_person_chooses(
    cast, framework, draft_round, live_server, page, sign_in, asked
):
    rate = f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{draft_round.code}/rate/"
    sign_in(page, cast.member.email)
    first_tab = page.context.new_page()
    page.goto(rate)
    first_tab.goto(rate)
    mine = first_tab.locator("form.autosave").first
    mine.get_by_label("Evidence").fill("Written in tab one")
    expect(mine.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    first_tab.close()

    late = page.locator("form.autosave").first
    late.get_by_label("Evidence").fill("Written in tab two")
    expect(late.get_by_role("alert")).to_contain_text("saved elsewhere")
    assert not leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]
    late.get_by_role("button", name="Keep mine").click()
    expect(late.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    assert Rating.objects.get().evidence == "Written in tab two"
    assert leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]


def test_text_typed_while_autosave_waits_asks_and_saved_text_does_not(
    cast, framework, draft_round, live_server, page, sign_in, asked
):
    rate = f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{draft_round.code}/rate/"
    sign_in(page, cast.member.email)
    page.goto(rate)
    form = page.locator("form.autosave").first
    page.route(
        re.compile(r".*/rate/.*"),
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    form.get_by_label("Evidence").fill("Not saved yet")
    expect(form.locator(".save-status")).to_contain_text("Not saved", timeout=5000)
    assert not leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]
    page.unroute_all()
    expect(form.locator(".save-status")).to_contain_text("Saved at", timeout=8000)
    assert leave(page, page.get_by_role("link", name="My steps"))
    assert asked == ["beforeunload"]
