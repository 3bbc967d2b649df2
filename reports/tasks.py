"""The rendering of a document. The task that claims a job sees it through; the other workers
only help:

    report_render(job)                      claims the job, makes the HTML (as its requester
        │                                   may read it: the first few sections go to the
        ├─ report_section(job, key, html)   other workers as soon as made, the rest once all
        ├─ report_section(...)              are read), one task for each section whose PDF
        │                                   is not in the store yet, on whichever worker is
        │                                   free; lays out the front for its length; then
        │                                   makes itself, from the last section back, every
        │                                   part no worker has made yet; checks access again,
        │                                   joins the parts and saves the file

Nothing waits for another task, so a helper that dies (killed, out of memory) costs only the
part it was making, which report_render makes when it gets there. report_render beats while
it runs (ReportJob.beat_at, every REPORT_STALL_AFTER / 4 seconds, from a thread): a job whose
beat stops for REPORT_STALL_AFTER seconds has lost its worker, and the sweep
(reports.services.jobs_sweep) hands it to another, which reuses the parts already made.

Every step is safe to run twice (acks late: a task whose worker died is handed out again
after the visibility timeout): a job is claimed only while nobody beats for it, at most
MAX_ATTEMPTS times; a part is written atomically under its key; a job that is done or failed
is left alone.
"""

import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import IO

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Value
from django.db.models.functions import Least
from django.http import Http404
from django.utils import timezone

from reports import archive, documents, exports, render
from reports.models import ReportJob
from reports.services import job_claim, job_fail, job_finish, job_progress, jobs_sweep
from reports.storage import StoreFailed

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


@contextmanager
def beating(job: ReportJob):
    """While the block runs, a thread moves the job's beat_at every REPORT_STALL_AFTER / 4
    seconds, whatever the task is busy with (a long layout holds no lock the thread needs).
    In-process (tasks run eagerly) nothing beats: the job cannot outlive its request."""
    if render_in_process():
        yield
        return
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(settings.REPORT_STALL_AFTER / 4):
                ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(
                    beat_at=timezone.now()
                )
        except Exception:  # the sweep takes the job over if the beat stops: say why
            logger.exception("Report job %s stopped beating", job.code)
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name=f"beat-{job.pk}", daemon=True)
    thread.start()
    stopped_by_error = True
    try:
        yield
        stopped_by_error = False
    finally:
        done.set()
        thread.join(timeout=5)
        if stopped_by_error:  # its retry, say: the job is free to take at once
            _free(job)


def _free(job: ReportJob) -> None:
    try:
        ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(beat_at=None)
    except Exception:  # the database itself failed: the beat goes stale in a while anyway
        logger.warning("Report job %s: its beat was not cleared", job.code)


@contextmanager
def stored_or_fail(job: ReportJob):
    """A storage that cannot keep or give back a part or the document (a full disk, a
    bucket failing) fails the job with its message (reports.storage): trying again at once
    would fail the same way."""
    try:
        yield
    except StoreFailed as error:
        logger.exception("Report job %s: the storage failed", job.code)
        job_fail(job, str(error))


def render_in_process() -> bool:
    return report_section.app.conf.task_always_eager


class SectionFailed(Exception):
    """A district's section could not be laid out (its name and the reason)."""


TAKEN_OVER = "A part is being made again (its worker stopped): "


@shared_task(**TASK_OPTIONS)
def report_render(job_id: int) -> str:
    """Make one job's document, with the other workers' help (see above). Who asked is
    checked again here (access may have changed since they asked) and before the join."""
    return _claimed(job_id, _render)


def _claimed(job_id: int, make: Callable[[ReportJob], str]) -> str:
    """Claim the job (job_claim) and make it with `make` while a thread beats for it; a
    storage that fails fails the job (stored_or_fail)."""
    job = job_claim(job_id)
    if job is None:
        return "nothing to do"
    with beating(job), stored_or_fail(job):
        return make(job)


def _render(job: ReportJob) -> str:
    again = TAKEN_OVER if job.attempts > 1 else ""
    early: list[str] = []

    def hand_out_early(html: str, name: str) -> None:
        """The first sections go to the other workers as soon as made, while the next
        districts are read (in-process, nothing runs alongside: they wait for the rest)."""
        if render_in_process() or len(early) >= settings.REPORT_EARLY_SECTIONS:
            return
        key = render.part_key(html)
        if key not in early and not render.store.has(key):
            early.append(key)
            report_section.delay(job.pk, key, html, name, 0)

    try:
        plan = documents.plan_for(job, on_section=hand_out_early)
    except (Http404, PermissionDenied):
        job_fail(job, LOST_ACCESS)
        return "refused"
    except (OperationalError, InterfaceError, StoreFailed):
        raise
    except Exception as error:
        logger.exception("Report job %s failed", job.code)
        job_fail(job, f"The document could not be made: {type(error).__name__}: {error}")
        return "failed"
    keys = [render.part_key(html) for html in plan.sections]
    sections = dict(zip(keys, zip(plan.sections, plan.names, strict=True), strict=True))
    missing = [key for key in sections if key not in early and not render.store.has(key)]
    reused = len(keys) - len(missing) - len(early)
    job_progress(
        job,
        5,
        f"{again}Laying out {len(missing) + len(early)} district section(s)"
        + (f"; {reused} unchanged since the last document" if reused else ""),
    )
    step = 85 // max(len(missing), 1)
    for key in missing:
        report_section.delay(job.pk, key, *sections[key], step)
    try:
        # While the workers make the sections: the front's length (where they start), then
        # from the last section back whatever no worker has made yet.
        render.front_ahead(documents.front_html(plan.front, None))
        _make_missing(job, [*early, *missing], sections, step=step, counted=set(missing))
        if not ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).exists():
            return "nothing to do"  # failed meanwhile (the sweep), or finished by a twin
        documents.check_access(job)
        job_progress(job, 92, f"{again}Putting the document together")
        parts = [render.store.get(key) for key in keys]
        if any(part is None for part in parts):
            job_fail(job, "A district's section went missing before the join. Try again.")
            return "failed"
        pdf, pages = render.assemble(lambda starts: documents.front_html(plan.front, starts), parts)
    except (Http404, PermissionDenied):
        job_fail(job, LOST_ACCESS)
        return "refused"
    except SectionFailed as error:
        job_fail(job, f"A district's section could not be made: {error}")
        return "failed"
    except SoftTimeLimitExceeded:
        job_fail(job, _timed_out())
        return "timed out"
    except (OperationalError, InterfaceError, StoreFailed):
        raise  # the database went away (Celery retries, and the parts made are kept), or
        # the storage failed (the job fails saying so: stored_or_fail)
    except Exception as error:
        logger.exception("Report job %s failed", job.code)
        job_fail(job, f"The document could not be made: {type(error).__name__}: {error}")
        return "failed"
    job_finish(job, pdf=pdf, page_count=pages, sources=plan.sources, sections_reused=reused)
    return "done"


def _make_missing(
    job: ReportJob, keys: list[str], sections: dict, *, step: int, counted: set[str]
) -> None:
    """Make, from the last back, each part no worker has made yet: the workers take them
    from the first on, so the two meet about halfway and a part a dead worker held is made
    here. Raises SectionFailed with the district's name."""
    for key in reversed(keys):
        if render.store.has(key):
            continue
        html, name = sections[key]
        try:
            render.store.put(key, render.part_pdf(html))
        except (SoftTimeLimitExceeded, StoreFailed):
            raise
        except Exception as error:
            raise SectionFailed(f"{name}: {type(error).__name__}: {error}") from error
        if key in counted:
            _advance(job.pk, step)


def _advance(job_id: int, step: int) -> None:
    if step:
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            progress=Least(F("progress") + step, Value(90))
        )


@shared_task(**TASK_OPTIONS)
def report_section(job_id: int, key: str, html: str, name: str, step: int) -> str:
    """Lay out one district's section into the store, for the job's report_render, which
    makes whatever is still missing when it gets there (and reports a failure then)."""
    running = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING)
    if not running.exists() or render.store.has(key):
        return "nothing to do"
    try:
        render.store.put(key, render.part_pdf(html))
    except Exception:  # a time limit too: report_render tries it again, and says why
        logger.exception("Section %s of report job %s failed", name, job_id)
        return "failed"
    _advance(job_id, step)
    return "made"


@shared_task(**TASK_OPTIONS)
def archive_make(job_id: int) -> str:
    """A district's whole record as one zip (reports.archive), as its lead may read it now."""
    return _claimed(job_id, _archive)


def _archive(job: ReportJob) -> str:
    def build():
        access = documents.check_access(job)
        return archive.build(access, lambda progress, stage: job_progress(job, progress, stage))

    return _keep(job, build, what="archive", timed_out=_timed_out)


@shared_task(
    **{
        **TASK_OPTIONS,
        "soft_time_limit": settings.EXPORT_TIME_LIMIT - 30,
        "time_limit": settings.EXPORT_TIME_LIMIT,
    }
)
def export_make(job_id: int) -> str:
    """A table over many districts (reports.exports) as its requester may read it now, written
    a batch of districts at a time into a temporary file, then kept."""
    return _claimed(job_id, _export)


def _export(job: ReportJob) -> str:
    def build():
        opened = documents.check_access(job)
        job_progress(job, 5, f"Reading {opened.label}")
        return exports.export_file(
            opened,
            fmt=job.params["fmt"],
            title=exports.EXPORTS[job.params["export"]].title,
            progress=lambda progress, stage: job_progress(job, progress, stage),
        )

    def timed_out() -> str:
        return (
            f"The export took longer than {settings.EXPORT_TIME_LIMIT - 30} seconds and was "
            "stopped. Filter it by cohort, state or coach, or ask for the CSV (faster than "
            "XLSX)."
        )

    return _keep(job, build, what="export", timed_out=timed_out)


def _keep(job: ReportJob, build: Callable[[], IO[bytes]], *, what: str, timed_out) -> str:
    """Make a job's file with `build` (which checks access again first: a refusal fails the
    job with LOST_ACCESS), keep it and finish the job; a failure fails it with its reason. A
    database gone away is Celery's to retry, a storage failing stored_or_fail's."""
    try:
        made = build()
        with made:
            job_progress(job, 95, f"Saving the {what}")
            job_finish(job, made=made)
    except (Http404, PermissionDenied):
        job_fail(job, LOST_ACCESS)
        return "refused"
    except exports.TooManyRows as error:
        job_fail(job, str(error))
        return "failed"
    except SoftTimeLimitExceeded:
        job_fail(job, timed_out())
        return "timed out"
    except (OperationalError, InterfaceError, StoreFailed):
        raise
    except Exception as error:
        logger.exception("%s job %s failed", what.capitalize(), job.code)
        job_fail(job, f"The {what} could not be made: {type(error).__name__}: {error}")
        return "failed"
    return "done"


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def reports_sweep() -> dict:
    """Every 15 seconds (CELERY_BEAT_SCHEDULE): jobs whose worker stopped beating go to
    another worker, jobs the broker lost are sent again, jobs nobody can finish fail
    (reports.services.jobs_sweep)."""
    return jobs_sweep()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def reports_parts_sweep() -> dict:
    """Each night (CELERY_BEAT_SCHEDULE): the parts and page-number stamps no document used
    for REPORT_PART_KEEP_DAYS, removed through the storage (the media folder or the bucket)."""
    return {"parts": render.store.prune(), "numbers": render.stamps.prune()}
