from celery import shared_task

from rubrics.reminders import rounds_remind


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def rounds_remind_daily() -> dict:
    """Every morning (CELERY_BEAT_SCHEDULE): rounds due soon, told to whoever has not
    finished rating them and to their leads (rubrics.reminders)."""
    return rounds_remind()
