from django.contrib import admin

from districts import adminkit
from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(adminkit.ModelAdmin):
    list_display = ("kind", "subject", "requested_by", "status", "progress", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("requested_by",)
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
