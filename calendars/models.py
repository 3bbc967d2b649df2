"""A person's private calendar feed: a secret address their calendar app reads (it cannot
sign in), shown once when made; only its hash is kept. Resetting or stopping it ends the old
address at once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

PREFIX = "wpc_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user) -> tuple["CalendarFeed", str]:
        """A new secret address for the person, replacing any earlier one."""
        token = PREFIX + secrets.token_urlsafe(32)
        cls.objects.filter(user=user).delete()
        feed = cls.objects.create(user=user, token_hash=hash_token(token), hint=token[:8])
        return feed, token

    @classmethod
    def find(cls, token: str) -> "CalendarFeed | None":
        if not token.startswith(PREFIX):
            return None
        return (
            cls.objects.filter(token_hash=hash_token(token), user__is_active=True)
            .select_related("user")
            .first()
        )
