from django.contrib import admin

from districts import adminkit
from rubrics.models import (
    AssessmentRound,
    Comment,
    Descriptor,
    Dimension,
    Domain,
    Framework,
    Level,
    RoundReopening,
)


class LevelInline(adminkit.TabularInline):
    model = Level
    extra = 0


class DomainInline(adminkit.TabularInline):
    model = Domain
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(adminkit.ModelAdmin):
    """Frameworks are loaded from data files (manage.py load_frameworks); the admin shows
    them. A framework that rounds used is never edited: load a new version instead."""

    list_display = ("name", "slug", "version", "created_at")
    search_fields = ("name", "slug")
    readonly_fields = ("content_hash", "created_at")
    inlines = [LevelInline, DomainInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.rounds.exists()


class DescriptorInline(adminkit.StackedInline):
    model = Descriptor
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(adminkit.ModelAdmin):
    list_display = ("name", "domain", "position")
    list_filter = ("domain__framework",)
    search_fields = ("name",)
    inlines = [DescriptorInline]
    list_select_related = ("domain",)


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(adminkit.ModelAdmin):
    list_display = ("title", "district", "framework", "status", "shared_with", "submitted_at")
    list_filter = ("status", "shared_with")
    search_fields = ("title", "district__name")
    list_select_related = ("district", "framework")
    readonly_fields = ("code", "created_at", "submitted_at", "reviewed_at")


@admin.register(RoundReopening)
class RoundReopeningAdmin(adminkit.ModelAdmin):
    list_display = ("round", "reopened_by", "reopened_at")
    list_select_related = ("round__district", "reopened_by")


@admin.register(Comment)
class CommentAdmin(adminkit.ModelAdmin):
    list_display = ("round", "author", "created_at")
    list_select_related = ("round__district", "author")
    search_fields = ("body",)
