"""Two-step sign-in (django-allauth's MFA: an authenticator app's codes, recovery codes) with
a controlled clock; required of staff, coaches and facilitators; sessions a person ends."""

from types import SimpleNamespace
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import PASSWORD

NOW = 1_900_000_000  # a fixed moment: the codes below are those of its 30 seconds


@pytest.fixture
def clock():
    """The authenticator's clock, set by the test (allauth reads time.time())."""
    moment = SimpleNamespace(now=NOW)
    with mock.patch.object(totp_auth, "time", SimpleNamespace(time=lambda: moment.now)):
        yield moment


def code(secret: str, at: int) -> str:
    return format_hotp_value(hotp_value(secret, at // 30))


@pytest.fixture
def required(settings):
    settings.TWO_STEP_REQUIRED_FOR = ["staff", "coaches", "facilitators"]


def password_sign_in(client: Client, email: str):
    return client.post(reverse("login"), {"login": email, "password": PASSWORD})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


APP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_app(user, secret: str = APP_SECRET):
    TOTP.activate(user, secret)
    return secret


def test_a_coach_is_asked_to_set_up_two_step_sign_in_first_and_does(
    cast, required, clock, django_capture_on_commit_callbacks
):
    client = Client()
    assert password_sign_in(client, cast.coach.email).status_code == 302
    response = client.get(reverse("dashboards:coach"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Waypoint asks you to set up two-step sign-in" in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # for apps that cannot read the QR code
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=cast.coach).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("mfa_activate_totp"), {"code": code(secret, NOW)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=cast.coach, type="totp").exists()
    assert Authenticator.objects.filter(user=cast.coach, type="recovery_codes").exists()
    assert SecurityEvent.objects.filter(kind="two_step_on", user=cast.coach).exists()
    assert client.get(reverse("dashboards:coach")).status_code == 200
    # whoever must use it cannot turn it off
    assert client.post(reverse("mfa_deactivate_totp")).status_code in (200, 302, 403)
    assert Authenticator.objects.filter(user=cast.coach, type="totp").exists()


@pytest.mark.parametrize("role", ["staff", "facilitator"])
def test_staff_and_facilitators_are_asked_too(cast, required, role):
    client = Client()
    password_sign_in(client, cast.person(role).email)
    assert client.get("/").url == reverse("mfa_activate_totp")


def test_a_district_lead_is_not_asked_and_api_tokens_are_unaffected(cast, required):
    from api.models import ApiToken

    client = Client()
    password_sign_in(client, cast.lead.email)
    assert client.get(cast.riverside.get_absolute_url()).status_code == 200
    _, token = ApiToken.issue(user=cast.coach, name="script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/districts/").status_code == 200  # the coach, no app set up


def test_signing_in_asks_for_the_code_and_rotates_the_session(cast, clock):
    secret = with_app(cast.lead)
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    response = password_sign_in(client, cast.lead.email)
    assert response.url == reverse("mfa_authenticate")
    assert not signed_in(client)
    assert client.get(cast.riverside.get_absolute_url()).status_code == 302  # not yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200 and not signed_in(client)
    assert SecurityEvent.objects.filter(kind="two_step_failed", user=cast.lead).count() == 1
    clock.now += 60  # a minute later: the app shows another code
    assert client.post(reverse("mfa_authenticate"), {"code": code(secret, NOW)}).status_code == 200
    assert (
        client.post(reverse("mfa_authenticate"), {"code": code(secret, clock.now)}).status_code
        == 302
    )
    assert signed_in(client) and client.session.session_key != before
    # the same code again, in another browser, is refused: each code signs in once
    other = Client()
    password_sign_in(other, cast.lead.email)
    other.post(reverse("mfa_authenticate"), {"code": code(secret, clock.now)})
    assert not signed_in(other)


def test_the_two_step_pages_speak_of_two_step_sign_in(cast, clock):
    """allauth's own pages say "two-factor authentication"; Waypoint's (templates/mfa) say
    "two-step sign-in", as the Sign-in and security page does."""

    def says(client, name, words):
        text = client.get(reverse(name)).content.decode()
        assert words in text, name
        assert "two-factor" not in text.lower(), name

    client = Client()
    password_sign_in(client, cast.lead.email)
    says(client, "mfa_index", "Two-step sign-in is off")
    says(client, "mfa_activate_totp", "Set up two-step sign-in")
    with_app(cast.lead)
    says(client, "mfa_index", "Two-step sign-in with an authenticator app is on")
    says(client, "mfa_deactivate_totp", "Turn off two-step sign-in")
    asked = Client()
    assert password_sign_in(asked, cast.lead.email).url == reverse("mfa_authenticate")
    says(asked, "mfa_authenticate", "Your account is protected by two-step sign-in")


def test_a_code_typed_as_the_next_one_shows_is_taken_but_not_an_older_one(cast, clock):
    """One step of leeway (MFA_TOTP_TOLERANCE): the code the app showed a moment ago still
    signs in; one from a minute ago does not."""
    secret = with_app(cast.lead)
    late = Client()
    password_sign_in(late, cast.lead.email)
    clock.now = NOW + 30  # the app has moved on while the person typed
    assert late.post(reverse("mfa_authenticate"), {"code": code(secret, NOW)}).status_code == 302
    assert signed_in(late)
    stale = Client()
    password_sign_in(stale, cast.lead.email)
    clock.now = NOW + 90
    refused = stale.post(reverse("mfa_authenticate"), {"code": code(secret, NOW + 30)})
    assert refused.status_code == 200 and not signed_in(stale)


def test_recovery_codes_sign_in_once_each(cast, clock):
    with_app(cast.lead)
    codes = RecoveryCodes.activate(cast.lead).get_unused_codes()
    assert len(codes) == 10
    first = Client()
    password_sign_in(first, cast.lead.email)
    assert first.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    again = Client()
    password_sign_in(again, cast.lead.email)
    again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert not signed_in(again)
    again.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert signed_in(again)


def test_guessing_codes_is_stopped_after_five_failures(cast, clock):
    secret = with_app(cast.lead)
    client = Client()
    password_sign_in(client, cast.lead.email)
    for guess in ("111111", "222222", "333333", "444444", "555555"):
        client.post(reverse("mfa_authenticate"), {"code": guess})
    response = client.post(reverse("mfa_authenticate"), {"code": code(secret, NOW)})
    assert not signed_in(client)
    assert "Too many failed" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="two_step_failed", user=cast.lead).count() == 5


def test_a_person_sees_their_sessions_and_ends_another(cast):
    from allauth.usersessions.models import UserSession

    laptop, tablet = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Tablet")
    password_sign_in(laptop, cast.lead.email)
    password_sign_in(tablet, cast.lead.email)
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Laptop" in page and "Tablet" in page and "This browser" in page
    other = UserSession.objects.get(user=cast.lead, user_agent="Tablet")
    end = reverse("account_session_end", kwargs={"session": other.pk})
    assert Client().post(end).status_code == 302  # anonymous: to sign in
    outsider = Client()
    outsider.force_login(cast.outsider)
    assert outsider.post(end).status_code == 404  # not theirs
    assert laptop.post(end).status_code == 302
    assert not signed_in(tablet) or tablet.get(cast.riverside.get_absolute_url()).status_code == 302
    assert laptop.get(cast.riverside.get_absolute_url()).status_code == 200


def messages_on(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_signed_in_is_said_once_set_up_and_continue_goes_where_they_were_going(
    cast, required, clock, django_capture_on_commit_callbacks
):
    client = Client()
    password_sign_in(client, cast.coach.email)
    going = reverse("dashboards:district", kwargs={"district": cast.riverside.code}) + "?x=1"
    assert client.get(going).url == reverse("mfa_activate_totp")
    setup = client.get(reverse("mfa_activate_totp"))
    assert "Successfully signed in" not in setup.content.decode()  # not before the second step
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("mfa_activate_totp"),
            {"code": code(client.session["mfa.totp.secret"], NOW)},
            follow=True,
        )
    page = done.content.decode()
    assert done.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert "Successfully signed in" not in page
    continue_url = reverse("two_step_continue")
    assert f'href="{continue_url}">Continue</a>' in page
    onward = client.get(continue_url, follow=True)
    assert onward.redirect_chain[0][0] == going
    assert any("Successfully signed in" in m for m in messages_on(onward))
    # said once: not again on the next page
    assert not any("Successfully signed in" in m for m in messages_on(client.get(going)))


def test_continue_without_a_page_to_return_to_goes_where_the_job_is(cast, clock):
    """Someone who sets it up of their own accord, from the sign-in and security page."""
    client = Client()
    client.force_login(cast.lead)
    client.get(reverse("mfa_activate_totp"))
    client.post(
        reverse("mfa_activate_totp"), {"code": code(client.session["mfa.totp.secret"], NOW)}
    )
    assert "Continue" in client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert client.get(reverse("two_step_continue")).url == reverse("dashboards:landing")


def test_continue_never_leaves_the_site(cast, client_for):
    from accounts.twostep import SETUP_NEXT

    client = client_for("lead")
    session = client.session
    session[SETUP_NEXT] = "https://evil.example.org/"
    session.save()
    assert client.get(reverse("two_step_continue")).url == reverse("dashboards:landing")


def test_a_person_with_an_app_hears_signed_in_only_after_the_code(cast, clock):
    secret = with_app(cast.lead)
    client = Client()
    password_sign_in(client, cast.lead.email)
    second = client.get(reverse("mfa_authenticate"))
    assert "Successfully signed in" not in second.content.decode()
    done = client.post(reverse("mfa_authenticate"), {"code": code(secret, NOW)}, follow=True)
    assert any("Successfully signed in" in m for m in messages_on(done))
