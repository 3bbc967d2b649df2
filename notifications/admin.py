from django.contrib import admin

from districts.adminkit import ModelAdmin
from notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ModelAdmin):
    """The outbox, for the staff: what failed and why (retried with a growing wait)."""

    list_display = ["notice", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    readonly_fields = ["notice", "attempts", "claimed_at", "sent_at", "last_error"]
    search_fields = ["notice__recipient__email", "notice__title"]
