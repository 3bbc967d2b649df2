"""Asking for a document, and the job's life: queued → running → done or failed.

Callers checked that the person may ask (reports.views); the task checks again when it runs.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from accounts.models import User
from config.metrics import report_job_ended
from districts.models import District
from meetings.models import Meeting
from notifications.models import Kind
from notifications.services import notify
from reports.models import ReportJob
from reports.storage import storing

MAX_ATTEMPTS = 3

logger = logging.getLogger("waypoint.reports")


def packet_subject(meeting: Meeting, kind: str = ReportJob.Kind.PACKET) -> str:
    """The facilitators' packet ("packet:…") or the participants' ("participants:…")."""
    return f"{kind}:{meeting.code}"


def district_subject(district: District, kind: str = ReportJob.Kind.DISTRICT) -> str:
    """A district's report ("district:…") or its whole record ("archive:…")."""
    return f"{kind}:{district.code}"


def export_subject(params: dict) -> str:
    """An export of a selection ("export:heatmap.csv:<digest of its name, format and
    filters>"): the same export of the same selection is the same subject."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    return f"export:{params['export']}.{params['fmt']}:{digest}"[:80]


def report_request(
    *,
    kind: str,
    acting_user: User,
    meeting: Meeting | None = None,
    district: District | None = None,
    params: dict | None = None,
) -> tuple[ReportJob, bool]:
    """Ask for a packet of a meeting, a report or the record of a district, or an export (its
    params: reports.exports). While the person's job for the same document is queued or
    running, that job is the answer (created False); otherwise a new job is queued after the
    transaction commits."""
    if meeting:
        subject = packet_subject(meeting, kind)
    elif kind == ReportJob.Kind.EXPORT:
        subject = export_subject(params)
    else:
        subject = district_subject(district, kind)
    expire_stuck(subject=subject, user=acting_user)
    active = ReportJob.objects.filter(
        subject=subject, requested_by=acting_user, status__in=ReportJob.ACTIVE
    )
    if job := active.first():
        return job, False
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(
                kind=kind,
                subject=subject,
                meeting=meeting,
                district=district,
                params=params,
                requested_by=acting_user,
                stage="Waiting for a worker",
            )
    except IntegrityError:  # asked twice at the same moment: the other request queued it
        return active.get(), False
    transaction.on_commit(lambda: _enqueue(job))
    return job, True


BROKER_DOWN_STAGE = (
    "Waiting: the background workers cannot be reached right now. It will be made once "
    "they are back; you may leave this page."
)
MAX_SENDS = 3


# The task that makes each kind of job (the documents' is report_render).
TASKS = {ReportJob.Kind.ARCHIVE: "archive_make", ReportJob.Kind.EXPORT: "export_make"}


def _enqueue(job: ReportJob) -> bool:
    """Hand the job to the workers. If the broker cannot be reached, the job stays queued
    and says so; jobs_sweep sends it once the broker is back."""
    from config.celery_app import app

    task = TASKS.get(job.kind, "report_render")
    try:
        if app.conf.task_always_eager:
            from reports import tasks

            getattr(tasks, task).delay(job.pk)
        else:  # by name: the web process never loads the renderer (WeasyPrint: seconds)
            app.send_task(f"reports.tasks.{task}", args=[job.pk])
    except Exception as error:
        # Whatever the broker's client raises (refused, timed out, a reply it cannot read),
        # the request answers and the job waits. In-process, anything else is the task's own.
        unreachable = isinstance(error, (KombuOperationalError, OSError))
        if not unreachable and app.conf.task_always_eager:
            raise
        logger.warning("Could not queue report job %s: %r", job.code, error)
        ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.QUEUED).update(
            stage=BROKER_DOWN_STAGE
        )
        return False
    ReportJob.objects.filter(pk=job.pk).update(sent_at=timezone.now(), sends=F("sends") + 1)
    return True


def jobs_sweep() -> dict:
    """Run every 15 seconds (Celery beat): hand to another worker the running jobs whose worker
    stopped beating (taken_over); fail the jobs nobody can finish (expire_stuck); send again
    the queued jobs that no worker took, because the broker was down when they were asked
    for, or lost their message (a restart): those never sent, or sent more than
    REPORT_RESEND_AFTER seconds ago. After MAX_SENDS sends a job fails, with Try again."""
    now = timezone.now()
    expired = expire_stuck()
    taken_over = sum(_enqueue(job) for job in _stalled(now))
    resend_before = now - timedelta(seconds=settings.REPORT_RESEND_AFTER)
    waiting = ReportJob.objects.filter(status=ReportJob.Status.QUEUED).filter(
        models.Q(sent_at__isnull=True, created_at__lt=now - timedelta(seconds=10))
        | models.Q(sent_at__lt=resend_before)
    )
    sent = failed = 0
    for job in waiting:
        if job.sends >= MAX_SENDS:
            failed += ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.QUEUED).update(
                status=ReportJob.Status.FAILED,
                error="No worker took the job after it was sent "
                f"{job.sends} times: the background workers may be down. Try again.",
                finished_at=now,
            )
            continue
        # Only one sweep sends it (two may run at once): the one that moves its send count.
        claimed = ReportJob.objects.filter(pk=job.pk, sends=job.sends, sent_at=job.sent_at)
        if claimed.update(sent_at=now):
            sent += _enqueue(job)
    return {"expired": expired, "taken_over": taken_over, "sent": sent, "failed": failed}


TAKEN_OVER_STAGE = (
    "A part is being made again: the worker making this document stopped, and another "
    "takes it over with the parts already made."
)


def _stalled(now) -> list[ReportJob]:
    """Running jobs whose worker has not beaten for REPORT_STALL_AFTER seconds (or that were
    freed and not taken since REPORT_RESEND_AFTER: the broker was down when they were sent
    again, or lost them), each marked free to take (beat_at None) by this sweep alone (two
    may run at once)."""
    stalled = []
    silent = ReportJob.objects.filter(status=ReportJob.Status.RUNNING).filter(
        models.Q(beat_at__lt=now - timedelta(seconds=settings.REPORT_STALL_AFTER))
        | models.Q(
            beat_at__isnull=True,
            sent_at__lt=now - timedelta(seconds=settings.REPORT_RESEND_AFTER),
        )
    )
    for job in silent:
        mine = ReportJob.objects.filter(pk=job.pk, status=job.status, beat_at=job.beat_at)
        if mine.update(beat_at=None, stage=TAKEN_OVER_STAGE):
            logger.warning("Report job %s lost its worker; sent to another", job.code)
            stalled.append(job)
    return stalled


def stuck_after(kind: str = ReportJob.Kind.DISTRICT) -> timedelta:
    """A running job whose worker died is taken over by another worker once the broker hands
    its task out again (after TASK_VISIBILITY_TIMEOUT), and takes at most its task's time
    limit there (REPORT_TIME_LIMIT, an export's EXPORT_TIME_LIMIT); one running longer than
    both (and a margin) has no worker left."""
    limit = (
        settings.EXPORT_TIME_LIMIT if kind == ReportJob.Kind.EXPORT else settings.REPORT_TIME_LIMIT
    )
    return timedelta(seconds=settings.TASK_VISIBILITY_TIMEOUT + limit + 60)


def expire_stuck(*, subject: str | None = None, user: User | None = None) -> int:
    """Mark failed the jobs whose worker vanished: running past the time limit, or queued
    for so long that no worker is taking jobs. Returns how many."""
    now = timezone.now()
    jobs = ReportJob.objects.all()
    if subject:
        jobs = jobs.filter(subject=subject)
    if user:
        jobs = jobs.filter(requested_by=user)
    export = models.Q(kind=ReportJob.Kind.EXPORT)
    running = jobs.filter(status=ReportJob.Status.RUNNING).filter(
        (~export & models.Q(started_at__lt=now - stuck_after()))
        | (export & models.Q(started_at__lt=now - stuck_after(ReportJob.Kind.EXPORT)))
    )
    queued = jobs.filter(
        status=ReportJob.Status.QUEUED,
        created_at__lt=now - timedelta(seconds=settings.REPORT_QUEUE_TIMEOUT),
    )
    return running.update(
        status=ReportJob.Status.FAILED,
        error="The renderer stopped before it finished. Try again.",
        finished_at=now,
    ) + queued.update(
        status=ReportJob.Status.FAILED,
        error="No worker took the job in time: the background workers may be down. Try again.",
        finished_at=now,
    )


def job_claim(job_id: int) -> ReportJob | None:
    """Take for this run a queued job, or a running one whose worker stopped beating (its
    task came back, acks late, or the sweep sent it again). None when there is nothing to
    do: done, failed, gone, a worker still beats for it, or tried MAX_ATTEMPTS times already
    (then it fails, with its reason)."""
    now = timezone.now()
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_active:
            return None
        alive_since = now - timedelta(seconds=settings.REPORT_STALL_AFTER)
        if job.status == ReportJob.Status.RUNNING and job.beat_at and job.beat_at > alive_since:
            return None  # its worker is alive: this is a twin of its task
        if job.attempts >= MAX_ATTEMPTS:
            job_fail(job, f"The renderer stopped {job.attempts} times without finishing.")
            return None
        taken_over = job.status == ReportJob.Status.RUNNING
        job.status = ReportJob.Status.RUNNING
        job.attempts = F("attempts") + 1
        job.started_at = job.beat_at = now
        job.progress = job.progress if taken_over else 1
        job.stage = TAKEN_OVER_STAGE if taken_over else "Gathering the districts' work"
        job.error = ""
        fields = ["status", "attempts", "started_at", "beat_at", "progress", "stage", "error"]
        job.save(update_fields=fields)
    job.refresh_from_db()
    return job


def job_progress(job: ReportJob, progress: int, stage: str) -> None:
    ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(
        progress=progress, stage=stage[:200]
    )


def job_finish(
    job: ReportJob,
    *,
    pdf: bytes | None = None,
    page_count: int | None = None,
    sources: list | None = None,
    sections_reused: int = 0,
    made=None,
) -> None:
    """Keep the file (a PDF, or the open temporary file of an archive or an export, copied in
    chunks) under the job's code in STORAGES["reports"] (so that a second run writes the
    same name) and mark the job done. StoreFailed if the storage cannot keep it (nothing is
    kept then)."""
    with storing():
        if made is not None:
            job.file.save(f"{job.code}.{job.extension}", File(made), save=False)
        else:
            job.file.save(f"{job.code}.pdf", ContentFile(pdf), save=False)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        progress=100,
        stage="Ready",
        file=job.file.name,
        page_count=page_count,
        sources=sources or [],
        sections_reused=sections_reused,
        error="",
        finished_at=timezone.now(),
    )
    report_job_ended(job, "done")
    notify(
        kind=Kind.REPORT_READY,
        recipients=[job.requested_by],
        key=f"report-ready:{job.code}",
        title=f"Your download is ready: {job.export_title or job.get_kind_display()}"
        if made is not None
        else f"Your PDF is ready: {job.get_kind_display()}, {page_count} pages",
        url=reverse("reports:job", kwargs={"job": job.code}),
        district=job.district,
    )


def job_fail(job: ReportJob, reason: str) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    report_job_ended(job, "failed")
