"""Single sign-on and two-step sign-in in the browser: signing in through a real local
OpenID Connect provider (tests/sso_provider.py), setting up an authenticator app, the
recovery codes, the second step and the sessions; axe on each of Waypoint's pages, at a
laptop's and a tablet's width."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests import sso_provider
from tests.browser.conftest import follow


@pytest.fixture
def provider(live_server, settings):
    issuer, process = sso_provider.start(
        [f"{live_server.url}/accounts/oidc/district/login/callback/"]
    )
    settings.SOCIALACCOUNT_PROVIDERS = sso_provider.providers_setting(issuer)
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = [*directives["form-action"], issuer]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    yield issuer
    process.terminate()
    process.wait(timeout=10)


def at_provider(page, email: str):
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.get_by_role("button", name="Continue").click()


def at_provider_if_asked(page, email: str):
    """The provider remembers a browser it signed in a moment ago, and asks nothing."""
    page.wait_for_load_state()
    if page.url.startswith(f"{page.context.provider_issuer}/"):
        at_provider(page, email)


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_lead_signs_in_with_the_district_account_and_sets_up_two_step_sign_in(
    cast, live_server, page, axe_check, provider, settings, size
):
    import time

    from districts.joining import domain_add, domain_verify

    # Riverside verified its email domain and the provider is configured for it, so the
    # lead's account is joined by the provider's word at the first sign-in
    domain = domain_add(district=cast.riverside, domain="example.org", acting_user=cast.lead)
    domain_verify(domain=domain, acting_user=cast.staff)
    settings.SSO_SIGN_IN_DOMAINS = {sso_provider.PROVIDER_ID: ["example.org"]}
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Waypoint")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Sign in with Riverside Schools").click()
    at_provider(page, cast.lead.email)
    expect(page.get_by_role("heading", level=1, name="Riverside School District")).to_be_visible()
    # the account page: linked identity, two-step sign-in, sessions
    page.get_by_role("link", name="Sign-in and security").click()
    expect(page.get_by_text(f"Riverside Schools: {cast.lead.email}")).to_be_visible()
    axe_check(page)
    follow(page.get_by_role("link", name="Set up two-step sign-in"))
    axe_check(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name=re.compile("Recovery Codes", re.I))).to_be_visible()
    axe_check(page)
    recovery = re.findall(r"\b[0-9a-f]{8}\b", page.content())
    assert recovery, "the recovery codes are shown once set up"
    page.goto(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_text("Two-step sign-in with an authenticator app is on.")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/accounts/sessions/")
    expect(page.get_by_text("This browser")).to_be_visible()
    axe_check(page)
    # next sign-in (with the password): the second step asks for a code
    follow(page.get_by_role("button", name="Sign out"))
    page.goto(f"{live_server.url}/accounts/login/")
    from tests.factories import PASSWORD

    page.get_by_label("Email address").fill(cast.lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_label(re.compile("code", re.I))).to_be_visible()
    axe_check(page)
    page.get_by_label(re.compile("code", re.I)).fill(recovery[0])
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("heading", level=1, name="Riverside School District")).to_be_visible()


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_lead_refused_by_the_providers_word_alone_signs_in_and_links_it(
    cast, live_server, page, axe_check, provider, size
):
    """No district of the lead's vouches for the address with this provider: the page says
    to sign in once and link it, which asks for the password again; then it signs in."""
    from tests.factories import PASSWORD

    page.context.provider_issuer = provider
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with Riverside Schools").click()
    at_provider(page, cast.lead.email)
    expect(
        page.get_by_role("heading", level=1, name="Link Riverside Schools to your account first")
    ).to_be_visible()
    axe_check(page)
    follow(page.get_by_role("main").get_by_role("link", name="Sign in", exact=True))
    page.get_by_label("Email address").fill(cast.lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign in", exact=True))
    follow(page.get_by_role("link", name="Sign-in and security"))
    page.get_by_role("button", name="Link Riverside Schools").click()
    at_provider_if_asked(page, cast.lead.email)
    expect(page.get_by_role("heading", level=1, name="Confirm it is you")).to_be_visible()
    axe_check(page)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Confirm"))
    expect(page.get_by_text(f"Riverside Schools: {cast.lead.email}")).to_be_visible()
    follow(page.get_by_role("button", name="Sign out"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with Riverside Schools").click()
    at_provider_if_asked(page, cast.lead.email)
    expect(page.get_by_role("heading", level=1, name="Riverside School District")).to_be_visible()


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_lead_lists_a_domain_and_approves_who_asks_to_join(
    cast, live_server, page, sign_in, axe_check, size, window_as
):
    from districts.models import JoinRequest
    from tests.factories import UserFactory

    page.set_viewport_size({"width": size[0], "height": size[1]})
    asking = UserFactory(email="pat@riverside.example", full_name="Pat Principal")
    JoinRequest.objects.create(district=cast.riverside, user=asking)
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/members/")
    page.get_by_role("textbox", name="Email domain").fill("riverside.example")
    page.get_by_role("button", name="Add the domain").click()
    expect(page.get_by_text("riverside.example is listed; now verify it.")).to_be_visible()
    expect(page.get_by_text("not verified yet")).to_be_visible()
    # Waypoint's staff verify it on the same page
    staff = window_as(cast.staff, f"{live_server.url}/d/{cast.riverside.code}/members/", size)
    follow(staff.get_by_role("button", name="Verify of riverside.example"))
    expect(staff.get_by_text("riverside.example is verified.")).to_be_visible()
    axe_check(staff)
    staff.close()
    page.reload()
    expect(page.get_by_text("not verified yet")).to_have_count(0)
    page.get_by_label("They ask to join, and a lead approves").check()
    page.get_by_role("button", name="Save who joins").click()
    expect(page.get_by_text("Saved who joins by email domain.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Role of pat@riverside.example").select_option("member")
    page.get_by_role("button", name="Approve pat@riverside.example").click()
    expect(page.get_by_text("Pat Principal joined.")).to_be_visible()
    assert asking.memberships.get().role == "member"
    axe_check(page)
