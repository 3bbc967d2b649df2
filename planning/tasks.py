from celery import shared_task

from planning.reminders import milestones_remind, overdue_summaries, steps_remind


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def steps_remind_daily() -> dict:
    """Every morning (CELERY_BEAT_SCHEDULE): steps due soon and overdue, told to their
    coordinators, and milestones whose June is over still undecided, told to the leads
    (planning.reminders)."""
    return {**steps_remind(), "milestones": milestones_remind()}


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def overdue_summaries_weekly() -> int:
    """Each Monday morning (CELERY_BEAT_SCHEDULE): the leads told of their district's overdue
    steps (planning.reminders)."""
    return overdue_summaries()
