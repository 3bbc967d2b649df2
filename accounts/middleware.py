from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.twostep import SETUP_NEEDED, SETUP_NEXT, has_authenticator_app

# What someone who must set up two-step sign-in may still reach: the setup itself, signing
# out, the static files. Not the API by the same session: it reads what the pages show.
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/health/",
)
API_PREFIX = "/api/"
API_PAGES = ("/api/docs/",)  # the API's one HTML page is sent to the setup as a page is

SETUP_FIRST = (
    "You read many districts’ work, so Waypoint asks you to set up two-step sign-in before "
    "you go on: scan the code with an authenticator app, then type the code it shows."
)
API_SETUP_FIRST = (
    "Set up two-step sign-in first: you read many districts’ work, so Waypoint asks for it "
    "before anything else, in the API as on the pages. Open {url} in your browser."
)


class TwoStepRequiredMiddleware:
    """Sends a person who must use two-step sign-in and has not set it up (noted at sign-in:
    accounts.twostep.check_at_sign_in) to its setup page, whatever they open; the API by the
    same session answers 403 with the same request (JSON, not a page). A request with a token
    (Authorization: Bearer) is the token's to authenticate, not the session's: it passes. No
    query for anyone else; one for them, until the app is set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SETUP_NEEDED)
            and request.user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not _by_token(request)
        ):
            if not has_authenticator_app(request.user):
                setup = reverse("mfa_activate_totp")
                if request.path.startswith(API_PREFIX) and not request.path.startswith(API_PAGES):
                    url = request.build_absolute_uri(setup)
                    return JsonResponse(
                        {"detail": API_SETUP_FIRST.format(url=url), "setup": url}, status=403
                    )
                messages.info(request, SETUP_FIRST)
                if request.method == "GET":
                    session[SETUP_NEXT] = request.get_full_path()  # "Continue" goes back
                return redirect(setup)
            session.pop(SETUP_NEEDED)
        return self.get_response(request)


def _by_token(request) -> bool:
    """An API request that names a token (api.authentication.BearerTokenAuthentication runs
    first, so the session plays no part in it)."""
    return request.path.startswith(API_PREFIX) and request.headers.get(
        "Authorization", ""
    ).lower().startswith("bearer ")
