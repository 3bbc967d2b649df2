import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404

from reports.documents import render_job
from reports.services import job_claim, job_fail, job_finish

logger = logging.getLogger("waypoint.reports")


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def report_render(job_id: int) -> str:
    """Render one job's PDF. Safe to run twice: a job that is done or failed is left alone,
    a running one whose worker died is taken over, and the file is written under the job's
    code. Who asked is checked again here: access may have changed since they asked."""
    job = job_claim(job_id)
    if job is None:
        return "nothing to do"
    try:
        result = render_job(job)
    except (Http404, PermissionDenied):
        job_fail(job, "You may no longer read what this document shows, so it was not made.")
        return "refused"
    except SoftTimeLimitExceeded:
        job_fail(
            job,
            f"Rendering took longer than {settings.REPORT_SOFT_TIME_LIMIT} seconds and was "
            "stopped. Try again; if it happens again, tell the Waypoint staff.",
        )
        return "timed out"
    except (OperationalError, InterfaceError):
        raise  # the database went away: Celery retries, and the retry takes the job over
    except Exception as error:
        logger.exception("Report job %s failed", job.code)
        job_fail(job, f"The document could not be made: {type(error).__name__}: {error}")
        return "failed"
    job_finish(
        job,
        pdf=result.pdf,
        page_count=result.page_count,
        sources=result.sources,
        sections_reused=result.sections_reused,
    )
    return "done"
