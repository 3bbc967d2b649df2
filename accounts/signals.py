from allauth.account.models import EmailAddress
from allauth.mfa import signals as mfa_signals
from allauth.socialaccount.signals import social_account_added, social_account_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from accounts.models import SecurityEvent, User
from accounts.services import security_event_record
from accounts.twostep import SETUP_NEEDED, check_at_sign_in

# What the accounts app tells the others of, without importing them.
# Sent after a person's new password (or its removal) is saved, however it was set: user.
password_changed = Signal()


@receiver(post_save, sender=User)
def email_address_kept(sender, instance, created, update_fields=None, **kwargs):
    """The account's email is its one verified address for django-allauth (an invitation, the
    staff or a provider vouched for it): allauth matches identities by it, and never wipes the
    password of someone who links their district's account."""
    if not created and update_fields is not None and "email" not in update_fields:
        return
    if getattr(instance, "emails_from_provider", False):
        return  # a first sign-in with a provider: allauth records the addresses it verified
    email = instance.email.lower()
    EmailAddress.objects.filter(user=instance).exclude(email=email).delete()
    EmailAddress.objects.update_or_create(
        user=instance, email=email, defaults={"verified": True, "primary": True}
    )


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        check_at_sign_in(request, user)


@receiver(mfa_signals.authentication_failed)
def log_second_step_failed(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.TWO_STEP_FAILED, request=request, user=user)


@receiver(mfa_signals.authenticator_added)
def log_two_step_on(sender, request, user, authenticator, **kwargs):
    authenticator = getattr(authenticator, "instance", authenticator)  # allauth's wrapper
    if authenticator.type == authenticator.Type.TOTP:
        security_event_record(kind=SecurityEvent.Kind.TWO_STEP_ON, request=request, user=user)
        if request is not None and hasattr(request, "session"):
            request.session.pop(SETUP_NEEDED, None)


@receiver(mfa_signals.authenticator_removed)
def log_two_step_off(sender, request, user, authenticator, **kwargs):
    authenticator = getattr(authenticator, "instance", authenticator)
    if authenticator.type == authenticator.Type.TOTP:
        security_event_record(kind=SecurityEvent.Kind.TWO_STEP_OFF, request=request, user=user)


@receiver(social_account_added)
def log_identity_linked(sender, request, sociallogin, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.IDENTITY_LINKED, request=request, user=sociallogin.user
    )


@receiver(social_account_removed)
def log_identity_unlinked(sender, request, socialaccount, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.IDENTITY_UNLINKED, request=request, user=socialaccount.user
    )


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        request=request,
        username=credentials.get("username") or credentials.get("email") or "",
    )


@receiver(user_locked_out)
def log_locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, request=request, username=username)
