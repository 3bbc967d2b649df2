"""The rendering of a document, as a Celery chord, so that more workers make it sooner:

    report_render(job)                      claims the job, makes the HTML (as its requester
        │                                   may read it; the first few sections go to the
        │                                   other workers as soon as made), and finds which
        ├─ report_section(job, key, html)   sections' PDFs are not in the store yet: one
        ├─ report_section(...)              task each, on whichever worker is free
        │                                   (report_render meanwhile lays out the front,
        │                                   for its length)
        └─ report_join(results, job, ...)   once all are done: checks access again, lays out
                                            the front with the contents' page numbers, joins
                                            the parts (waiting for an early one still being
                                            made, or making it) and saves the file

Every step is safe to run twice (acks late: a task whose worker died is handed out again):
a claimed job is taken over at most MAX_ATTEMPTS times, a part is written atomically under
its key, and a job that is done or failed is left alone.
"""

import logging
import time

from celery import chord, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.db.models import F, Value
from django.db.models.functions import Least
from django.http import Http404

from reports import archive, documents, render
from reports.models import ReportJob
from reports.services import job_claim, job_fail, job_finish, job_progress, jobs_sweep

logger = logging.getLogger("waypoint.reports")

LOST_ACCESS = "You may no longer read what this document shows, so it was not made."
TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 3,
    "soft_time_limit": settings.REPORT_SOFT_TIME_LIMIT,
    "time_limit": settings.REPORT_TIME_LIMIT,
}


def _timed_out() -> str:
    return (
        f"Rendering took longer than {settings.REPORT_SOFT_TIME_LIMIT} seconds and was "
        "stopped. Try again; if it happens again, tell the Waypoint staff."
    )


@shared_task(**TASK_OPTIONS)
def report_render(job_id: int) -> str:
    """Start one job: its HTML now, its missing parts on the workers, then the join. Who
    asked is checked again here (access may have changed since they asked) and at the join."""
    job = job_claim(job_id)
    if job is None:
        return "nothing to do"
    early: dict[str, list[str]] = {}

    def lay_out_early(html: str, name: str) -> None:
        """The first sections go to the other workers as soon as made, while the next
        districts are read; the join waits for them (their results are not the chord's)."""
        eager = report_section.app.conf.task_always_eager  # nothing runs alongside then
        if eager or len(early) >= settings.REPORT_EARLY_SECTIONS:
            return
        key = render.part_key(html)
        if key not in early and not render.store.has(key):
            early[key] = [html, name]
            report_section.si(job.pk, key, html, name, 0).apply_async()

    try:
        plan = documents.plan_for(job, on_section=lay_out_early)
    except (Http404, PermissionDenied):
        job_fail(job, LOST_ACCESS)
        return "refused"
    except (OperationalError, InterfaceError):
        raise
    except Exception as error:
        logger.exception("Report job %s failed", job.code)
        job_fail(job, f"The document could not be made: {type(error).__name__}: {error}")
        return "failed"
    keys = [render.part_key(html) for html in plan.sections]
    missing = {}
    for key, html, name in zip(keys, plan.sections, plan.names, strict=True):
        if key not in missing and key not in early and not render.store.has(key):
            missing[key] = (html, name)
    reused = len(keys) - len(missing) - len(early)
    job_progress(
        job,
        5,
        f"Laying out {len(missing) + len(early)} district section(s)"
        + (f"; {reused} unchanged since the last document" if reused else ""),
    )
    step = 85 // max(len(missing), 1)
    join = report_join.s(job.pk, plan.front, keys, plan.sources, reused, early)
    sections = [
        report_section.si(job.pk, key, html, name, step) for key, (html, name) in missing.items()
    ]
    if sections:
        chord(sections)(join)
    else:
        join.delay([])
    # While the workers make the sections, the front's length (where they start) is found
    # here; the join lays it out itself if it comes first (always, when tasks run eagerly).
    front = documents.front_html(plan.front, None)
    try:
        running = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING)
        if running.exists():
            render.front_ahead(front)
    except Exception:  # only a head start: the join lays the front out and reports a failure
        logger.exception("The front of report job %s was not laid out ahead", job.code)
    return "started"


@shared_task(**TASK_OPTIONS)
def report_section(job_id: int, key: str, html: str, name: str, step: int) -> dict:
    """Lay out one district's section into the store. A failure is reported to the join
    (as the result), which fails the job with the reason."""
    if ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).exists():
        try:
            if not render.store.has(key):
                render.store.put(key, render.part_pdf(html))
        except SoftTimeLimitExceeded:
            return {"key": key, "error": _timed_out()}
        except Exception as error:
            logger.exception("Section %s of report job %s failed", name, job_id)
            return {"key": key, "error": f"{name}: {type(error).__name__}: {error}"}
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            progress=Least(F("progress") + step, Value(90))
        )
    return {"key": key, "error": ""}


class SectionFailed(Exception):
    """A district's section could not be laid out (its name and the reason)."""


def _early_part(key: str, html: str, name: str) -> bytes:
    """A section given to a worker before the chord: made by now, or soon; if not (its worker
    died, say), made here."""
    deadline = time.monotonic() + settings.REPORT_EARLY_WAIT
    while time.monotonic() < deadline:
        data = render.store.get(key)
        if data is not None:
            return data
        time.sleep(0.05)
    try:
        data = render.part_pdf(html)
    except Exception as error:
        raise SectionFailed(f"{name}: {type(error).__name__}: {error}") from error
    render.store.put(key, data)
    return data


@shared_task(**TASK_OPTIONS)
def report_join(
    results: list,
    job_id: int,
    front: str,
    keys: list[str],
    sources: list,
    reused: int,
    early: dict | None = None,
) -> str:
    """Put the document together from its parts and save it."""
    job = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).first()
    if job is None:
        return "nothing to do"  # done by a twin of this task, or failed meanwhile
    if errors := [result["error"] for result in results if result and result["error"]]:
        job_fail(job, f"A district's section could not be made: {errors[0]}")
        return "failed"
    try:
        documents.check_access(job)
        job_progress(job, 92, "Putting the document together")
        parts = []
        for key in keys:
            data = render.store.get(key)
            if data is None and early and key in early:
                data = _early_part(key, *early[key])
            if data is None:
                job_fail(job, "A district's section went missing before the join. Try again.")
                return "failed"
            parts.append(data)
        pdf, pages = render.assemble(lambda starts: documents.front_html(front, starts), parts)
        render.store.prune()
        render.stamps.prune()
    except (Http404, PermissionDenied):
        job_fail(job, LOST_ACCESS)
        return "refused"
    except SectionFailed as error:
        job_fail(job, f"A district's section could not be made: {error}")
        return "failed"
    except SoftTimeLimitExceeded:
        job_fail(job, _timed_out())
        return "timed out"
    except (OperationalError, InterfaceError):
        raise  # the database went away: Celery retries the join
    except Exception as error:
        logger.exception("Report job %s failed", job.code)
        job_fail(job, f"The document could not be made: {type(error).__name__}: {error}")
        return "failed"
    job_finish(job, pdf=pdf, page_count=pages, sources=sources, sections_reused=reused)
    return "done"


@shared_task(**TASK_OPTIONS)
def archive_make(job_id: int) -> str:
    """A district's whole record as one zip (reports.archive), as its lead may read it now."""
    job = job_claim(job_id)
    if job is None:
        return "nothing to do"
    try:
        access = documents.check_access(job)
        made = archive.build(access, lambda progress, stage: job_progress(job, progress, stage))
        with made:
            job_progress(job, 95, "Saving the archive")
            job_finish(job, archive=made)
    except (Http404, PermissionDenied):
        job_fail(job, LOST_ACCESS)
        return "refused"
    except SoftTimeLimitExceeded:
        job_fail(job, _timed_out())
        return "timed out"
    except (OperationalError, InterfaceError):
        raise
    except Exception as error:
        logger.exception("Archive job %s failed", job.code)
        job_fail(job, f"The archive could not be made: {type(error).__name__}: {error}")
        return "failed"
    return "done"


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def reports_sweep() -> dict:
    """Every minute (CELERY_BEAT_SCHEDULE): jobs whose worker vanished fail, jobs the broker
    lost are sent again (reports.services.jobs_sweep)."""
    return jobs_sweep()
