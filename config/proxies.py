"""The client's address, the one every limit and log uses: the sign-in lockout (django-axes),
allauth's rate limits and its record of sessions, the board-snapshot limit, the API's
throttles and the security log.

TRUSTED_PROXIES says who may speak for the client in `X-Forwarded-For`:

- empty (the default): nobody; the address is the peer's (REMOTE_ADDR) and the header is
  ignored, as it must be when clients reach the app directly;
- a count, `1`: that many proxies stand in front of the app and each appends the address it
  was reached from (nginx's `$proxy_add_x_forwarded_for`); the client is the address the
  outermost one wrote. Only right when the app cannot be reached except through them;
- address ranges, `10.0.0.0/8,127.0.0.1`: the proxies' own addresses. If the peer is one of
  them, the header is read from the right past every address in the ranges; the first one
  outside them is the client.

Whatever a client writes into the header itself stands to the left of what the proxies
append, so it is never reached. An entry that is not an address stops the walk: the client is
then the last trusted hop, the one that passed the entry on.
"""

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    count: int = 0
    networks: tuple[Network, ...] = ()

    def trusts(self, hop: int, address: Address) -> bool:
        """Whether the hop-th address from the app (0: the peer itself) is one of ours."""
        if self.networks:
            return any(address in network for network in self.networks)
        return hop < self.count


@lru_cache(maxsize=8)
def trusted_proxies(value: str | int | None) -> TrustedProxies:
    """TRUSTED_PROXIES read: a count of proxies, or comma-separated addresses and ranges.
    Raises ImproperlyConfigured with the entry at fault, so a typo stops the start-up rather
    than trusting too much or too little."""
    text = str(value if value is not None else "").strip()
    if not text:
        return TrustedProxies()
    if text.isascii() and text.isdigit():
        return TrustedProxies(count=int(text))
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is neither a count of proxies (such as 1) nor an "
                "address or range of your proxies (such as 10.0.0.0/8 or 127.0.0.1); give one "
                "count, or addresses and ranges separated by commas."
            ) from None
    return TrustedProxies(networks=tuple(networks))


def parse_address(text: str | None) -> Address | None:
    """An address as a proxy or a server writes it (`192.0.2.1`, `192.0.2.1:443`, `2001:db8::1`,
    `[2001:db8::1]:443`) as the one address it names: an IPv4 address seen over IPv6
    (`::ffff:192.0.2.1`) as that IPv4 address, without a zone (`%eth0`, which no database
    column takes). None for anything else."""
    text = (text or "").strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(
    remote_addr: str | None, forwarded_for: str | None, trusted: TrustedProxies
) -> str | None:
    """The client's address from the peer's and the X-Forwarded-For header (module docstring);
    None when even the peer's is not an address."""
    hops = [remote_addr]
    if forwarded_for and (trusted.count or trusted.networks):
        hops += reversed(forwarded_for.split(","))
    client = None
    for hop, text in enumerate(hops):
        address = parse_address(text)
        if address is None:
            break
        client = address
        if not trusted.trusts(hop, address):
            break
    return str(client) if client is not None else None


def client_ip(request) -> str | None:
    """The client's address for this request (a Django or a DRF request), worked out once and
    kept on the request."""
    from django.conf import settings

    if request is None:
        return None
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    if not hasattr(request, "_client_ip"):
        request._client_ip = client_address(
            request.META.get("REMOTE_ADDR"),
            request.META.get("HTTP_X_FORWARDED_FOR"),
            trusted_proxies(settings.TRUSTED_PROXIES),
        )
    return request._client_ip
