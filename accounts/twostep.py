"""Two-step sign-in required of those who read many districts (TWO_STEP_REQUIRED_FOR: staff,
coaches, facilitators): checked once at sign-in, not on every page. Someone who must and has
no authenticator app is sent to set one up before anything else
(accounts.middleware.TwoStepRequiredMiddleware); API tokens are unaffected."""

from allauth.mfa.models import Authenticator
from django.conf import settings

SETUP_NEEDED = "waypoint_two_step_setup"


def two_step_required(user) -> bool:
    from districts.models import CoachAssignment, Cohort

    wanted = set(settings.TWO_STEP_REQUIRED_FOR)
    if not user.is_authenticated:
        return False
    if "staff" in wanted and user.is_staff:
        return True
    if "coaches" in wanted and CoachAssignment.objects.filter(coach=user).exists():
        return True
    return "facilitators" in wanted and Cohort.objects.filter(facilitators=user).exists()


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def check_at_sign_in(request, user) -> None:
    """At sign-in: note in the session whether the person must still set up two-step sign-in."""
    if two_step_required(user) and not has_authenticator_app(user):
        request.session[SETUP_NEEDED] = True
    else:
        request.session.pop(SETUP_NEEDED, None)
