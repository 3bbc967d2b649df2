import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent, User
from config.settings import base
from tests.factories import PASSWORD


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"login": email, "password": password})


def test_person_signs_in_with_email_and_lands_on_their_district(cast):
    client = Client()
    response = sign_in(client, "LENA@example.org", PASSWORD)
    assert response.status_code == 302
    follow = client.get(response.url, follow=True)
    assert follow.redirect_chain[-1][0] == cast.riverside.get_absolute_url()


def test_session_is_rotated_on_sign_in(cast):
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, cast.lead.email, PASSWORD)
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(cast.lead.pk)


def test_wrong_password_says_so_and_is_logged(cast):
    response = sign_in(Client(), cast.lead.email, "not-the-password")
    assert response.status_code == 200
    assert b"do not match" in response.content
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert event.username == cast.lead.email
    assert event.path == reverse("login")


def test_successful_sign_in_is_logged(cast):
    sign_in(Client(), cast.lead.email, PASSWORD)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN)
    assert event.user == cast.lead
    assert event.ip_address == "127.0.0.1"


def test_repeated_failures_lock_the_account_out_for_a_cool_off_not_forever(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cast.lead.email, "wrong-password-again")
    locked = sign_in(client, cast.lead.email, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content
    lockout = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT).first()
    assert lockout.username == cast.lead.email
    assert lockout.path == reverse("login")
    assert "_auth_user_id" not in client.session

    # after the cool-off the right password works again
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, cast.lead.email, PASSWORD).status_code == 302


def test_lockout_of_one_account_does_not_lock_another(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cast.lead.email, "wrong-password-again")
    assert sign_in(client, cast.member.email, PASSWORD).status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(cast, client_for):
    client = client_for("lead")
    confirm = client.get(reverse("logout"))  # asks first; a GET never signs anyone out
    assert confirm.status_code == 200 and "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_passwords_are_hashed_with_argon2(db):
    user = User.objects.create_user(email="a@example.org", password="a-long-enough-passphrase")
    assert user.password.startswith("argon2$")
    assert user.check_password("a-long-enough-passphrase")


def test_passwords_need_twelve_characters(db):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Short-pw-11")
    validate_password("twelve-chars")


def test_password_change_refuses_a_short_password(cast, client_for):
    client = client_for("lead")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "tiny", "new_password2": "tiny"},
    )
    assert response.status_code == 200
    assert b"at least 12 characters" in response.content
    cast.lead.refresh_from_db()
    assert cast.lead.check_password(PASSWORD)


def test_password_reset_sends_a_single_use_link_that_sets_a_new_password(
    cast, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": cast.member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.member.email]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]

    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    new_password = "a-brand-new-passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    cast.member.refresh_from_db()
    assert cast.member.check_password(new_password)
    again = Client().get(link, follow=True)
    assert b"This link no longer works" in again.content


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
