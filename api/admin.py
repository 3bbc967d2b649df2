from django.contrib import admin

from api.models import ApiToken
from districts import adminkit


@admin.register(ApiToken)
class ApiTokenAdmin(adminkit.ModelAdmin):
    list_display = (
        "name",
        "user",
        "hint",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_reason",
    )
    search_fields = ("name", "user__email")
    list_select_related = ("user",)
    readonly_fields = ("hint", "token_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # people create their own, on the API tokens page
