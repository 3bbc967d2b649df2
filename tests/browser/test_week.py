"""My week and the email choices, as a member uses them, at a laptop's and a tablet's width,
with axe."""

import pytest
from playwright.sync_api import expect

from notifications.models import Kind
from notifications.selectors import email_choices
from tests.browser.conftest import follow
from tests.week_helpers import fill_week


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_member_opens_their_week_from_the_header_and_chooses_one_daily_email(
    cast, framework, live_server, page, sign_in, axe_check, width, height
):
    fill_week(cast, framework)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.member.email)
    follow(page.get_by_role("link", name="My week"))
    expect(page.get_by_role("heading", name="My week", level=1)).to_be_visible()
    for name in ("Rate “Fall 0”", "Draft the criteria 0", "Pilot the rubric 0", "Meeting 0"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_text("Outer")).to_have_count(0)  # never another district's
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    axe_check(page)
    follow(page.get_by_role("link", name="Rate “Fall 0”"))
    expect(page.get_by_role("heading", name="Fall 0")).to_be_visible()

    page.goto(f"{live_server.url}/account/notifications/")
    expect(page.get_by_label(Kind.STEP_DUE.label)).to_be_visible()
    expect(page.get_by_label(Kind.COACH_DIGEST.label)).to_have_count(0)  # a coach's kind
    page.get_by_label("Everything in one daily email, each morning").check()
    follow(page.get_by_role("button", name="Save my choices"))
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Everything in one daily email, each morning")).to_be_checked()
    axe_check(page)
    assert email_choices(cast.member)[Kind.STEP_DUE] == "daily"
