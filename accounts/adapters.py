"""Sign-in through django-allauth: who may have an account made for them, and which emails a
provider may vouch for.

- Nobody signs up with a password on their own: people join by invitation
  (districts.views.invitation_accept_view) or, with an identity provider, by an email the
  provider says is verified (a district then admits them by its email domain:
  districts.joining).
- An unverified email never takes over an account, and makes no new one either.
- An identity signs in to an account that already exists only when it is linked to it: its
  owner linked it on Sign-in and security, after giving the password or the second step
  again (SOCIALACCOUNT_REAUTHENTICATION_REQUIRED), or Waypoint linked it at its first
  sign-in because the verified email's domain is a verified domain of one of the account's
  districts and the provider is configured for that domain (SSO_SIGN_IN_DOMAINS). Never by
  the email alone for staff, coaches and facilitators. A provider that serves many
  districts (Clever, ClassLink) can vouch for any address, so its word alone is not enough.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter as account_adapter
from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.twostep import LOGGED_IN_MESSAGE, SETUP_NEEDED, SIGNED_IN_MESSAGE_OWED
from config.proxies import client_ip
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
LINK_NEEDS_REAUTHENTICATION = (
    "Linking {provider} asks for your password or your authenticator app’s code again, and "
    "your account has neither yet. Set up two-step sign-in (or set a password) first, then "
    "link {provider}."
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

    def get_client_ip(self, request) -> str:
        """The client's address as the trusted proxies give it (config.proxies), for allauth's
        rate limits, its record of each session and its emails (instead of its own reading of
        X-Forwarded-For by ALLAUTH_TRUSTED_PROXY_COUNT). Without one, allauth refuses."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Waypoint cannot tell which address this request comes from.")
        return address

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        """ "Successfully signed in" only once fully signed in: someone who must still set up
        two-step sign-in is told when they have (accounts.twostep.signed_in_after_setup)."""
        if message_template == LOGGED_IN_MESSAGE and request.session.get(SETUP_NEEDED):
            request.session[SIGNED_IN_MESSAGE_OWED] = True
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def pre_authenticate(self, request, **credentials) -> None:
        """Password failures are django-axes' to count (its lockout page, cool-off and log);
        allauth's own count (ACCOUNT_RATE_LIMITS) still guards the second step's codes."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def pre_social_login(self, request, sociallogin) -> None:
        """After allauth looked the identity up among those linked to accounts (and, with
        SOCIALACCOUNT_EMAIL_AUTHENTICATION off, nowhere else): a linked identity signs in to
        its account. Otherwise its email must be verified; linking it while signed in is
        allauth's (with the password or second step again); a first sign-in goes to the
        account of its email only as may_link_by_email allows, and makes a new account when
        no account has that email."""
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
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            self._check_can_reauthenticate(request, provider)
            return
        for address in sociallogin.email_addresses:
            users = filter_users_by_email(address.email, prefer_verified=True)
            if not users:
                continue
            owner = users[0]
            if not may_link_by_email(owner, address.email, sociallogin.account.provider):
                self._refuse_link(request, sociallogin, owner, address.email)
            sociallogin.connect(request, owner)  # social_account_added: in the security log
            return

    def get_connect_redirect_url(self, request, socialaccount) -> str:
        """Back to Sign-in and security, where the Link button was, after linking."""
        return reverse("account_security")

    def _check_can_reauthenticate(self, request, provider: str) -> None:
        """Linking asks for the password or the second step again (allauth's reauthentication);
        someone who has neither (signed in by a provider, no app) is told so before allauth
        would refuse with a bare 403."""
        if request.user.is_authenticated and not account_adapter(
            request
        ).get_reauthentication_methods(request.user):
            messages.error(request, LINK_NEEDS_REAUTHENTICATION.format(provider=provider))
            raise ImmediateHttpResponse(redirect("account_security"))

    def _refuse_link(self, request, sociallogin, owner, email: str):
        from accounts.models import SecurityEvent
        from accounts.services import security_event_record

        security_event_record(
            kind=SecurityEvent.Kind.IDENTITY_REFUSED, request=request, user=owner, username=email
        )
        page = render(
            request,
            "account/link_first.html",
            {"provider": sociallogin.provider.name, "email": email},
            status=403,
        )
        raise ImmediateHttpResponse(page)

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


def may_link_by_email(user, email: str, provider_id: str) -> bool:
    """Whether an identity of `provider_id` (as SocialAccount.provider names it) whose
    provider verified `email` may be linked to `user`, the account of that email, at its first
    sign-in: the email's domain is one this deployment lets the provider vouch for
    (SSO_SIGN_IN_DOMAINS) and a verified domain of a district the person belongs to, and the
    person reads no more than their own districts (not staff, a coach or a facilitator)."""
    from accounts.twostep import reads_many_districts
    from districts.joining import is_member_by_domain

    domain = email.rsplit("@", 1)[-1].lower()
    if domain not in settings.SSO_SIGN_IN_DOMAINS.get(provider_id, ()):
        return False
    return not reads_many_districts(user) and is_member_by_domain(user=user, domain=domain)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Whoever must use two-step sign-in keeps their authenticator app (they may set up a
        new one by deactivating and activating again only if they are not required to)."""
        from accounts.twostep import two_step_required

        if authenticator.type == authenticator.Type.TOTP and two_step_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
