from django.contrib import admin, messages
from django.utils import timezone
from django.utils.text import Truncator

from districts.adminkit import ModelAdmin
from notifications.models import Delivery, Kind, kind_label


class KindFilter(admin.SimpleListFilter):
    """The kinds by their names (the column keeps no choices: notifications.models.Kind)."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return Kind.choices

    def queryset(self, request, queryset):
        return queryset.filter(notice__kind=self.value()) if self.value() else queryset


@admin.register(Delivery)
class DeliveryAdmin(ModelAdmin):
    """The outbox, for the staff: what failed and why. A failure that may pass is retried
    with a growing wait; an email that can never be sent (a line break in a header, an
    address that is not one, a permanent refusal) is failed at once. Once the cause is
    fixed (the person's address corrected), "Send again" puts it back in the outbox."""

    list_display = ["notice", "kind", "status", "attempts", "why", "next_attempt_at", "sent_at"]
    list_filter = ["status", KindFilter]
    list_select_related = ["notice__recipient"]
    readonly_fields = ["notice", "attempts", "claimed_at", "sent_at", "last_error"]
    search_fields = ["notice__recipient__email", "notice__title"]
    actions = ["send_again"]

    @admin.display(description="Kind", ordering="notice__kind")
    def kind(self, delivery: Delivery) -> str:
        return kind_label(delivery.notice.kind)

    @admin.display(description="Why it failed", ordering="last_error")
    def why(self, delivery: Delivery) -> str:
        if delivery.status == Delivery.Status.SENT:
            return ""  # sent in the end: an earlier try's error no longer matters
        return Truncator(delivery.last_error).chars(120)

    @admin.action(description="Send the chosen failed emails again")
    def send_again(self, request, queryset):
        count = queryset.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            f"{count} email{'s' if count != 1 else ''} back in the outbox: the sweep sends "
            "them within a minute.",
            messages.SUCCESS,
        )
