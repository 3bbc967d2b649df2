"""One client address (config/proxies.py): X-Forwarded-For is believed only as far as
TRUSTED_PROXIES says, and the lockout, allauth's limits and sessions, the board-snapshot
limit, the API's throttles and the security log all count the address it gives.
tests/test_real_stack.py proves the same behind a real nginx."""

import re
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from accounts.models import SecurityEvent
from config.proxies import client_address, client_ip, trusted_proxies
from tests.factories import PASSWORD
from tests.process_helpers import run_manage

PROXY = "10.0.0.2"  # the address the app sees every request come from, behind the proxy


def resolve(remote_addr, forwarded_for, setting):
    return client_address(remote_addr, forwarded_for, trusted_proxies(setting))


# ---------------------------------------------------------------- the function


def test_by_default_the_header_is_ignored_and_the_peer_is_the_client():
    assert resolve("198.51.100.7", "203.0.113.1", "") == "198.51.100.7"
    assert resolve("198.51.100.7", "203.0.113.1", "0") == "198.51.100.7"
    assert resolve("198.51.100.7", None, "") == "198.51.100.7"


def test_a_count_takes_the_address_the_outermost_proxy_wrote():
    # the client wrote "1.1.1.1" itself; our one proxy appended the address it saw
    assert resolve(PROXY, "1.1.1.1, 203.0.113.1", "1") == "203.0.113.1"
    # two proxies: the outer one wrote the client, the inner one the outer one
    assert resolve(PROXY, "1.1.1.1, 203.0.113.1, 10.0.0.9", "2") == "203.0.113.1"
    # fewer entries than proxies (a request that came in past the outer one): the leftmost
    assert resolve(PROXY, "203.0.113.1", "2") == "203.0.113.1"
    # no header at all (a health check straight to the app): the peer
    assert resolve(PROXY, None, "1") == PROXY


def test_ranges_walk_the_header_from_the_right_past_the_trusted_proxies():
    setting = "10.0.0.0/8, 192.168.1.1"
    chain = "1.1.1.1, 203.0.113.1, 192.168.1.1, 10.0.0.9"
    assert resolve(PROXY, chain, setting) == "203.0.113.1"
    # a client inside the ranges with nobody else in front: the leftmost address
    assert resolve(PROXY, "10.1.2.3", setting) == "10.1.2.3"


def test_a_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored():
    assert resolve("198.51.100.7", "203.0.113.1", "10.0.0.0/8") == "198.51.100.7"
    assert resolve("198.51.100.7", "203.0.113.1, 10.0.0.9", "10.0.0.0/8") == "198.51.100.7"


def test_an_entry_that_is_no_address_stops_at_the_hop_that_passed_it_on():
    assert resolve(PROXY, "203.0.113.1, not-an-address, 10.0.0.9", "10.0.0.0/8") == "10.0.0.9"
    assert resolve(PROXY, "203.0.113.1, not-an-address", "1") == PROXY
    assert resolve(PROXY, "203.0.113.1,,", "10.0.0.0/8") == PROXY
    assert resolve(PROXY, "unknown", "1") == PROXY
    assert resolve(PROXY, "", "1") == PROXY
    assert resolve("", "203.0.113.1", "1") is None
    assert resolve(None, "203.0.113.1", "10.0.0.0/8") is None


def test_ports_ipv6_and_ipv4_over_ipv6_are_read_as_their_address():
    assert resolve(PROXY, "203.0.113.1:51234", "1") == "203.0.113.1"
    assert resolve(PROXY, "[2001:db8:1::7]:443", "1") == "2001:db8:1::7"
    assert resolve(PROXY, "2001:DB8:1:0::7", "1") == "2001:db8:1::7"
    assert resolve(PROXY, "fe80::1%eth0", "1") == "fe80::1"
    assert resolve("2001:db8::2", "2001:db8:1::7, 2001:db8::9", "2001:db8::/112") == (
        "2001:db8:1::7"
    )
    assert resolve("::ffff:127.0.0.1", "203.0.113.1", "127.0.0.1") == "203.0.113.1"
    assert resolve(PROXY, "::ffff:203.0.113.1", "1") == "203.0.113.1"


def test_the_setting_is_a_count_or_ranges_and_anything_else_says_what_is_wrong():
    assert trusted_proxies("").count == 0 and not trusted_proxies("").networks
    assert trusted_proxies(2).count == 2
    assert [str(n) for n in trusted_proxies(" 10.0.0.0/8, 127.0.0.1 ,::1").networks] == [
        "10.0.0.0/8",
        "127.0.0.1/32",
        "::1/128",
    ]
    for wrong in ("-1", "1,10.0.0.0/8", "10.0.0.0/33", "proxy.example.org", "10.0.0.0/8,"):
        with pytest.raises(ImproperlyConfigured, match=r"TRUSTED_PROXIES: '.*' is neither"):
            trusted_proxies(wrong)


def test_a_wrong_setting_stops_the_start_with_the_reason():
    result = run_manage("check", TRUSTED_PROXIES="10.0.0.0/8;127.0.0.1")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: '10.0.0.0/8;127.0.0.1' is neither" in result.stderr


def test_the_address_is_worked_out_once_per_request_and_shared_with_drf(settings):
    settings.TRUSTED_PROXIES = "1"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_ip(Request(request)) == "203.0.113.1"
    request.META["HTTP_X_FORWARDED_FOR"] = "203.0.113.99"
    assert client_ip(request) == "203.0.113.1"
    assert client_ip(None) is None


# ---------------------------------------------------------------- everything counts it

READS_AN_ADDRESS = re.compile(r"REMOTE_ADDR|X_FORWARDED_FOR|headers\b.{0,20}forwarded-for", re.I)


def test_nothing_but_config_proxies_reads_the_peer_or_the_header(settings):
    """A new limit or log reading REMOTE_ADDR or X-Forwarded-For itself would count the proxy,
    or believe any client: the project's modules ask config.proxies.client_ip."""
    root = Path(settings.BASE_DIR)
    # devtools only plays clients (the bench signs in from addresses of its own), never limits
    apps = [
        p
        for p in root.iterdir()
        if (p / "__init__.py").exists() and p.name not in ("tests", "devtools")
    ]
    assert len(apps) > 10
    readers = {
        str(path.relative_to(root))
        for app in apps
        for path in app.rglob("*.py")
        if READS_AN_ADDRESS.search(path.read_text())
    }
    assert readers == {"config/proxies.py"}
    assert READS_AN_ADDRESS.search('ip = request.META.get("REMOTE_ADDR")')
    assert READS_AN_ADDRESS.search('request.headers.get("X-Forwarded-For")')
    assert settings.AXES_CLIENT_IP_CALLABLE == "config.proxies.client_ip"
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ]


def behind_proxy(address: str) -> Client:
    """A browser at `address`, reaching the app through one proxy at PROXY."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"login": email, "password": password})


def test_behind_the_proxy_two_people_are_locked_out_apart(cast, settings):
    settings.TRUSTED_PROXIES = "1"
    attacker, lead = behind_proxy("203.0.113.1"), behind_proxy("203.0.113.2")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, cast.lead.email, "wrong-password-again")
    assert sign_in(attacker, cast.lead.email, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.1"}
    assert sign_in(lead, cast.lead.email, PASSWORD).status_code == 302
    # the security log and allauth's record of the session name each one's own address
    failed = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.1"}
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN).ip_address == "203.0.113.2"
    assert UserSession.objects.get(user=cast.lead).ip == "203.0.113.2"


def test_a_header_nobody_trusts_does_not_escape_the_lockout(cast, settings):
    assert settings.TRUSTED_PROXIES == ""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        spoofing = Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        sign_in(spoofing, cast.lead.email, "wrong-password-again")
    spoofing = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert sign_in(spoofing, cast.lead.email, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_allauths_limits_count_the_client_address(settings):
    settings.TRUSTED_PROXIES = "10.0.0.0/8"
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.1"
    )
    assert get_adapter(request).get_client_ip(request) == "203.0.113.1"
    from allauth.core.internal.ratelimit import get_ip

    assert get_ip(request) == "203.0.113.1"


def test_one_client_changing_the_header_is_still_throttled_and_another_is_not(db, settings):
    settings.TRUSTED_PROXIES = "1"
    cache.clear()
    with mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"}):
        changing = [
            Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 203.0.113.1")
            .get("/api/v1/districts/")
            .status_code
            for n in range(3)
        ]
        other = behind_proxy("203.0.113.2").get("/api/v1/districts/").status_code
    cache.clear()
    assert changing == [401, 401, 429]
    assert other == 401


def test_the_board_snapshot_limit_counts_each_client_apart(db, settings):
    from dashboards.snapshots import VIEWS_PER_MINUTE

    settings.TRUSTED_PROXIES = "1"
    cache.clear()
    reader, other = behind_proxy("203.0.113.1"), behind_proxy("203.0.113.2")
    statuses = [reader.get("/board/no-such-link/").status_code for _ in range(VIEWS_PER_MINUTE)]
    assert statuses == [404] * VIEWS_PER_MINUTE
    assert reader.get("/board/no-such-link/").status_code == 429
    assert other.get("/board/no-such-link/").status_code == 404
    cache.clear()
