from importlib import import_module

from allauth.account import views as allauth_views
from allauth.mfa import app_settings as mfa_settings
from allauth.socialaccount import providers
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
from accounts.forms import QueuedPasswordResetForm

# Signing in and out, two-step sign-in, linked identities and sessions are django-allauth's,
# but only the parts Waypoint uses: not its email management (an account's email is the one
# it was invited with or its provider verified; a second, unverified address could otherwise
# catch someone else's identity) and not its own password pages (Waypoint's queue its email).
# "login" and "logout" are the names the app has always used for the sign-in pages.


def provider_patterns() -> list:
    """The sign-in pages of the providers this deployment configured (Google's, Microsoft's),
    and the OpenID Connect provider's (which answers 404 for one not configured): an
    unconfigured provider's pages are not routed at all."""
    found = []
    for provider in providers.registry.get_class_list():
        if provider.id == "openid_connect" or provider.id in settings.SOCIALACCOUNT_PROVIDERS:
            found += import_module(f"{provider.get_package()}.urls").urlpatterns
    return found


# allauth's two-step pages (allauth.mfa.base.views) import its WebAuthn flows, and with them
# fido2 and cryptography, about 11 MiB a process, though WebAuthn is off here: each is imported
# by the first request that opens it, not by every web process at start-up. What Django's
# middleware reads of a view before calling it (login_required, login_url, csrf_exempt, ...)
# is declared beside it; tests/test_footprint.py holds it equal to allauth's view's.
MFA_BASE_VIEWS = [
    ("", "index", "mfa_index", {"login_url": None, "redirect_field_name": "next"}),
    ("authenticate/", "authenticate", "mfa_authenticate", {"login_required": False}),
    (
        "reauthenticate/",
        "reauthenticate",
        "mfa_reauthenticate",
        {"login_url": None, "redirect_field_name": "next"},
    ),
]
if mfa_settings._TRUST_STAGE_ENABLED:
    MFA_BASE_VIEWS.append(("trust/", "trust", "mfa_trust", {"login_required": False}))


def imported_when_opened(name: str, declared: dict):
    """allauth.mfa.base.views.<name>, imported at its first request."""

    def view(request, *args, **kwargs):
        module = import_module("allauth.mfa.base.views")
        return getattr(module, name)(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = name
    vars(view).update(declared)
    return view


def mfa_patterns() -> list:
    """allauth.mfa.urls, with its base pages imported when first opened."""
    found = [
        path(route, imported_when_opened(view, declared), name=name)
        for route, view, name, declared in MFA_BASE_VIEWS
    ]
    for kind, route in (("totp", "totp/"), ("recovery_codes", "recovery-codes/")):
        if kind in mfa_settings.SUPPORTED_TYPES:
            found.append(path(route, include(f"allauth.mfa.{kind}.urls")))
    if "webauthn" in mfa_settings.SUPPORTED_TYPES:
        found.append(path("webauthn/", include("allauth.mfa.webauthn.urls")))
    return found


def named_twice(route: str, view, name: str, allauth_name: str) -> list:
    """One page under Waypoint's name and under the name allauth's pages link to it by."""
    return [path(route, view, name=name), path(route, view, name=allauth_name)]


allauth_patterns = [
    path("inactive/", allauth_views.account_inactive, name="account_inactive"),
    path("signup/", allauth_views.signup, name="account_signup"),  # closed: says so
    path("password/set/", allauth_views.password_set, name="account_set_password"),
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    path("2fa/", include(mfa_patterns())),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    path("sessions/", include("allauth.usersessions.urls")),
    *provider_patterns(),
]

urlpatterns = [
    *named_twice("login/", allauth_views.login, "login", "account_login"),
    *named_twice("logout/", allauth_views.logout, "logout", "account_logout"),
    path("security/", views.security, name="account_security"),
    path("two-step/continue/", views.two_step_continue, name="two_step_continue"),
    path("sessions/<int:session>/end/", views.session_end, name="account_session_end"),
    *named_twice(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        "password_change",
        "account_change_password",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    *named_twice(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        "password_reset",
        "account_reset_password",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    *allauth_patterns,
]
