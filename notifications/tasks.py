from celery import shared_task

from notifications import services


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def delivery_send(delivery_id: int) -> str:
    """Send one email of the outbox (notifications.services.deliver)."""
    return services.deliver(delivery_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def deliveries_sweep() -> dict:
    """Every minute (CELERY_BEAT_SCHEDULE): retries and emails the broker lost."""
    return services.deliveries_sweep()


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def digests_daily() -> int:
    """Every morning (CELERY_BEAT_SCHEDULE), after the reminders: the digests; and the
    unsubscribe links that ended a year ago are forgotten."""
    services.unsubscribe_links_forget()
    return services.digests_make()
