from celery import shared_task

from dashboards.reminders import coach_digests


@shared_task(acks_late=True, time_limit=600, soft_time_limit=580)
def coach_digests_weekly() -> int:
    """Each Monday morning (CELERY_BEAT_SCHEDULE): each coach's week (dashboards.reminders)."""
    return coach_digests()
