"""Sign-in through django-allauth: who may have an account made for them, and which emails a
provider may vouch for.

- Nobody signs up with a password on their own: people join by invitation
  (districts.views.invitation_accept_view) or, with an identity provider, by an email the
  provider says is verified (a district then admits them by its email domain:
  districts.domains).
- An identity is matched to an existing account only by a verified email; an unverified one
  never takes over an account, and makes no new one either.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect

from districts.validators import flattened

UNVERIFIED = (
    "{provider} did not say that it has verified the email address {email}, so Waypoint "
    "cannot sign you in with it. Sign in with your email and password, or ask your district’s "
    "IT team to verify the address with {provider}."
)
NO_EMAIL = (
    "{provider} did not give Waypoint an email address, so it cannot tell who you are. Ask "
    "your district’s IT team to share the email address with Waypoint."
)


def single_microsoft_tenant() -> bool:
    from django.conf import settings

    tenant = settings.SOCIALACCOUNT_PROVIDERS.get("microsoft", {}).get("APPS", [{}])[0]
    tenant = tenant.get("settings", {}).get("tenant", "")
    return bool(tenant) and tenant not in ("common", "organizations", "consumers")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "That email address and password do not match. Both are "
        "case-sensitive except the email address.",
    }

    def is_open_for_signup(self, request) -> bool:
        """Closed to passwords: an account is made by an invitation or an identity provider."""
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        """Password failures are django-axes' to count (its lockout page, cool-off and log);
        allauth's own count (ACCOUNT_RATE_LIMITS) still guards the second step's codes."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def pre_social_login(self, request, sociallogin) -> None:
        """Refuse an identity whose email its provider has not verified, unless it is already
        linked to an account (its owner linked it while signed in)."""
        if sociallogin.is_existing:
            return
        provider = sociallogin.provider.name
        addresses = sociallogin.email_addresses
        if sociallogin.provider.id == "microsoft" and single_microsoft_tenant():
            # Microsoft's Graph says nothing of verification, and any tenant can set any
            # "mail": its addresses are trusted only from the one tenant configured, whose
            # administrators own them (SSO_MICROSOFT_TENANT, docs/configuration.md).
            for address in addresses:
                address.verified = True
        if not addresses:
            self._refuse(request, NO_EMAIL.format(provider=provider))
        if not any(address.verified for address in addresses):
            self._refuse(request, UNVERIFIED.format(provider=provider, email=addresses[0].email))
        # Only the verified ones are kept (and so matched, or given to a new account).
        sociallogin.email_addresses = [a for a in addresses if a.verified]

    def _refuse(self, request, message: str):
        from accounts.models import SecurityEvent
        from accounts.services import security_event_record

        security_event_record(
            kind=SecurityEvent.Kind.LOGIN_FAILED, request=request, username="(identity provider)"
        )
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("account_login"))

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = (data.get("name") or "").strip() or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = flattened(name) or user.email  # a provider's name is not refused
        user.emails_from_provider = True  # accounts.signals.email_address_kept leaves them
        return user


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Whoever must use two-step sign-in keeps their authenticator app (they may set up a
        new one by deactivating and activating again only if they are not required to)."""
        from accounts.twostep import two_step_required

        if authenticator.type == authenticator.Type.TOTP and two_step_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
