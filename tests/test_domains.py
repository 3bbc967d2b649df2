"""Joining a district by a verified email domain: listing and verifying domains (by staff, or
by a DNS TXT record looked up from a real DNS server the test starts on a loopback port),
the district's setting, and the leads' decisions. The sign-ins themselves, through a real
identity provider, are in tests/test_sign_in_sso.py."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSServer

from districts.joining import (
    domain_add,
    domain_check_dns,
    join_by_domain,
    normalise_domain,
)
from districts.models import DomainJoin, EmailDomain, JoinRequest, Membership
from tests.factories import UserFactory
from tests.sso_provider import free_port


class Records(BaseResolver):
    """A DNS zone of TXT records, answered over the real protocol."""

    def __init__(self):
        self.txt: dict[str, list[str]] = {}

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        if name not in self.txt:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.TXT:
            for value in self.txt[name]:
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(value), ttl=60))
        return reply


@pytest.fixture(scope="module")
def dns_zone():
    records = Records()
    port = free_port()
    server = DNSServer(records, port=port, address="127.0.0.1")
    server.start_thread()
    yield records, port
    server.stop()


@pytest.fixture
def dns(settings, dns_zone):
    records, port = dns_zone
    records.txt.clear()
    settings.DOMAIN_DNS_LOOKUPS = True
    settings.DOMAIN_DNS_NAMESERVERS = [f"127.0.0.1:{port}"]
    settings.DOMAIN_DNS_TIMEOUT = 2.0
    return records


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("riverside.k12.me.us", "riverside.k12.me.us"),
        ("  @Riverside.K12.ME.us. ", "riverside.k12.me.us"),
        ("bücher.example", "xn--bcher-kva.example"),
    ],
)
def test_a_domain_is_kept_as_dns_writes_it(typed, domain):
    assert normalise_domain(typed) == domain


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "localhost",
        "lena@riverside.example",
        "https://riverside.example/",
        "10.0.0.1",
        "-a.example",
    ],
)
def test_what_is_not_a_domain_is_refused_with_what_to_type(typed):
    with pytest.raises(ValidationError, match="after the @"):
        normalise_domain(typed)


def test_a_lead_lists_a_domain_and_proves_it_by_its_dns_record(cast, client_for, dns):
    client = client_for("lead")
    members = reverse("districts:members", kwargs={"district": cast.riverside.code})
    response = client.post(
        reverse("districts:domain_new", kwargs={"district": cast.riverside.code}),
        {"domain": "Riverside.K12.ME.us"},
    )
    assert response.status_code == 302
    domain = EmailDomain.objects.get()
    page = client.get(members).content.decode()
    assert domain.txt_record in page and "not verified yet" in page
    verify = reverse(
        "districts:domain_verify", kwargs={"district": cast.riverside.code, "domain": domain.code}
    )
    # no record yet: a clear refusal
    page = client.post(verify, follow=True).content.decode()
    assert "No TXT record" in page
    domain.refresh_from_db()
    assert not domain.verified
    # another value does not count; the right one does
    dns.txt["riverside.k12.me.us"] = ["v=spf1 -all", "waypoint-verification=someone-else"]
    client.post(verify)
    domain.refresh_from_db()
    assert not domain.verified
    dns.txt["riverside.k12.me.us"].append(domain.txt_record)
    page = client.post(verify, follow=True).content.decode()
    assert "riverside.k12.me.us is verified" in page
    domain.refresh_from_db()
    assert domain.verification == "dns"


def test_a_dns_that_does_not_answer_is_said_so(cast, settings):
    settings.DOMAIN_DNS_LOOKUPS = True
    settings.DOMAIN_DNS_NAMESERVERS = [f"127.0.0.1:{free_port()}"]  # nothing listens
    settings.DOMAIN_DNS_TIMEOUT = 0.5
    domain = domain_add(district=cast.riverside, domain="riverside.example", acting_user=cast.lead)
    with pytest.raises(ValidationError, match="did not answer"):
        domain_check_dns(domain=domain)


def test_without_dns_lookups_staff_verify(cast, client_for, settings):
    settings.DOMAIN_DNS_LOOKUPS = False
    domain = domain_add(district=cast.riverside, domain="riverside.example", acting_user=cast.lead)
    verify = reverse(
        "districts:domain_verify", kwargs={"district": cast.riverside.code, "domain": domain.code}
    )
    page = client_for("lead").post(verify, follow=True).content.decode()
    assert "does not look up DNS records" in page
    assert client_for("member").post(verify).status_code == 403
    assert client_for("outsider").post(verify).status_code == 404
    client_for("staff").post(verify)
    domain.refresh_from_db()
    assert domain.verification == "staff" and domain.verified_by == cast.staff


def test_a_verified_domain_is_one_districts_only(cast):
    mine = domain_add(district=cast.riverside, domain="shared.example", acting_user=cast.lead)
    theirs = domain_add(district=cast.hillcrest, domain="shared.example", acting_user=cast.staff)
    from districts.joining import domain_verify

    domain_verify(domain=mine, acting_user=cast.staff)
    with pytest.raises(ValidationError, match="already verified for another district"):
        domain_verify(domain=theirs, acting_user=cast.staff)
    with pytest.raises(ValidationError, match="already verified for another district"):
        domain_add(
            district=cast.outsider_membership.district,
            domain="shared.example",
            acting_user=cast.staff,
        )


def _verified(cast, domain="riverside.example", mode=DomainJoin.ASK):
    from districts.joining import domain_verify

    found = domain_add(district=cast.riverside, domain=domain, acting_user=cast.lead)
    domain_verify(domain=found, acting_user=cast.staff)
    type(cast.riverside).objects.filter(pk=cast.riverside.pk).update(domain_join=mode)
    return found


def test_nobody_joins_by_domain_without_the_districts_setting(cast):
    _verified(cast, mode=DomainJoin.OFF)
    person = UserFactory(email="pat@riverside.example")
    assert join_by_domain(user=person, emails=[person.email]) == []
    assert not Membership.objects.filter(user=person).exists()
    assert not JoinRequest.objects.exists()


def test_an_unverified_domain_admits_nobody(cast):
    domain_add(district=cast.riverside, domain="riverside.example", acting_user=cast.lead)
    type(cast.riverside).objects.filter(pk=cast.riverside.pk).update(domain_join=DomainJoin.VIEWER)
    person = UserFactory(email="pat@riverside.example")
    assert join_by_domain(user=person, emails=[person.email]) == []


def test_leads_approve_or_decline_who_asks(cast, client_for):
    _verified(cast)
    asking = UserFactory(email="pat@riverside.example", full_name="Pat Principal")
    other = UserFactory(email="quinn@riverside.example", full_name="Quinn Q")
    join_by_domain(user=asking, emails=[asking.email])
    join_by_domain(user=asking, emails=[asking.email])  # once, however often they sign in
    join_by_domain(user=other, emails=[other.email])
    assert JoinRequest.objects.filter(user=asking).count() == 1
    lead = client_for("lead")
    page = lead.get(reverse("districts:members", kwargs={"district": cast.riverside.code}))
    assert "Asking to join (2)" in page.content.decode()
    first, second = JoinRequest.objects.order_by("pk")
    url = reverse(
        "districts:join_request",
        kwargs={"district": cast.riverside.code, "join_request": first.code},
    )
    assert client_for("member").post(url, {"decision": "approve"}).status_code == 403
    assert client_for("outsider").post(url, {"decision": "approve"}).status_code == 404
    refused = lead.post(url, {"decision": "approve", "role": "owner"}, follow=True)
    assert "Select a valid choice" in refused.content.decode()
    assert not Membership.objects.filter(user=asking, district=cast.riverside).exists()
    refused = lead.post(url, {}, follow=True)
    assert "Approve or decline the request." in refused.content.decode()
    lead.post(url, {"decision": "approve", "role": "member"})
    assert Membership.objects.get(user=asking, district=cast.riverside).role == "member"
    lead.post(
        reverse(
            "districts:join_request",
            kwargs={"district": cast.riverside.code, "join_request": second.code},
        ),
        {"decision": "decline"},
    )
    second.refresh_from_db()
    assert second.approved is False and not Membership.objects.filter(user=other).exists()


def test_the_district_chooses_who_joins_by_domain(cast, client_for):
    url = reverse("districts:joining", kwargs={"district": cast.riverside.code})
    assert client_for("member").post(url, {"domain_join": "viewer"}).status_code == 403
    client_for("lead").post(url, {"domain_join": "viewer"})
    cast.riverside.refresh_from_db()
    assert cast.riverside.domain_join == "viewer"
    client_for("lead").post(url, {"domain_join": "everyone"})
    cast.riverside.refresh_from_db()
    assert cast.riverside.domain_join == "viewer"


def test_a_lead_removes_a_domain_after_asking_and_who_joined_by_it_stays(cast, client_for):
    found = _verified(cast, mode=DomainJoin.VIEWER)
    joined = UserFactory(email="pat@riverside.example")
    join_by_domain(user=joined, emails=[joined.email])
    remove = reverse(
        "districts:domain_remove", kwargs={"district": cast.riverside.code, "domain": found.code}
    )
    assert client_for("member").post(remove).status_code == 403
    asked = client_for("lead").get(remove).content.decode()
    assert "Remove the email domain riverside.example?" in asked
    assert "those who joined by it stay members" in asked
    assert EmailDomain.objects.filter(pk=found.pk).exists()  # asking removes nothing
    done = client_for("lead").post(remove, follow=True).content.decode()
    assert "Removed: the email domain riverside.example." in done
    assert not EmailDomain.objects.filter(pk=found.pk).exists()
    assert Membership.objects.filter(user=joined, district=cast.riverside).exists()
    later = UserFactory(email="sam@riverside.example")
    assert join_by_domain(user=later, emails=[later.email]) == []


def test_a_domain_vouches_for_the_people_of_the_district_that_verified_it(cast):
    """What lets a provider configured for the domain sign in to an existing account
    (accounts.adapters.may_link_by_email): a verified domain of a district the person belongs
    to; not one still unverified, not another district's, not a district they only coach."""
    from districts.joining import domain_verify, is_member_by_domain

    listed = domain_add(district=cast.riverside, domain="riverside.example", acting_user=cast.lead)
    assert not is_member_by_domain(user=cast.member, domain="riverside.example")
    domain_verify(domain=listed, acting_user=cast.staff)
    assert is_member_by_domain(user=cast.member, domain="Riverside.Example")
    assert not is_member_by_domain(user=cast.outsider, domain="riverside.example")
    assert not is_member_by_domain(user=cast.coach, domain="riverside.example")
    assert not is_member_by_domain(user=cast.member, domain="outer.example")
