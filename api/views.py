"""The page where a person creates, names and revokes their API tokens."""

from datetime import timedelta

from allauth.account.adapter import get_adapter as account_adapter
from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView

from api.base import ThrottledFirst
from api.models import DEFAULT_LIFETIME, ApiToken
from districts.access import NOT_FOUND_MESSAGE
from districts.validators import one_line
from districts.viewkit import posted

MAX_TOKENS = 20
ENDED_SHOWN_FOR = timedelta(days=30)  # tokens that ended or expired stay listed this long
NO_REAUTHENTICATION = (
    "Making a token asks for your password or your authenticator app’s code again, and your "
    "account has neither yet. Set up two-step sign-in or set a password first."
)


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What it is for, e.g. “Board report sheet”.",
        validators=[one_line],
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "A year")],
        coerce=int,
        initial=DEFAULT_LIFETIME,
        help_text="It ends sooner if you revoke it, if your password changes or is reset, or "
        "if you turn two-step sign-in off.",
    )


def tokens(request: HttpRequest) -> HttpResponse:
    """GET lists the person's tokens (and, once, a token just created); POST creates one,
    after the password or the second step again (allauth's reauthentication: a borrowed
    session cannot make a lasting credential), and redirects, so that reloading the page
    neither shows it again nor creates another."""
    form = TokenForm(posted(request))
    mine = ApiToken.objects.filter(user=request.user)
    active = mine.active()
    can_reauthenticate = bool(account_adapter(request).get_reauthentication_methods(request.user))
    if request.method == "POST" and form.is_valid():
        if active.count() >= MAX_TOKENS:
            form.add_error(None, f"You have {MAX_TOKENS} tokens: revoke one first.")
        elif not can_reauthenticate:
            form.add_error(None, NO_REAUTHENTICATION)
        else:
            return _create(request, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
    created = request.session.pop("new_api_token", None) if request.method == "GET" else None
    status = 400 if form.is_bound and form.errors else 200
    since = timezone.now() - ENDED_SHOWN_FOR
    ended = mine.filter(
        Q(revoked_at__gte=since)
        | Q(revoked_at__isnull=True, expires_at__range=(since, timezone.now()))
    )
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": active,
            "ended": ended,
            "created": created,
            "can_reauthenticate": can_reauthenticate,
        },
        status=status,
    )


@reauthentication_required
def _create(request: HttpRequest, *, name: str, days: int) -> HttpResponse:
    """Asked for the password or second step again unless given in the last few minutes
    (ACCOUNT_REAUTHENTICATION_TIMEOUT): the POST waits in the session meanwhile, and is
    answered once they are given."""
    _, token = ApiToken.issue(user=request.user, name=name, days=days)
    request.session["new_api_token"] = token
    return redirect("api_tokens")


@require_POST
def token_revoke(request: HttpRequest, api_token) -> HttpResponse:
    row = ApiToken.objects.filter(user=request.user, code=api_token).active().first()
    if row is None:
        raise Http404(NOT_FOUND_MESSAGE)
    row.revoke()
    messages.success(request, f"Revoked: {row.name}. Programs using it can no longer sign in.")
    return redirect("api_tokens")


class SchemaView(ThrottledFirst, SpectacularAPIView):
    """The OpenAPI schema, for anyone signed in (a session or a token): JSON, like every
    answer under /api/, or YAML when asked for (?format=yaml, or Accept)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]


class DocsView(ThrottledFirst, SpectacularSwaggerSplitView):
    """Swagger UI. Its start-up script is served by this view too (?script), not inline, so
    the app's Content-Security-Policy (scripts from our own origin only) lets it run; the
    page is ours, without the inline style of drf-spectacular's."""

    permission_classes = [IsAuthenticated]
    template_name = "api/docs.html"


class RootView(ThrottledFirst, APIRootView):
    pass


docs = login_required(DocsView.as_view(url_name="api:schema"))
