"""The page where a person creates, names and revokes their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from api.models import ApiToken
from districts.access import NOT_FOUND_MESSAGE
from districts.validators import one_line
from districts.viewkit import posted

MAX_TOKENS = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What it is for, e.g. “Board report sheet”.",
        validators=[one_line],
    )


def tokens(request: HttpRequest) -> HttpResponse:
    """GET lists the person's tokens (and, once, a token just created); POST creates one and
    redirects, so that reloading the page neither shows it again nor creates another."""
    form = TokenForm(posted(request))
    mine = ApiToken.objects.filter(user=request.user).active()
    if request.method == "POST" and form.is_valid():
        if mine.count() >= MAX_TOKENS:
            form.add_error(None, f"You have {MAX_TOKENS} tokens: revoke one first.")
        else:
            _, token = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
            request.session["new_api_token"] = token
            return redirect("api_tokens")
    created = request.session.pop("new_api_token", None) if request.method == "GET" else None
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": mine, "created": created},
        status=status,
    )


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
