from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from accounts.models import SecurityEvent, User
from districts import adminkit


class PersonCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class PersonAdmin(adminkit.NamedFieldsMixin, UserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "is_staff", "is_coach", "is_active", "last_login")
    search_fields = ("email", "full_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "is_coach")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def get_search_results(self, request, queryset, search_term):
        """The search box of a coach's field (a coach assignment's) finds only the people who
        can coach."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "coach":
            from districts.access import coach_candidates

            found = found.filter(pk__in=coach_candidates().values("pk"))
        return found, duplicates


@admin.register(SecurityEvent)
class SecurityEventAdmin(adminkit.ModelAdmin):
    list_display = ("created_at", "kind", "user", "username", "district", "method", "path")
    list_filter = ("kind",)
    search_fields = ("username", "user__email", "path")
    date_hierarchy = "created_at"
    list_select_related = ("user", "district")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
