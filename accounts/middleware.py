from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from accounts.twostep import SETUP_NEEDED, has_authenticator_app

# What someone who must set up two-step sign-in may still reach: the setup itself, signing
# out, the static files and the API (tokens are unaffected).
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/api/",
    "/health/",
)


class TwoStepRequiredMiddleware:
    """Sends a person who must use two-step sign-in and has not set it up (noted at sign-in:
    accounts.twostep.check_at_sign_in) to its setup page, whatever they open. No query for
    anyone else; one for them, until the app is set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SETUP_NEEDED)
            and request.user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if not has_authenticator_app(request.user):
                messages.info(
                    request,
                    "You read many districts’ work, so Waypoint asks you to set up two-step "
                    "sign-in before you go on: scan the code with an authenticator app, then "
                    "type the code it shows.",
                )
                return redirect(reverse("mfa_activate_totp"))
            session.pop(SETUP_NEEDED)
        return self.get_response(request)
