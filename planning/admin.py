from django.contrib import admin
from django.db import models

from districts import adminkit
from planning.models import (
    ActionPlan,
    ActionStep,
    EngagementActivity,
    LongTermPlan,
    PlanCell,
    PolicyReview,
)


@admin.register(LongTermPlan)
class LongTermPlanAdmin(adminkit.ModelAdmin):
    list_display = ("district", "first_year", "years", "updated_at")
    list_select_related = ("district",)


@admin.register(PlanCell)
class PlanCellAdmin(adminkit.ModelAdmin):
    list_display = ("district", "year", "strand", "status", "updated_at")
    list_filter = ("strand", "status")
    list_select_related = ("district",)


class ActionStepInline(adminkit.StackedInline):
    model = ActionStep
    extra = 0
    fields = ("position", "description", "due_date", "status")


@admin.register(ActionPlan)
class ActionPlanAdmin(adminkit.ModelAdmin):
    list_display = ("goal", "district", "created_at")
    search_fields = ("goal", "district__name")
    list_select_related = ("district",)
    inlines = [ActionStepInline]


@admin.register(PolicyReview)
class PolicyReviewAdmin(adminkit.ModelAdmin):
    list_display = ("area", "policy_codes", "district", "status", "last_reviewed")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ("status", "is_standard")
    search_fields = ("area", "district__name")
    list_select_related = ("district",)
    # By district (its index), then the checklist's order: the model's order (position
    # across every district) sorted every district's 14 rows for each page.
    ordering = ("district_id", "position")


@admin.register(EngagementActivity)
class EngagementActivityAdmin(adminkit.ModelAdmin):
    list_display = ("title", "district", "date", "spectrum")
    list_filter = ("spectrum",)
    list_select_related = ("district",)
