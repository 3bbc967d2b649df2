from celery import shared_task

from meetings.reminders import commitments_remind, meetings_remind


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def meetings_remind_daily() -> int:
    """Every morning (CELERY_BEAT_SCHEDULE): meetings 14 days away, told to the teams of
    their participating districts, and commitments due within a week, told to their owners
    (meetings.reminders)."""
    return meetings_remind() + commitments_remind()
