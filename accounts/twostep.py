"""Two-step sign-in required of those who read many districts (TWO_STEP_REQUIRED_FOR: staff,
coaches, facilitators): checked once at sign-in, not on every page. Someone who must and has
no authenticator app is sent to set one up before anything else, on the pages and in the API
by their session (accounts.middleware.TwoStepRequiredMiddleware); an API token needed the
password or the second step again to be made (api.views.tokens)."""

from allauth.mfa.models import Authenticator
from django.conf import settings

SETUP_NEEDED = "waypoint_two_step_setup"
# Where the person was going when they were sent to set it up (a path of this site), and
# whether "Successfully signed in" waits until they have (accounts.adapters.AccountAdapter).
SETUP_NEXT = "waypoint_two_step_next"
SIGNED_IN_MESSAGE_OWED = "waypoint_signed_in_message_owed"
LOGGED_IN_MESSAGE = "account/messages/logged_in.txt"  # allauth's
WIDE_ROLES = ("staff", "coaches", "facilitators")


def reads_many_districts(user, roles=WIDE_ROLES) -> bool:
    """Whether the person is staff, a coach or a facilitator (of those `roles` names): they
    read many districts' work, so their sign-in asks for more (two-step sign-in; an identity
    is never linked to their account by its email alone: accounts.adapters)."""
    from districts.access import Relation, facilitated_cohorts, relation_rows

    if not user.is_authenticated:
        return False
    if "staff" in roles and (user.is_staff or user.is_superuser):
        return True
    coaching = relation_rows(user, (Relation.COACH,), trashed_too=True)
    if "coaches" in roles and coaching.exists():
        return True
    return "facilitators" in roles and facilitated_cohorts(user, as_staff=False).exists()


def two_step_required(user) -> bool:
    return reads_many_districts(user, roles=settings.TWO_STEP_REQUIRED_FOR)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def check_at_sign_in(request, user) -> None:
    """At sign-in: note in the session whether the person must still set up two-step sign-in."""
    if two_step_required(user) and not has_authenticator_app(user):
        request.session[SETUP_NEEDED] = True
    else:
        request.session.pop(SETUP_NEEDED, None)
