from django.contrib import admin

from districts import adminkit
from schools.models import School


@admin.register(School)
class SchoolAdmin(adminkit.ModelAdmin):
    list_display = ("name", "district", "nces_id", "closed_at", "updated_at")
    list_filter = ("closed_at",)
    search_fields = ("name", "nces_id", "district__name")
    list_select_related = ("district",)
