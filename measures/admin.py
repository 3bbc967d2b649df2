from django.contrib import admin

from districts import adminkit
from measures.models import DataPoint, Measure, Target


class TargetInline(adminkit.TabularInline):
    model = Target
    extra = 0
    fields = ("year", "value")


@admin.register(Measure)
class MeasureAdmin(adminkit.ModelAdmin):
    list_display = ("name", "district", "strand", "kind", "cadence", "updated_at")
    list_filter = ("strand", "kind", "cadence")
    search_fields = ("name", "district__name")
    list_select_related = ("district",)
    inlines = [TargetInline]


@admin.register(DataPoint)
class DataPointAdmin(adminkit.ModelAdmin):
    list_display = ("measure", "district", "as_of", "value", "updated_at")
    list_select_related = ("measure", "district")
    search_fields = ("measure__name", "district__name")
