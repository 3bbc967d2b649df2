from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import redirect

from districts import adminkit
from districts.access import coach_candidates
from districts.models import (
    CoachAssignment,
    Cohort,
    CohortDistrict,
    CohortFacilitator,
    District,
    Invitation,
    Membership,
)


class MembershipInline(adminkit.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)


class CoachesOnly:
    """A coach is chosen from the people who can coach (districts.access.coach_candidates),
    in the admin as in the app: the form accepts no one else, and the search box finds no
    one else (accounts.admin.PersonAdmin.get_search_results)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "coach":
            kwargs["queryset"] = coach_candidates()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CoachAssignmentInline(CoachesOnly, adminkit.TabularInline):
    model = CoachAssignment
    extra = 1
    autocomplete_fields = ("coach",)


@admin.register(District)
class DistrictAdmin(adminkit.ModelAdmin):
    list_display = ("name", "state", "code", "created_at")
    list_filter = ("state",)
    search_fields = ("name", "code")
    readonly_fields = ("code", "created_at")
    inlines = [MembershipInline, CoachAssignmentInline]

    # Deleting a district moves it to the trash (trash.views), after offering its whole
    # record: never the admin's own delete, which would remove every row and file at once.
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        district = self.get_object(request, unquote(object_id))
        if district is None:
            raise Http404("There is no such district.")
        return redirect("trash:district_trash", district=district.code)


@admin.register(Membership)
class MembershipAdmin(adminkit.ModelAdmin):
    list_display = ("user", "district", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "district__name")
    autocomplete_fields = ("user", "district")
    list_select_related = ("user", "district")


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(CoachesOnly, adminkit.ModelAdmin):
    list_display = ("coach", "district", "created_at")
    search_fields = ("coach__email", "coach__full_name", "district__name")
    autocomplete_fields = ("coach", "district")
    list_select_related = ("coach", "district")


class CohortFacilitatorInline(adminkit.TabularInline):
    model = CohortFacilitator
    autocomplete_fields = ("user",)
    extra = 1
    verbose_name = "facilitator"


class CohortDistrictInline(adminkit.TabularInline):
    model = CohortDistrict
    autocomplete_fields = ("district",)
    extra = 1
    verbose_name = "district"


@admin.register(Cohort)
class CohortAdmin(adminkit.ModelAdmin):
    list_display = ("name", "code", "created_at")
    search_fields = ("name",)
    inlines = (CohortFacilitatorInline, CohortDistrictInline)
    readonly_fields = ("code", "created_at")


@admin.register(Invitation)
class InvitationAdmin(adminkit.ModelAdmin):
    list_display = ("email", "district", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "district__name")
    list_select_related = ("district",)
    readonly_fields = (
        "code",
        "token_hash",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    )
    autocomplete_fields = ("district",)

    def has_add_permission(self, request):
        return False  # invitations are sent from the district's members page
