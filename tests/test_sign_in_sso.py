"""Single sign-on end to end, against a real OpenID Connect provider started on a loopback
port (tests/sso_provider.py): first sign-in making an account; an existing account joined
only through its district's verified domain with the provider configured for it, or after
its owner linked the provider with the password again (the provider's word alone, which a
provider serving many districts gives for any address, takes over nobody); refusing an
unverified email; misuse of state, code and PKCE refused."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent, User
from tests import sso_provider
from tests.factories import PASSWORD, MembershipFactory, UserFactory

CALLBACK = "http://testserver/accounts/oidc/district/login/callback/"


@pytest.fixture(scope="module")
def issuer():
    issuer, process = sso_provider.start([CALLBACK])
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def provider_configured(settings, issuer):
    settings.SOCIALACCOUNT_PROVIDERS = sso_provider.providers_setting(issuer)


def start(client: Client, process: str = "login") -> str:
    """Press "Sign in with Riverside Schools": the provider's authorization address."""
    response = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": "district"}) + f"?process={process}"
    )
    assert response.status_code == 302, response.content[:300]
    return response.url


def back_at(client: Client, callback: str):
    parts = urlsplit(callback)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK, callback
    return client.get(parts.path, parse_qs(parts.query))


def sso_sign_in(client: Client, email: str):
    callback, _ = sso_provider.through_provider(start(client), email)
    return back_at(client, callback)


def signed_in_as(client: Client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_the_sign_in_page_offers_the_districts_provider(db):
    page = Client().get(reverse("login")).content.decode()
    assert "Sign in with Riverside Schools" in page and "Email address" in page


def test_a_first_sign_in_makes_an_account_from_the_verified_email(cast):
    client = Client()
    response = sso_sign_in(client, "Nora.New@riverside.example")
    assert response.status_code == 302, response.content[:500]
    person = signed_in_as(client)
    assert person.email == "nora.new@riverside.example" and person.full_name == "nora.new"
    assert not person.has_usable_password()
    account = SocialAccount.objects.get(user=person)
    assert (account.provider, account.uid.lower()) == ("district", "nora.new@riverside.example")
    assert SecurityEvent.objects.filter(kind="login", user=person).exists()
    # a person with no membership sees no district
    assert "Riverside School District" not in client.get("/", follow=True).content.decode()


def riverside_domain(cast, settings, domain="riverside.example", *, configured=True):
    """Riverside verified `domain`; the provider may vouch for it (SSO_SIGN_IN_DOMAINS)."""
    from districts.joining import domain_add, domain_verify

    added = domain_add(district=cast.riverside, domain=domain, acting_user=cast.lead)
    domain_verify(domain=added, acting_user=cast.staff)
    settings.SSO_SIGN_IN_DOMAINS = {sso_provider.PROVIDER_ID: [domain] if configured else []}


def refused_to_link(client: Client, response, owner: User) -> None:
    assert response.status_code == 403
    assert signed_in_as(client) is None
    page = response.content.decode()
    assert "Link Riverside Schools to your account first" in page
    assert "Sign-in and security" in page and "Link Riverside Schools" in page
    assert not SocialAccount.objects.filter(user=owner).exists()
    assert SecurityEvent.objects.filter(kind="identity_refused", user=owner).exists()


def test_a_provider_vouching_for_an_address_does_not_take_over_another_districts_account(
    cast, settings
):
    """A provider that serves many districts (Clever, ClassLink; here configured for
    Riverside's domain) says it verified an address of another district: refused, whatever
    district the account belongs to, with a page that says how to link it."""
    riverside_domain(cast, settings)
    outer = UserFactory(email="olga@outer.example", full_name="Olga Outer")
    MembershipFactory(district=cast.outer, user=outer, role="lead")
    client = Client()
    refused_to_link(client, sso_sign_in(client, "Olga@Outer.example"), outer)
    assert User.objects.filter(email__iexact="olga@outer.example").count() == 1
    # nor when this Waypoint lets the provider vouch for the domain but no district of the
    # account verified it (Riverside's lead: example.org is nobody's verified domain)
    settings.SSO_SIGN_IN_DOMAINS = {sso_provider.PROVIDER_ID: ["example.org"]}
    again = Client()
    refused_to_link(again, sso_sign_in(again, cast.lead.email), cast.lead)
    cast.lead.refresh_from_db()
    assert cast.lead.check_password(PASSWORD)  # the account is untouched


def test_the_districts_own_domain_signs_in_when_the_provider_is_configured_for_it(cast, settings):
    riverside_domain(cast, settings)
    rita = UserFactory(email="rita@riverside.example", full_name="Rita Member")
    MembershipFactory(district=cast.riverside, user=rita, role="member")
    client = Client()
    assert sso_sign_in(client, "Rita@Riverside.example").status_code == 302
    assert signed_in_as(client) == rita
    assert SocialAccount.objects.get(provider="district").user == rita
    assert SecurityEvent.objects.filter(kind="identity_linked", user=rita).exists()
    rita.refresh_from_db()  # the password still works: the invitation vouched for it
    assert rita.check_password(PASSWORD)
    # next time the identity itself signs in, even with the setting gone
    settings.SSO_SIGN_IN_DOMAINS = {}
    again = Client()
    assert sso_sign_in(again, "Rita@Riverside.example").status_code == 302  # the same subject
    assert signed_in_as(again) == rita


def test_the_same_domain_is_refused_when_the_provider_is_not_configured_for_it(cast, settings):
    riverside_domain(cast, settings, configured=False)
    rita = UserFactory(email="rita@riverside.example", full_name="Rita Member")
    MembershipFactory(district=cast.riverside, user=rita, role="member")
    client = Client()
    refused_to_link(client, sso_sign_in(client, rita.email), rita)


@pytest.mark.parametrize("role", ["coach", "facilitator", "staff"])
def test_staff_coaches_and_facilitators_are_never_linked_by_email(cast, settings, role):
    riverside_domain(cast, settings)
    person = cast.person(role)
    User.objects.filter(pk=person.pk).update(email=f"{role}@riverside.example")
    MembershipFactory(district=cast.riverside, user=person, role="member")
    client = Client()
    refused_to_link(client, sso_sign_in(client, f"{role}@riverside.example"), person)


def test_an_unverified_email_never_takes_over_an_account_nor_makes_one(cast):
    from tests.factories import UserFactory

    victim = UserFactory(email="unverified.vic@example.org", full_name="Vic Victim")
    client = Client()
    response = sso_sign_in(client, victim.email)
    assert signed_in_as(client) is None
    assert response.status_code == 302 and response.url == reverse("login")
    page = client.get(response.url).content.decode()
    assert "did not say that it has verified the email address" in page
    assert not SocialAccount.objects.exists()
    newcomer = Client()
    sso_sign_in(newcomer, "unverified.new@riverside.example")
    assert signed_in_as(newcomer) is None
    assert not User.objects.filter(email="unverified.new@riverside.example").exists()


def test_a_tampered_state_is_refused(cast):
    client = Client()
    callback, _ = sso_provider.through_provider(start(client), cast.lead.email)
    parts = urlsplit(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["state"] = query["state"][:-2] + "xx"
    response = client.get(parts.path + "?" + urlencode(query))
    assert signed_in_as(client) is None
    assert response.status_code in (400, 401) and "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def linked(person: User) -> SocialAccount:
    """The person linked the provider's identity of their address (its subject) before."""
    return SocialAccount.objects.create(
        user=person, provider=sso_provider.PROVIDER_ID, uid=person.email
    )


def test_a_code_brought_back_to_another_browser_is_refused(cast):
    """The state is kept in the session of the browser that started: an attacker's browser
    given the victim's callback (or a victim given the attacker's) signs nobody in."""
    linked(cast.lead)
    started = Client()
    callback, _ = sso_provider.through_provider(start(started), cast.lead.email)
    other = Client()
    back_at(other, callback)
    assert signed_in_as(other) is None
    # the refusal never reached the provider (the state failed first): the browser that
    # started still finishes
    assert back_at(started, callback).status_code == 302
    assert signed_in_as(started) == cast.lead


def test_a_code_is_used_once(cast):
    linked(cast.lead)
    client = Client()
    callback, _ = sso_provider.through_provider(start(client), cast.lead.email)
    assert back_at(client, callback).status_code == 302
    client.post(reverse("logout"))
    back_at(client, callback)  # replayed: its state is spent, the provider spent the code
    assert signed_in_as(client) is None


def test_pkce_binds_the_code_to_the_request_that_asked_for_it(cast, issuer):
    client = Client()
    authorize = start(client)
    asked = parse_qs(urlsplit(authorize).query)
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) >= 43
    callback, _ = sso_provider.through_provider(authorize, cast.lead.email)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    # the code without its verifier (someone who intercepted it) gets no token
    token = requests.post(
        f"{issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": sso_provider.CLIENT_ID,
            "client_secret": sso_provider.CLIENT_SECRET,
        },
        timeout=10,
    )
    assert token.status_code == 400 and token.json()["error"] == "invalid_grant"
    # an authorization request without a challenge is refused by the provider
    bare = dict(asked)
    bare.pop("code_challenge")
    bare.pop("code_challenge_method")
    response = requests.get(
        f"{issuer}/auth?" + urlencode({k: v[0] for k, v in bare.items()}),
        allow_redirects=False,
        timeout=10,
    )
    assert "error=invalid_request" in response.headers.get("Location", "")


def reauthenticate(client: Client, response):
    """Sent to give the password again: give it, and follow where allauth resumes."""
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate")), response.url
    return client.post(response.url, {"password": PASSWORD})


def test_a_signed_in_person_links_an_identity_after_the_password_again_and_unlinks_it(
    cast, client_for
):
    client = client_for("member")
    page = client.get(reverse("account_security")).content.decode()
    assert "Link Riverside Schools" in page
    callback, _ = sso_provider.through_provider(
        start(client, "connect"), "milo.m@riverside.example"
    )
    back = back_at(client, callback)
    assert not SocialAccount.objects.exists()  # not before the password again
    wrong = client.post(back.url, {"password": "not-the-password"})
    assert wrong.status_code == 200 and not SocialAccount.objects.exists()
    assert reauthenticate(client, back).status_code == 302
    account = SocialAccount.objects.get(provider="district")
    assert account.user == cast.member
    assert SecurityEvent.objects.filter(kind="identity_linked", user=cast.member).exists()
    page = client.get(reverse("account_security")).content.decode()
    assert "milo.m@riverside.example" in page
    # the identity now signs the member in, though its address is no account's
    other = Client()
    assert sso_sign_in(other, "milo.m@riverside.example").status_code == 302
    assert signed_in_as(other) == cast.member
    # unlinking too asks for the password again (here still fresh from linking)
    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    assert SecurityEvent.objects.filter(kind="identity_unlinked", user=cast.member).exists()


def test_a_borrowed_session_cannot_link_an_identity(cast, client_for):
    """Someone at a signed-in browser who does not know the password links nothing."""
    client = client_for("lead")
    callback, _ = sso_provider.through_provider(start(client, "connect"), "mallory@evil.example")
    back = back_at(client, callback)
    assert back.url.startswith(reverse("account_reauthenticate"))
    client.get(reverse("account_security"))  # gives up
    assert not SocialAccount.objects.exists()
    assert sso_sign_in(Client(), "mallory@evil.example").status_code == 302
    assert SocialAccount.objects.get().user.email == "mallory@evil.example"  # a new account


def test_linking_without_a_password_or_an_app_says_what_to_set_up_first(cast):
    client = Client()
    sso_sign_in(client, "nora.new@riverside.example")  # an account with no password
    callback, _ = sso_provider.through_provider(start(client, "connect"), "nora@other.example")
    back = back_at(client, callback)
    assert back.url == reverse("account_security")
    page = client.get(back.url).content.decode()
    assert "your account has neither yet" in page
    assert SocialAccount.objects.filter(uid__iexact="nora@other.example").count() == 0


def test_an_invited_person_joins_by_signing_in_with_the_provider(cast):
    from districts.services import invitation_create

    tokens = []
    invitation_create(
        district=cast.riverside,
        email="ines@riverside.example",
        role="member",
        acting_user=cast.lead,
        accept_url=lambda token: tokens.append(token) or token,
    )
    token = tokens[0]
    client = Client()
    url = reverse("invitation_accept", kwargs={"token": token})
    page = client.get(url).content.decode()
    assert "Sign in with Riverside Schools" in page
    response = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": "district"}) + f"?next={url}"
    )
    callback, _ = sso_provider.through_provider(response.url, "ines@riverside.example")
    back = back_at(client, callback)
    assert back.status_code == 302 and back.url == url  # back at the invitation
    assert "Join" in client.get(url).content.decode()
    client.post(url)
    person = signed_in_as(client)
    assert person.email == "ines@riverside.example"
    assert person.memberships.get().district == cast.riverside


def _domain(cast, mode):
    from districts.joining import domain_add, domain_verify

    domain = domain_add(district=cast.riverside, domain="riverside.example", acting_user=cast.lead)
    domain_verify(domain=domain, acting_user=cast.staff)
    type(cast.riverside).objects.filter(pk=cast.riverside.pk).update(domain_join=mode)


def test_signing_in_with_a_verified_domain_asks_to_join_and_a_lead_approves(cast, client_for):
    from districts.models import JoinRequest

    _domain(cast, "ask")
    client = Client()
    sso_sign_in(client, "pat@riverside.example")
    person = signed_in_as(client)
    assert not person.memberships.exists()
    request = JoinRequest.objects.get(user=person, district=cast.riverside)
    page = client.get("/", follow=True).content.decode()
    assert "You asked to join Riverside School District" in page
    assert "the district appears here once they approve" in page
    client_for("lead").post(
        reverse(
            "districts:join_request",
            kwargs={"district": cast.riverside.code, "join_request": request.code},
        ),
        {"decision": "approve", "role": "member"},
    )
    assert client.get(cast.riverside.get_absolute_url()).status_code == 200


def test_signing_in_with_a_verified_domain_joins_as_a_viewer_when_the_district_says_so(cast):
    _domain(cast, "viewer")
    client = Client()
    sso_sign_in(client, "pat@riverside.example")
    person = signed_in_as(client)
    assert person.memberships.get().role == "viewer"
    assert client.get(cast.riverside.get_absolute_url()).status_code == 200
    # an address of another domain joins nothing; nor does any with the setting off
    other = Client()
    sso_sign_in(other, "sam@elsewhere.example")
    assert not signed_in_as(other).memberships.exists()


def test_nobody_joins_by_domain_when_the_district_has_not_chosen_to(cast):
    _domain(cast, "off")
    client = Client()
    sso_sign_in(client, "pat@riverside.example")
    assert not signed_in_as(client).memberships.exists()


@pytest.mark.parametrize(("tenant", "admitted"), [("organizations", False), ("7f3c2a", True)])
def test_microsofts_addresses_are_trusted_only_from_the_one_tenant_configured(
    cast, settings, rf, tenant, admitted
):
    """Microsoft Graph says nothing of an address's verification and any tenant can set any
    "mail": only the district's own tenant's are trusted."""
    from allauth.core.exceptions import ImmediateHttpResponse
    from allauth.socialaccount.adapter import get_adapter
    from django.contrib.messages.storage.fallback import FallbackStorage

    settings.SOCIALACCOUNT_PROVIDERS = {
        "microsoft": {"APPS": [{"client_id": "x", "secret": "y", "settings": {"tenant": tenant}}]}
    }
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    provider = get_adapter(request).get_provider(request, "microsoft")
    graph = {"id": "42", "mail": "lena.new@example.org", "givenName": "Lena", "surname": "Lead"}
    login = provider.sociallogin_from_response(request, graph)
    if admitted:
        get_adapter(request).pre_social_login(request, login)
        assert [a.verified for a in login.email_addresses] == [True]
    else:
        with pytest.raises(ImmediateHttpResponse):
            get_adapter(request).pre_social_login(request, login)
