"""A new district's lead knows what to do first; a coach who sets up two-step sign-in has a
way on from the recovery codes. Each at 1,280 and 768 pixels, with axe."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.browser.conftest import follow

SIZES = pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])


@SIZES
def test_a_new_leads_first_steps_are_ticked_as_they_are_done(
    cast, live_server, page, sign_in, axe_check, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sign_in(page, cast.outsider.email)  # Otto leads Outer alone
    page.goto(f"{live_server.url}{cast.outer.get_absolute_url()}")
    steps = page.locator(".first-steps > li")
    expect(page.get_by_role("heading", name="Getting started")).to_be_visible()
    expect(steps).to_have_count(5)
    expect(page.get_by_text("Nothing is waiting for you here")).to_have_count(0)
    expect(page.get_by_text("Nothing to report yet")).to_be_visible()
    expect(page.get_by_role("button", name="Make the report (PDF)")).to_have_count(0)
    axe_check(page)
    # the steps fit the frame: no sideways scrolling at either width
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    follow(page.get_by_role("link", name="Invite your team"))
    page.get_by_label("Email address").fill("new.member@example.org")
    follow(page.get_by_role("button", name=re.compile("^Send", re.I)))
    page.goto(f"{live_server.url}{cast.outer.get_absolute_url()}")
    expect(steps.first).to_contain_text("Done:")
    expect(steps.first).to_have_class("done")
    expect(steps.nth(1)).to_contain_text("To do:")
    axe_check(page)

    follow(page.get_by_role("link", name="Choose what to share"))
    expect(page.get_by_role("heading", name="Who reads the plan")).to_be_visible()
    follow(page.get_by_role("button", name="Save sharing"))
    page.goto(f"{live_server.url}{cast.outer.get_absolute_url()}")
    expect(steps.nth(3)).to_have_class("done")


@SIZES
def test_after_setting_up_two_step_sign_in_continue_goes_on(
    cast, live_server, page, sign_in, axe_check, settings, size
):
    settings.TWO_STEP_REQUIRED_FOR = ["coaches"]
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sign_in(page, cast.coach.email)
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.get_by_text("Successfully signed in")).to_have_count(0)
    axe_check(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    follow(page.get_by_role("button", name="Activate"))
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.get_by_text("Successfully signed in")).to_have_count(0)
    axe_check(page)
    follow(page.get_by_role("link", name="Continue"))
    # where the coach was going: their dashboard, now fully signed in
    assert page.url.endswith("/coach/")
    expect(page.get_by_text(re.compile("Successfully signed in"))).to_be_visible()
    axe_check(page)
