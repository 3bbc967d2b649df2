"""Asking for a PDF, watching it being made, and downloading it.

Nothing is rendered here: a request queues a job for a Celery worker and goes to the job's
page, which shows the progress until the download appears. A job and its file are only ever
served to the person who asked for it, and only while they may still read its subject.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from districts.access import NOT_FOUND_MESSAGE, access_district
from districts.documents import packet
from districts.models import Audience
from districts.stored import download_response
from reports.documents import check_access
from reports.models import ReportJob
from reports.selectors import job_of
from reports.services import BROKER_DOWN_STAGE, expire_stuck, report_request


def _job_url(job: ReportJob, name: str = "job") -> str:
    return reverse(f"reports:{name}", kwargs={"job": job.code})


def _announce(request, job: ReportJob, created: bool) -> HttpResponse:
    job.refresh_from_db()  # embedded, the task has run by now
    what = job.get_kind_display().lower()
    if created and job.status == ReportJob.Status.DONE:
        messages.success(request, f"Your {what} is ready.")
    elif created and job.stage == BROKER_DOWN_STAGE:
        messages.warning(
            request,
            f"Your {what} is queued. The background workers cannot be reached right now: it "
            "will be made once they are back.",
        )
    elif created:
        messages.success(request, f"Your {what} is being made.")
    else:
        messages.info(request, "You asked for this document already: here is that job.")
    return redirect(_job_url(job))


@require_POST
def packet_request(request: HttpRequest, meeting: str) -> HttpResponse:
    """The cohort's facilitators (and staff) ask for a meeting's facilitators' packet."""
    target = packet().meeting(request.user, meeting, for_facilitators=True)
    job, created = report_request(
        kind=ReportJob.Kind.PACKET, meeting=target, acting_user=request.user
    )
    return _announce(request, job, created)


@require_POST
def participants_packet_request(request: HttpRequest, meeting: str) -> HttpResponse:
    """Whoever reads the meeting asks for its participants' packet (the one to hand out)."""
    target = packet().meeting(request.user, meeting, for_facilitators=False)
    job, created = report_request(
        kind=ReportJob.Kind.PARTICIPANTS, meeting=target, acting_user=request.user
    )
    return _announce(request, job, created)


@require_POST
def district_report_request(request: HttpRequest, district: str) -> HttpResponse:
    """The district's team, its coaches and staff ask for its report."""
    access = access_district(request.user, district, audience=Audience.COACHES)
    job, created = report_request(
        kind=ReportJob.Kind.DISTRICT, district=access.district, acting_user=request.user
    )
    return _announce(request, job, created)


@require_POST
def archive_request(request: HttpRequest, district: str) -> HttpResponse:
    """A district's leads ask for its whole record (reports.archive); staff too, before they
    delete a district (trash.views)."""
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_lead or access.can_trash)
    job, created = report_request(
        kind=ReportJob.Kind.ARCHIVE, district=access.district, acting_user=request.user
    )
    return _announce(request, job, created)


def _open_job(request: HttpRequest, code: str) -> ReportJob:
    """The person's own job, while they may still read its subject; else the plain 404."""
    job = job_of(request.user, code)
    if job is None:
        raise Http404(NOT_FOUND_MESSAGE)
    job.requested_by = request.user  # job_of() found it among the person's own
    check_access(job)
    if job.is_active and expire_stuck(subject=job.subject, user=request.user):
        job.refresh_from_db()
    return job


def _retry_url(job: ReportJob) -> str:
    if job.is_packet:
        name = "packet_request" if job.for_facilitators else "participants_packet_request"
        return reverse(f"reports:{name}", kwargs={"meeting": job.meeting.code})
    if job.is_archive:
        return reverse("reports:archive_request", kwargs={"district": job.district.code})
    return reverse("reports:district_report_request", kwargs={"district": job.district.code})


def _subject_url(job: ReportJob) -> str:
    if job.is_packet:
        return reverse("meetings:meeting", kwargs={"meeting": job.meeting.code})
    return job.district.get_absolute_url()


@require_safe
def job(request: HttpRequest, job: str) -> HttpResponse:
    target = _open_job(request, job)
    return render(
        request,
        "reports/job.html",
        {
            "job": target,
            "retry_url": _retry_url(target),
            "subject_url": _subject_url(target),
            "subject": target.meeting if target.meeting_id else target.district,
        },
    )


@require_safe
def job_status(request: HttpRequest, job: str) -> JsonResponse:
    """The job's state for the progress bar (polled by static/js/report-job.js)."""
    target = _open_job(request, job)
    return JsonResponse(
        {
            "status": target.status,
            "status_label": target.get_status_display(),
            "progress": target.progress,
            "stage": target.stage,
            "error": target.error,
            "download_url": _job_url(target, "job_download") if target.status == "done" else "",
        }
    )


@require_safe
def job_download(request: HttpRequest, job: str) -> HttpResponse:
    """The document, to the person who asked while they may still read its subject: from
    the media folder streamed, from a bucket a redirect to a link signed for
    REPORT_LINK_SECONDS (districts.stored.download_response)."""
    target = _open_job(request, job)
    if target.status != ReportJob.Status.DONE or not target.file:
        raise Http404("This document is not ready yet.")
    return download_response(
        target.file,
        what="report",
        filename=target.filename,
        content_type=target.content_type,
        link_seconds=settings.REPORT_LINK_SECONDS,
    )
