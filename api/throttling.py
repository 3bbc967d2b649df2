"""The API's throttles: DRF's, with the address counted as the client's, as the trusted
proxies give it (config.proxies). DRF's own get_ident believes any X-Forwarded-For, so a
client that changed it on each request was never throttled."""

from rest_framework import throttling

from config.proxies import client_ip


class ClientAddress:
    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"


class AnonRateThrottle(ClientAddress, throttling.AnonRateThrottle):
    """Requests without a person (refused or not), per client address."""


class UserRateThrottle(ClientAddress, throttling.UserRateThrottle):
    """Requests per person; a request without one, per client address."""
