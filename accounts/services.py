import logging

from django.http import HttpRequest

from accounts.models import SecurityEvent
from config.proxies import client_ip

logger = logging.getLogger("waypoint.security")


def sign_in_name(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The email a sign-in attempt names, as the lockout counts it (AXES_USERNAME_CALLABLE):
    letter case and surrounding spaces do not make another account, since any of them signs
    in to the same one."""
    data = credentials or getattr(request, "POST", None) or {}
    return str(data.get("login") or data.get("email") or data.get("username") or "").strip().lower()


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None,
    user=None,
    username: str = "",
    district=None,
) -> SecurityEvent:
    """Write one security-log line to the database and to the `waypoint.security` logger."""
    if user is not None and not user.is_authenticated:
        user = None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:254],
        district=district,
        method=(getattr(request, "method", None) or "")[:10],
        path=(getattr(request, "path", None) or "")[:500],
        ip_address=client_ip(request),
    )
    logger.info(
        "%s user=%s username=%s district=%s %s %s ip=%s",
        kind,
        user.pk if user else "-",
        username or "-",
        district.code if district else "-",
        event.method or "-",
        event.path or "-",
        event.ip_address or "-",
    )
    return event
