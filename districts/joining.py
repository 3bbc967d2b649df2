"""Joining a district by a verified email domain.

A district's leads list its email domains; a domain counts once verified, by Waypoint's staff
or by a DNS TXT record that proves the district controls it. When someone signs in with an
identity provider whose verified email is of such a domain and does not belong to the
district, the district's setting (District.domain_join) decides: nothing (the default), a
request its leads approve or decline, or a viewer's membership at once. Nobody ever joins a
district by domain without that district's setting.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from districts.access import TEAM, related_district_ids
from districts.models import District, DomainJoin, EmailDomain, JoinRequest, Membership, Role

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_domain(text: str) -> str:
    """The domain of "@Riverside.K12.ME.us" or "riverside.k12.me.us": lower case, IDNA, with
    at least one dot and no address or path; else a ValidationError saying what to type."""
    domain = str(text or "").strip().lower().lstrip("@").rstrip(".")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    labels = domain.split(".")
    if (
        len(domain) > 253
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ValidationError(
            {
                "domain": "Enter the part of your district’s email addresses after the @, "
                "for example riverside.k12.me.us."
            }
        )
    return domain


def domain_add(*, district: District, domain: str, acting_user) -> EmailDomain:
    domain = normalise_domain(domain)
    if EmailDomain.objects.filter(district=district, domain=domain).exists():
        raise ValidationError({"domain": f"{domain} is already listed."})
    if EmailDomain.objects.filter(domain=domain, verified_at__isnull=False).exists():
        raise ValidationError(
            {
                "domain": f"{domain} is already verified for another district. Ask Waypoint’s "
                "staff if it is yours."
            }
        )
    return EmailDomain.objects.create(district=district, domain=domain, added_by=acting_user)


def _verify(domain: EmailDomain, *, how: str, acting_user=None) -> EmailDomain:
    if domain.verified:
        return domain
    domain.verified_at = timezone.now()
    domain.verification = how
    domain.verified_by = acting_user
    try:
        with transaction.atomic():
            domain.save(update_fields=["verified_at", "verification", "verified_by"])
    except IntegrityError:
        domain.verified_at = None
        raise ValidationError(
            f"{domain.domain} is already verified for another district."
        ) from None
    return domain


def domain_verify(*, domain: EmailDomain, acting_user) -> EmailDomain:
    """Waypoint's staff vouch for the domain (they checked with the district)."""
    return _verify(domain, how=EmailDomain.Verification.STAFF, acting_user=acting_user)


def txt_records(name: str) -> list[str]:
    """The TXT strings of a DNS name, by the resolver the settings name
    (DOMAIN_DNS_NAMESERVERS: "host" or "host:port"; the machine's own by default)."""
    import dns.resolver  # dnspython, loaded by the first lookup a process makes

    resolver = dns.resolver.Resolver(configure=not settings.DOMAIN_DNS_NAMESERVERS)
    if settings.DOMAIN_DNS_NAMESERVERS:
        resolver.nameservers = []
        for server in settings.DOMAIN_DNS_NAMESERVERS:
            host, _, port = server.partition(":")
            resolver.nameservers.append(host)
            if port:
                resolver.port = int(port)
    resolver.lifetime = settings.DOMAIN_DNS_TIMEOUT
    answer = resolver.resolve(name, "TXT")
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]


def domain_check_dns(*, domain: EmailDomain) -> EmailDomain:
    """Verified if the domain's DNS holds its TXT record; else a ValidationError saying why."""
    import dns.exception
    import dns.resolver

    if not settings.DOMAIN_DNS_LOOKUPS:
        raise ValidationError(
            "This Waypoint does not look up DNS records. Ask Waypoint’s staff to verify the domain."
        )
    try:
        found = txt_records(domain.domain)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        found = []
    except dns.exception.DNSException:
        raise ValidationError(
            f"The DNS of {domain.domain} did not answer. Try again in a few minutes."
        ) from None
    if domain.txt_record not in found:
        raise ValidationError(
            f"No TXT record “{domain.txt_record}” was found on {domain.domain}. DNS changes "
            "can take an hour to be seen; try again later."
        )
    return _verify(domain, how=EmailDomain.Verification.DNS)


def joining_set(*, district: District, mode: str, acting_user) -> None:
    if mode not in DomainJoin.values:
        raise ValidationError({"domain_join": "Choose one of the three."})
    District.objects.filter(pk=district.pk).update(domain_join=mode)


def join_by_domain(*, user, emails: list[str]) -> list[tuple[District, str]]:
    """After a sign-in with an identity provider: for each verified email's domain verified
    by a district that lets people join by it, and that the person does not belong to, a
    request ("asked") or a viewer's membership ("joined")."""
    domains = {email.rsplit("@", 1)[-1].lower() for email in emails if "@" in email}
    found = (
        EmailDomain.objects.filter(domain__in=domains, verified_at__isnull=False)
        .exclude(district__domain_join=DomainJoin.OFF)
        .exclude(district__in=related_district_ids(user, TEAM, trashed_too=True))
        .select_related("district")
    )
    done = []
    for domain in found:
        district = domain.district
        if district.domain_join == DomainJoin.VIEWER:
            Membership.objects.get_or_create(
                district=district, user=user, defaults={"role": Role.VIEWER}
            )
            done.append((district, "joined"))
        else:
            JoinRequest.objects.get_or_create(district=district, user=user, decided_at=None)
            done.append((district, "asked"))
    return done


def is_member_by_domain(*, user, domain: str) -> bool:
    """Whether `domain` is a verified email domain of a district the person belongs to (as
    its lead, member or viewer): the district vouches for its addresses, so an identity
    provider configured for the domain may sign its people in to their accounts
    (accounts.adapters.may_link_by_email). Coaching or facilitating a district is not
    belonging to it."""
    return EmailDomain.objects.filter(
        domain=domain.lower(),
        verified_at__isnull=False,
        district__in=related_district_ids(user, TEAM, trashed_too=True),
    ).exists()


def requests_waiting(user) -> list[JoinRequest]:
    """The districts the person asked to join and whose leads have not decided yet."""
    return list(
        JoinRequest.objects.filter(user=user, decided_at__isnull=True).select_related("district")
    )


def join_request_decide(*, request: JoinRequest, approve: bool, role: str, acting_user) -> None:
    if request.decided_at is not None:
        return
    if approve and role not in Role.values:
        raise ValidationError({"role": "Choose lead, member or viewer."})
    with transaction.atomic():
        request.decided_at = timezone.now()
        request.decided_by = acting_user
        request.approved = approve
        request.save(update_fields=["decided_at", "decided_by", "approved"])
        if approve:
            Membership.objects.get_or_create(
                district=request.district, user=request.user, defaults={"role": role}
            )


def on_provider_sign_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    """allauth's user_logged_in: a sign-in with an identity provider may join or ask to join
    the districts of its verified email's domain (their setting decides)."""
    if sociallogin is None:
        return
    verified = [a.email for a in sociallogin.email_addresses if a.verified] or [user.email]
    from django.contrib import messages

    for district, what in join_by_domain(user=user, emails=verified):
        if what == "joined":
            messages.success(request, f"You joined {district.name} as a viewer.")
        else:
            messages.info(
                request,
                f"You asked to join {district.name}. Its leads will decide; you will see it "
                "here once they approve.",
            )
