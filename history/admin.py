from django.contrib import admin

from districts import adminkit
from history.models import Change


@admin.register(Change)
class ChangeAdmin(adminkit.ModelAdmin):
    """Read-only: a change is kept as it was made (by the service that made the write)."""

    list_display = ("changed_at", "district", "kind", "title", "changed_by")
    list_filter = ("kind",)
    list_select_related = ("district", "changed_by")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
