import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from districts.models import Coded
from districts.validators import one_line

PREFIX = "wpt_"
# How long a token lasts, chosen when it is made: 90 days unless its owner chooses otherwise,
# never more than a year.
LIFETIMES = (30, 90, 180, 365)
DEFAULT_LIFETIME = 90
MAX_LIFETIME = 365


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Not ended and not expired: what signs in."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def end(self, *, reason: str) -> int:
        """End these tokens (those still active) for `reason`; how many ended."""
        return self.active().update(revoked_at=timezone.now(), revoked_reason=reason)

    end.alters_data = True


class ApiToken(Coded):
    """A personal API token. The token is shown once when created; only its hash is kept.
    It acts as its person, with their roles in every district, until it expires or ends: its
    owner revokes it, their password changes or is reset, they turn two-step sign-in off, or
    their account is deactivated (api.receivers)."""

    class Ended(models.TextChoices):
        REVOKED = "revoked", "revoked by its owner"
        PASSWORD = "password", "the password changed or was reset"
        TWO_STEP_OFF = "two_step_off", "two-step sign-in was turned off"
        DEACTIVATED = "deactivated", "the account was deactivated"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, validators=[one_line])
    hint = models.CharField(max_length=12, editable=False)  # the first characters, to recognise it
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    # When and why it ended before it expired.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=12, choices=Ended.choices, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, name: str, days: int = DEFAULT_LIFETIME) -> tuple["ApiToken", str]:
        if not 1 <= days <= MAX_LIFETIME:
            raise ValidationError({"days": f"A token lasts at most {MAX_LIFETIME} days."})
        token = PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user,
            name=name.strip(),
            hint=token[:10],
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return row, token

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.revoked_reason = self.Ended.REVOKED
        self.save(update_fields=["revoked_at", "revoked_reason"])

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
