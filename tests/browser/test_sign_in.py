import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow


@pytest.mark.parametrize("role", ["lead", "member", "viewer", "coach", "facilitator", "staff"])
def test_each_role_signs_in_and_opens_the_district_home(
    role, cast, live_server, page, sign_in, axe_check
):
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page)
    sign_in(page, cast.person(role).email)
    page.goto(f"{live_server.url}{cast.riverside.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverside School District")
    expect(page.get_by_role("cell", name="Lena Lead")).to_be_visible()
    axe_check(page)


def test_lead_manages_people_on_an_accessible_page(cast, live_server, page, sign_in, axe_check):
    sign_in(page, cast.lead.email)
    expect(page).to_have_url(f"{live_server.url}{cast.riverside.get_absolute_url()}")
    page.get_by_role("link", name="People of the district").click()
    expect(page.get_by_role("heading", name="People of Riverside School District")).to_be_visible()
    axe_check(page)
    page.get_by_label("Email address").fill("not-an-address")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Enter a valid email address")).to_be_visible()
    axe_check(page)
    page.get_by_label("Email address").fill("newcomer@example.org")
    page.locator("#id_role").select_option("viewer")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to newcomer@example.org")).to_be_visible()
    expect(page.get_by_role("cell", name="newcomer@example.org", exact=True)).to_be_visible()


def test_coach_sees_both_coached_districts_and_switches(
    cast, live_server, page, sign_in, axe_check
):
    sign_in(page, cast.coach.email)
    expect(page.get_by_role("heading", name="Coach dashboard")).to_be_visible()  # lands there
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My districts").click()
    expect(page.get_by_role("heading", name="My districts")).to_be_visible()
    expect(page.get_by_role("link", name="Hillcrest Regional School Unit").first).to_be_visible()
    expect(page.get_by_text("Outer School District")).to_have_count(0)
    axe_check(page)
    page.get_by_text("Switch district").click()
    page.locator(".switcher").get_by_role("link", name="Hillcrest Regional School Unit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hillcrest")


def test_outsider_gets_the_plain_not_found_page(cast, live_server, page, sign_in, axe_check):
    sign_in(page, cast.outsider.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outer School District")
    page.goto(f"{live_server.url}{cast.riverside.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe_check(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    cast, live_server, page, sign_in
):
    sign_in(page, cast.lead.email)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_accessibility_check_catches_a_violation(page):
    """Guards the guard: axe must report an image without alternative text and a nameless
    button, so that a zero above means the pages are clean, not that axe did not run."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import WCAG_21_AA

    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        '<body><main><img src="data:,"><button></button></main></body></html>'
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    ids = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "button-name"} <= ids


def test_a_lead_signs_a_lost_laptop_out_from_the_sessions_page(
    cast, live_server, page, sign_in, axe_check, browser
):
    laptop = browser.new_context().new_page()  # another browser: its own cookies
    sign_in(laptop, cast.lead.email)
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}/accounts/security/")
    follow(page.get_by_role("link", name="See them, and sign out of any"))
    expect(page.get_by_text("This browser")).to_be_visible()
    axe_check(page)
    follow(page.get_by_role("button", name=re.compile("^Sign out of the session started")))
    expect(page.get_by_text("That session is signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out everywhere else")).to_have_count(0)
    laptop.goto(f"{live_server.url}{cast.riverside.get_absolute_url()}")
    expect(laptop.get_by_role("heading", name="Sign in to Waypoint")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    laptop.context.close()


def test_api_tokens_page_is_accessible_and_shows_the_token_once(
    cast, live_server, page, sign_in, axe_check
):
    from tests.factories import PASSWORD

    sign_in(page, cast.lead.email)
    follow(page.get_by_role("link", name="API tokens"))
    axe_check(page)
    page.get_by_label("Name").fill("Board report sheet")
    page.get_by_label("Expires after").select_option("30")
    follow(page.get_by_role("button", name="Create the token"))
    expect(page.get_by_role("heading", level=1, name="Confirm it is you")).to_be_visible()
    axe_check(page)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Confirm"))
    token = page.get_by_role("textbox", name="Token").input_value()
    assert token.startswith("wpt_")
    axe_check(page)
    page.reload()
    expect(page.get_by_role("textbox", name="Token")).to_have_count(0)
    expect(page.get_by_role("cell", name="Board report sheet", exact=True)).to_be_visible()


def test_the_api_docs_render_under_the_content_security_policy(cast, live_server, page, sign_in):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, cast.viewer.email)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI builds the page from the schema, which a process generates at its first ask
    # (0.6 s of CPU here; seconds when CI loads both cores), then parses its bundle.
    expect(page.get_by_role("heading", name="Waypoint API")).to_be_visible(timeout=30000)
    expect(page.get_by_text("/api/v1/frameworks/").first).to_be_visible()
    assert refused == []


def test_staff_set_up_a_district_in_the_app(cast, live_server, page, sign_in, axe_check):
    sign_in(page, cast.staff.email)
    follow(page.get_by_role("link", name="Set up a district"))
    axe_check(page)
    page.get_by_label("Name").fill("Lakeside School District")
    page.get_by_label("State").fill("ME")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Email address of its first lead").fill("first.lead@example.org")
    page.get_by_label("Coaches").select_option(label="Cora Coach")
    page.get_by_label("Cohorts").select_option(label="Moving to Implementation")
    page.get_by_role("button", name="Set up the district").click()
    expect(page.get_by_text("Lakeside School District is set up")).to_be_visible()
    expect(page.get_by_role("heading", name="People of Lakeside School District")).to_be_visible()
    axe_check(page)
