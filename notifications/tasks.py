from celery import shared_task
from django.conf import settings

from notifications import services

# A sender stops taking emails after EMAIL_SENDER_SECONDS; its last email may then wait on
# the mail server up to EMAIL_TIMEOUT per exchange. Under the broker's visibility timeout.
SENDER_TIME_LIMIT = 90
# A sender no worker took within the minute is dropped: the next sweep starts fresh ones, so
# senders never pile up in the queue behind workers that are fewer than EMAIL_SENDERS.
SENDER_EXPIRES = 55


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def delivery_send(delivery_id: int) -> str:
    """Send one email of the outbox at once (an event's: notifications.services.deliver)."""
    return services.deliver(delivery_id)


@shared_task(acks_late=True, time_limit=SENDER_TIME_LIMIT, soft_time_limit=SENDER_TIME_LIMIT - 10)
def deliveries_send() -> dict:
    """One sender of the outbox: batches of due emails, one connection, for up to
    EMAIL_SENDER_SECONDS (notifications.services.deliveries_send)."""
    return services.deliveries_send()


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def deliveries_sweep() -> dict:
    """Every minute (CELERY_BEAT_SCHEDULE), on the mail queue: emails whose sender died wait
    again, and when any is due, EMAIL_SENDERS senders are started, which as many workers as
    consume the mail queue run at once (each claims its own batches). In-process (the
    embedded default) one sender runs here."""
    revived = services.deliveries_revive()
    if not services.deliveries_due():
        return {"revived": revived, "senders": 0}
    senders = 1 if settings.CELERY_TASK_ALWAYS_EAGER else max(1, settings.EMAIL_SENDERS)
    for _ in range(senders):
        deliveries_send.apply_async(expires=SENDER_EXPIRES)
    return {"revived": revived, "senders": senders}


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def digests_daily() -> int:
    """Every morning (CELERY_BEAT_SCHEDULE), after the reminders: the digests; and the
    unsubscribe links that ended a year ago are forgotten."""
    services.unsubscribe_links_forget()
    return services.digests_make()
