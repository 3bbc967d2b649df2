"""API tokens end: an expiry chosen when made (at most a year); made only after the password
or the second step again; ended when the owner's password changes or is reset (however it was
set), when two-step sign-in is turned off and when the account is deactivated. The API by a
session obeys the two-step requirement as the pages do."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.models import ApiToken
from tests.factories import PASSWORD

DISTRICTS = "/api/v1/districts/"
NEW_PASSWORD = "a-brand-new-passphrase"


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def issued(person, **kwargs) -> str:
    return ApiToken.issue(user=person, name="Board report sheet", **kwargs)[1]


def refused_with(token: str, words: str) -> None:
    response = bearer(token).get(DISTRICTS)
    assert response.status_code == 401, response.content
    assert words in response.json()["detail"]


def test_making_a_token_asks_for_the_password_again(cast, client_for):
    client = client_for("lead")
    asked = client.post(reverse("api_tokens"), {"name": "Board report", "days": "30"})
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
    assert not ApiToken.objects.exists()  # a borrowed session stops here
    wrong = client.post(asked.url, {"password": "not-the-password"})
    assert wrong.status_code == 200 and not ApiToken.objects.exists()
    done = client.post(asked.url, {"password": PASSWORD}, follow=True)
    token = done.context["created"]
    row = ApiToken.objects.get()
    assert row.name == "Board report"
    assert abs(row.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert bearer(token).get(DISTRICTS).status_code == 200
    # within the next few minutes the password is not asked again
    again = client.post(reverse("api_tokens"), {"name": "Second", "days": "90"})
    assert again.status_code == 302 and again.url == reverse("api_tokens")
    assert ApiToken.objects.count() == 2


def test_the_expiry_is_chosen_from_the_list_and_never_more_than_a_year(cast, client_for):
    client = client_for("lead")
    page = client.get(reverse("api_tokens")).content.decode()
    assert '<option value="90" selected>90 days</option>' in page
    for days in ("400", "0", "", "forever"):
        response = client.post(reverse("api_tokens"), {"name": "Sheet", "days": days})
        assert response.status_code == 400, days
    assert not ApiToken.objects.exists()
    with pytest.raises(Exception, match="at most 365 days"):
        ApiToken.issue(user=cast.lead, name="Sheet", days=366)


def test_a_person_without_a_password_or_an_app_is_told_what_to_set_up(cast):
    cast.lead.set_unusable_password()
    cast.lead.save()
    client = Client()
    client.force_login(cast.lead)
    page = client.get(reverse("api_tokens")).content.decode()
    assert "your account has neither yet" in page and 'name="days"' not in page
    response = client.post(reverse("api_tokens"), {"name": "Sheet", "days": "90"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_the_page_shows_each_tokens_expiry_and_last_use(cast, client_for):
    row, token = ApiToken.issue(user=cast.lead, name="Board report sheet", days=180)
    bearer(token).get(DISTRICTS)
    row.refresh_from_db()
    page = client_for("lead").get(reverse("api_tokens")).content.decode()
    expiry = timezone.localtime(row.expires_at)
    assert f"{expiry:%b} {expiry.day}, {expiry.year}" in page
    assert "never" not in page.split("Board report sheet")[1].split("</tr>")[0]
    assert row.last_used_at is not None


def test_an_expired_token_is_refused_with_401(cast):
    row, token = ApiToken.issue(user=cast.lead, name="Sheet")
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    refused_with(token, "This token expired on")


def test_a_token_after_a_password_change_answers_401(cast, client_for):
    token = issued(cast.lead)
    client = client_for("lead")
    done = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.status_code == 200
    assert "Your 1 API token ended because the password changed" in done.content.decode()
    refused_with(token, "the password changed or was reset")
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Ended in the last 30 days" in page and "The password changed or was reset" in page


def test_a_token_after_a_password_reset_answers_401(cast):
    token = issued(cast.member)
    uid = urlsafe_base64_encode(force_bytes(cast.member.pk))
    link = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(cast.member)},
    )
    client = Client()
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your 1 API token ended because the password changed" in done.content.decode()
    cast.member.refresh_from_db()
    assert cast.member.check_password(NEW_PASSWORD)
    refused_with(token, "the password changed or was reset")


def test_a_password_set_by_staff_in_the_admin_or_a_shell_ends_the_tokens(cast, client_for):
    token = issued(cast.member)
    response = client_for("staff").post(
        reverse("admin:auth_user_password_change", args=[cast.member.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Milo Member’s 1 API token ended" in response.content.decode()
    refused_with(token, "the password changed")
    token = issued(cast.member)
    cast.member.set_password("yet-another-passphrase")  # as `manage.py changepassword` does
    cast.member.save()
    refused_with(token, "the password changed")
    token = issued(cast.member)
    cast.member.set_unusable_password()
    cast.member.save()
    refused_with(token, "the password changed")


def test_signing_in_again_does_not_end_the_tokens(cast, settings):
    """Django re-hashes a password with a newer hasher at sign-in and saves it: the same
    password, so the tokens stay."""
    token = issued(cast.lead)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    Client().post(reverse("login"), {"login": cast.lead.email, "password": PASSWORD})
    cast.lead.refresh_from_db()
    assert cast.lead.password.startswith("pbkdf2_")  # re-hashed and saved
    assert bearer(token).get(DISTRICTS).status_code == 200


def test_turning_two_step_sign_in_off_ends_the_tokens(cast, client_for):
    TOTP.activate(cast.lead, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    token = issued(cast.lead)
    client = client_for("lead")
    done = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "Your 1 API token ended because two-step sign-in was turned off" in (
        done.content.decode()
    )
    refused_with(token, "two-step sign-in was turned off")


def test_deactivating_the_account_ends_the_tokens(cast):
    token = issued(cast.viewer)
    cast.viewer.is_active = False
    cast.viewer.save()
    cast.viewer.is_active = True  # reactivated: the token stays ended
    cast.viewer.save()
    refused_with(token, "the account was deactivated")


def test_the_api_by_session_obeys_the_two_step_requirement(cast, settings):
    """A coach who must set up two-step sign-in and has not is refused by the API with the
    same session that the pages send to the setup: JSON, not a page."""
    settings.TWO_STEP_REQUIRED_FOR = ["staff", "coaches", "facilitators"]
    client = Client()
    client.post(reverse("login"), {"login": cast.coach.email, "password": PASSWORD})
    assert client.get(reverse("dashboards:coach")).url == reverse("mfa_activate_totp")
    for path in (DISTRICTS, f"{DISTRICTS}{cast.riverside.code}/", "/api/schema/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert response["Content-Type"] == "application/json"
        assert "Set up two-step sign-in first" in response.json()["detail"]
    assert client.get("/api/docs/").url == reverse("mfa_activate_totp")  # a page
    # a token answers for itself (made before two-step sign-in was required)
    assert bearer(issued(cast.coach)).get(DISTRICTS).status_code == 200
    # set up: the API by the session answers
    TOTP.activate(cast.coach, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert client.get(DISTRICTS).status_code == 200
    # a lead, who need not set it up, was never refused
    lead = Client()
    lead.post(reverse("login"), {"login": cast.lead.email, "password": PASSWORD})
    assert lead.get(DISTRICTS).status_code == 200
