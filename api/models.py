import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from districts.validators import one_line

PREFIX = "wpt_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. The token is shown once when created; only its hash is kept.
    It acts as its person, with their roles in every district."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, validators=[one_line])
    hint = models.CharField(max_length=12, editable=False)  # the first characters, to recognise it
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        token = PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user, name=name.strip(), hint=token[:10], token_hash=hash_token(token)
        )
        return row, token

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
