from celery import shared_task

from measures.reminders import data_due_remind, off_track_summaries


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def data_due_remind_daily() -> int:
    """Every morning (CELERY_BEAT_SCHEDULE): measures whose data is due, told to their owners
    (measures.reminders)."""
    return data_due_remind()


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def off_track_summaries_weekly() -> int:
    """Each Monday morning (CELERY_BEAT_SCHEDULE): the leads told of their district's measures
    off track (measures.reminders)."""
    return off_track_summaries()
