"""The person's own sign-in and security page: password, two-step sign-in, the identities
linked to the account (Google, Microsoft, a district's provider) and the active sessions.
The actions are django-allauth's pages; this one shows where each stands."""

from allauth.account.adapter import get_adapter as account_adapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import get_adapter as social_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from accounts.twostep import (
    LOGGED_IN_MESSAGE,
    SETUP_NEXT,
    SIGNED_IN_MESSAGE_OWED,
    two_step_required,
)


@require_safe
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    identities = list(SocialAccount.objects.filter(user=user).order_by("provider", "pk"))
    linked = {account.provider for account in identities}
    providers = social_adapter(request).list_providers(request)
    return render(
        request,
        "account/security.html",
        {
            "two_step_on": Authenticator.Type.TOTP in kinds,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in kinds,
            "two_step_required": two_step_required(user),
            "identities": identities,
            # an OpenID Connect provider's accounts are named by its own id (its sub_id)
            "providers": [p for p in providers if getattr(p, "sub_id", p.id) not in linked],
            "sessions": UserSession.objects.filter(user=user).count(),
            "has_password": user.has_usable_password(),
            # linking asks for the password or the second step again (accounts.adapters)
            "can_reauthenticate": bool(account_adapter(request).get_reauthentication_methods(user)),
        },
    )


@require_POST
def session_end(request: HttpRequest, session: int) -> HttpResponse:
    """Sign out of one of the person's other sessions (a lost laptop, a shared computer)."""
    found = UserSession.objects.filter(user=request.user, pk=session).first()
    if found is None or found.is_current():
        raise Http404("No such session.")
    found.end()
    messages.success(request, "That session is signed out.")
    return redirect("usersessions_list")


@require_safe
def two_step_continue(request: HttpRequest) -> HttpResponse:
    """On from the recovery codes, once two-step sign-in is set up: where the person was
    going when they were sent to set it up (a path of this site), or where their job is; and
    "Successfully signed in" if it waited for this (accounts.adapters.AccountAdapter)."""
    going = request.session.pop(SETUP_NEXT, None)
    if request.session.pop(SIGNED_IN_MESSAGE_OWED, False):
        account_adapter(request).add_message(
            request, messages.SUCCESS, LOGGED_IN_MESSAGE, {"user": request.user}
        )
    if going and url_has_allowed_host_and_scheme(going, allowed_hosts=None):
        return redirect(going)
    return redirect(settings.LOGIN_REDIRECT_URL)
