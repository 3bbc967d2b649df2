from celery import shared_task

from trash.services import trash_purge


@shared_task(acks_late=True, time_limit=600, soft_time_limit=580)
def trash_purge_nightly() -> int:
    """Each night (CELERY_BEAT_SCHEDULE): districts past their time in the trash."""
    return trash_purge()
