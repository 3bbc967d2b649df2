from celery import shared_task

from planning.reminders import steps_remind


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def steps_remind_daily() -> dict:
    """Every morning (CELERY_BEAT_SCHEDULE): steps due soon and overdue, told to their
    coordinators (planning.reminders)."""
    return steps_remind()
