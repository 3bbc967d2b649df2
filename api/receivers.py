"""A token ends when what it stood on changes: its owner's password changes or is reset
(accounts.signals.password_changed, however it was set), two-step sign-in is turned off (the
authenticator app's row deleted: on the page, in the admin or a shell), or the account is
deactivated. Whoever made the change is told on their next page (allauth keeps the request at
hand: allauth.core.context). A queryset update() of people sends no signal: a token of an
account deactivated that way is still refused while the account is inactive
(api.authentication), but would sign in again once it is reactivated."""

from allauth.core import context
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.signals import password_changed
from api.models import ApiToken


def tokens_end(*, user, reason: str) -> int:
    """End the person's active tokens for `reason`, and tell whoever is making the change."""
    ended = ApiToken.objects.filter(user=user).end(reason=reason)
    request = context.request
    if ended and request is not None:
        tokens = f"{ended} API token{'s' if ended > 1 else ''}"
        why = ApiToken.Ended(reason).label
        asker = getattr(request, "user", None)
        # the person themselves, or whoever holds their password-reset link (signed out)
        if asker == user or not getattr(asker, "is_authenticated", False):
            text = (
                f"Your {tokens} ended because {why}: programs using "
                f"{'them' if ended > 1 else 'it'} can no longer sign in. Make new ones on the "
                "API tokens page if they still need them."
            )
        else:
            text = f"{user}’s {tokens} ended because {why}."
        messages.info(request, text, fail_silently=True)
    return ended


@receiver(password_changed)
def end_on_password_change(sender, user, **kwargs):
    tokens_end(user=user, reason=ApiToken.Ended.PASSWORD)


@receiver(post_delete, sender=Authenticator)
def end_on_two_step_off(sender, instance, **kwargs):
    if instance.type == Authenticator.Type.TOTP:
        tokens_end(user=instance.user, reason=ApiToken.Ended.TWO_STEP_OFF)


@receiver(post_save, sender=User)
def end_on_deactivation(sender, instance, update_fields=None, **kwargs):
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    tokens_end(user=instance, reason=ApiToken.Ended.DEACTIVATED)
