"""The meeting room (issue 32, item 1): a protocol run on two screens, captures saved without
leaving the page, so the clock runs on."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from meetings.models import QUICK_FIRE_STEPS
from tests.meeting_helpers import cohort_meeting, quick_fire_item, submit_problem


@pytest.fixture
def room(cast, live_server):
    """The runner's address for the seed's Quick Fire protocol, and Riverside's problem."""
    meeting = cohort_meeting(cast, "Meeting 3", date(2027, 2, 7))
    item = quick_fire_item(meeting, "Connections")
    problem = submit_problem(
        meeting, cast.riverside, cast.member, "Scores differ between our schools."
    )
    return f"{live_server.url}/meetings/{meeting.code}/agenda/{item.code}/run/", problem


def tick(page, seconds=1):
    """Move the page's clock on: Playwright's clock (installed before the page loads) fires the
    room's timers at once, so a test proves the clock runs without waiting for it."""
    page.clock.run_for(seconds * 1000)


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


def open_presenter(page, width=1280, height=800):
    with page.expect_popup() as opened:
        page.get_by_role("link", name=re.compile("Open the presenter view")).click()
    presenter = opened.value
    presenter.set_viewport_size({"width": width, "height": height})
    presenter.wait_for_load_state()
    expect(presenter.get_by_role("heading", name=QUICK_FIRE_STEPS[0]["title"])).to_be_visible()
    expect(presenter.get_by_role("textbox")).to_have_count(0)  # the notes stay on the runner
    return presenter


def test_a_facilitator_captures_all_seven_steps_without_touching_the_clock(
    cast, room, page, sign_in, axe_check
):
    """Started once, the clock runs through every step; each capture is saved while it runs
    (never reset, never stopped), and the presenter view follows on the projected screen."""
    url, problem = room
    page.clock.install()  # the context's clock: the presenter's window shares it
    sign_in(page, cast.facilitator.email)
    page.goto(url)
    presenter = open_presenter(page)
    page.get_by_role("button", name="Start").click()
    clock, said = page.get_by_role("timer"), page.get_by_role("textbox", name="What was said")
    for number, step in enumerate(QUICK_FIRE_STEPS, start=1):
        full = f"{step['minutes']}:00"
        expect(page.get_by_role("heading", name=step["title"])).to_be_visible()
        tick(page)
        expect(clock).not_to_have_text(full)  # running: started once, at the first step
        said.fill(f"Said during {step['title']}")
        before = clock.text_content()
        with page.expect_response(lambda response: response.request.method == "POST"):
            page.get_by_role("button", name="Capture it").click()
        page.wait_for_load_state()
        assert seconds(clock.text_content()) <= seconds(before)  # not reset
        now = clock.text_content()
        tick(page)
        expect(clock).not_to_have_text(now)  # still counting down
        assert page.get_by_role("button", name="Pause").is_visible()
        expect(page.locator("#capture-status")).to_have_text(
            f"Captured under “{step['title']}” in Riverside School District’s problem of practice."
        )
        expect(said).to_have_value("")
        expect(presenter.get_by_role("heading", name=step["title"])).to_be_visible()
        expect(presenter.get_by_role("timer")).not_to_have_text(full)
        if number < len(QUICK_FIRE_STEPS):
            with page.expect_navigation():
                page.get_by_role("link", name=re.compile("^Next: ")).click()
    axe_check(page)  # the last step, seven captures said
    problem.refresh_from_db()
    assert problem.discussion.splitlines() == [
        f"{step['title']}: Said during {step['title']}" for step in QUICK_FIRE_STEPS
    ]


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_capture_that_fails_says_so_keeps_the_text_and_the_clock(
    cast, room, page, sign_in, axe_check, width, height
):
    url, problem = room
    page.clock.install()
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.facilitator.email)
    page.goto(url)
    axe_check(page)
    presenter = open_presenter(page, width, height)
    axe_check(presenter)
    page.get_by_role("button", name="Start").click()
    clock = page.get_by_role("timer")
    tick(page)
    expect(clock).not_to_have_text("5:00")
    page.route(
        re.compile(r".*/run/(\?.*)?$"),
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("textbox", name="What was said").fill("The first presenter’s dilemma")
    before = clock.text_content()
    page.get_by_role("button", name="Capture it").click()
    expect(page.get_by_role("status").filter(has_text="Not captured")).to_have_text(
        "Not captured: Waypoint could not be reached. Your text is still here: "
        "press Capture it again."
    )
    expect(page.get_by_role("textbox", name="What was said")).to_have_value(
        "The first presenter’s dilemma"
    )
    assert seconds(clock.text_content()) <= seconds(before)
    now = clock.text_content()
    tick(page)
    expect(clock).not_to_have_text(now)
    problem.refresh_from_db()
    assert problem.discussion == ""
    expect(presenter.get_by_role("timer")).not_to_have_text("5:00")  # it follows the runner
    axe_check(page)  # with the failure said

    page.unroute_all()
    page.get_by_role("button", name="Capture it").click()
    expect(page.locator("#capture-status")).to_contain_text("Captured under")
    problem.refresh_from_db()
    assert problem.discussion == "Individually write dilemma: The first presenter’s dilemma"
    before = clock.text_content()
    page.reload()  # the step keeps its clock
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    assert seconds(page.get_by_role("timer").text_content()) <= seconds(before)
