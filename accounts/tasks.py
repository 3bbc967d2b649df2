import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

from config.email import message_id


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,  # under the hard limit (Celery refuses a soft limit above it)
)
def email_send(*, to: str, subject: str, body: str) -> None:
    """Deliver one email. Retried on network errors; sending twice is the lesser harm."""
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers={"Message-ID": message_id()}
    )
    message.send()


def email_enqueue(*, to: str, subject: str, body: str) -> bool:
    """Hand one email to the workers after the transaction commits. With the broker down the
    request still succeeds (what it saved stays saved); the email is not sent, which the log
    says, without the address (ask again: send the invitation again, ask for a new reset)."""

    def send() -> None:
        try:
            email_send.delay(to=to, subject=subject, body=body)
        except (BrokerUnreachable, OSError) as error:
            logging.getLogger("waypoint.email").error("Email not queued: %s", error)

    transaction.on_commit(send)
    return True
