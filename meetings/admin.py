from django.contrib import admin

from districts import adminkit
from meetings.models import AgendaItem, Meeting, ProblemOfPractice, Protocol


class AgendaInline(adminkit.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(adminkit.ModelAdmin):
    list_display = ("title", "cohort", "first_date", "second_date", "location")
    list_filter = ("cohort",)
    list_select_related = ("cohort",)
    inlines = [AgendaInline]
    filter_horizontal = ("attending",)


@admin.register(Protocol)
class ProtocolAdmin(adminkit.ModelAdmin):
    list_display = ("name",)


@admin.register(ProblemOfPractice)
class ProblemAdmin(adminkit.ModelAdmin):
    list_display = ("meeting", "district", "kind", "share_with_cohort", "created_at")
    list_filter = ("kind", "share_with_cohort")
    list_select_related = ("meeting", "district")
