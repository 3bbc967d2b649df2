from celery import shared_task

from evidence import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=580)
def evidence_orphans_sweep() -> int:
    """Each night (CELERY_BEAT_SCHEDULE): stored files that no attachment references."""
    return services.orphans_sweep()
