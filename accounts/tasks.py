from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True, time_limit=60
)
def email_send(*, to: str, subject: str, body: str) -> None:
    """Deliver one email. Retried on network errors; sending twice is the lesser harm."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
