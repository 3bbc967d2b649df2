from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiToken, hash_token

MAKE_ANOTHER = "Its owner can make a new one on the API tokens page of Waypoint."


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with a personal token created in the app, until it
    expires or ends (401, saying which and when: only the token's holder reads it)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send one token: Authorization: Bearer <token>.")
        try:
            token = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid.") from error
        row = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        if row is None or not row.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid or was revoked.")
        if row.revoked_at is not None:
            why = row.get_revoked_reason_display() or ApiToken.Ended.REVOKED.label
            day = timezone.localdate(row.revoked_at)
            raise exceptions.AuthenticationFailed(
                f"This token ended on {day}: {why}. {MAKE_ANOTHER}"
            )
        now = timezone.now()
        if row.expires_at <= now:
            day = timezone.localdate(row.expires_at)
            raise exceptions.AuthenticationFailed(f"This token expired on {day}. {MAKE_ANOTHER}")
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user, row

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token."}
