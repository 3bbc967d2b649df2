"""Asking for a PDF, a district's record or a large export, watching it being made, and
downloading it.

Nothing is rendered here: a request queues a job for a Celery worker and goes to the job's
page, which shows the progress until the download appears. A job and its file are only ever
served to the person who asked for it, and only while they may still read its subject. An
export over few districts is streamed at once (export_response).
"""

from itertools import chain

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
from districts.tables import stream_download
from reports.documents import check_access
from reports.exports import EXPORTS, by_name, export_title, open_export
from reports.models import ReportJob
from reports.selectors import job_of, jobs_of
from reports.services import BROKER_DOWN_STAGE, expire_stuck, export_subject, report_request


def _job_url(job: ReportJob, name: str = "job") -> str:
    return reverse(f"reports:{name}", kwargs={"job": job.code})


def _ask(request, kind: str, **subject) -> HttpResponse:
    """Queues the person's job of this kind about `subject` (or finds the one they asked for
    already), says where it stands, and goes to its page."""
    job, created = report_request(kind=kind, acting_user=request.user, **subject)
    job.refresh_from_db()  # embedded, the task has run by now
    what = f"export “{job.export_title}”" if job.is_export else job.get_kind_display().lower()
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
    return _ask(request, ReportJob.Kind.PACKET, meeting=target)


@require_POST
def participants_packet_request(request: HttpRequest, meeting: str) -> HttpResponse:
    """Whoever reads the meeting asks for its participants' packet (the one to hand out)."""
    target = packet().meeting(request.user, meeting, for_facilitators=False)
    return _ask(request, ReportJob.Kind.PARTICIPANTS, meeting=target)


@require_POST
def district_report_request(request: HttpRequest, district: str) -> HttpResponse:
    """The district's team, its coaches and staff ask for its report."""
    access = access_district(request.user, district, audience=Audience.COACHES)
    return _ask(request, ReportJob.Kind.DISTRICT, district=access.district)


@require_POST
def archive_request(request: HttpRequest, district: str) -> HttpResponse:
    """A district's leads ask for its whole record (reports.archive); staff too, before they
    delete a district (trash.views)."""
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_lead or access.can_trash)
    return _ask(request, ReportJob.Kind.ARCHIVE, district=access.district)


def export_response(request: HttpRequest, params: dict) -> HttpResponse:
    """An export (reports.exports) of the selection in `params`, as the person may read it
    (the caller checked they may open the page that offers it). Up to EXPORT_IN_REQUEST_UP_TO
    districts, a GET streams it; over that, a GET offers it as a job (a page with a button),
    and a POST, whatever the size, queues the job and goes to its page."""
    opened = open_export(request.user, params)
    if request.method == "POST":
        return _ask(request, ReportJob.Kind.EXPORT, params=params)
    up_to = settings.EXPORT_IN_REQUEST_UP_TO
    first = list(by_name(opened)[: up_to + 1])  # the selection if it is small, in one query
    if len(first) <= up_to:
        return stream_download(
            chain([opened.header], opened.rows(first)),
            fmt=params["fmt"],
            filename=opened.filename,
            title=EXPORTS[params["export"]].title,
        )
    count = opened.districts.count()
    return render(
        request,
        "reports/export_offer.html",
        {
            "export": opened,
            "title": export_title(params),
            "count": count,
            "up_to": up_to,
            "earlier": jobs_of(request.user, export_subject(params))[:5],
        },
    )


def _open_job(request: HttpRequest, code: str) -> tuple[ReportJob, object]:
    """The person's own job, while they may still read its subject, with what check_access
    answers (the meeting, the district's access, the export); else the plain 404."""
    job = job_of(request.user, code)
    if job is None:
        raise Http404(NOT_FOUND_MESSAGE)
    job.requested_by = request.user  # job_of() found it among the person's own
    subject = check_access(job)
    if job.is_active and expire_stuck(subject=job.subject, user=request.user):
        job.refresh_from_db()
    return job, subject


def _retry_url(job: ReportJob, subject) -> str:
    if job.is_export:
        return subject.url
    if job.is_packet:
        name = "packet_request" if job.for_facilitators else "participants_packet_request"
        return reverse(f"reports:{name}", kwargs={"meeting": job.meeting.code})
    if job.is_archive:
        return reverse("reports:archive_request", kwargs={"district": job.district.code})
    return reverse("reports:district_report_request", kwargs={"district": job.district.code})


def _subject(job: ReportJob, subject) -> tuple[str, str, str]:
    """The page the job's file is of, its name, and what the file covers (the job page's
    heading names it after the kind)."""
    if job.is_export:
        return subject.page_url, subject.page_name, subject.label
    if job.is_packet:
        url = reverse("meetings:meeting", kwargs={"meeting": job.meeting.code})
        return url, job.meeting.title, job.meeting.title
    return job.district.get_absolute_url(), job.district.name, job.district.name


@require_safe
def job(request: HttpRequest, job: str) -> HttpResponse:
    target, subject = _open_job(request, job)
    subject_url, subject_name, covers = _subject(target, subject)
    return render(
        request,
        "reports/job.html",
        {
            "job": target,
            "retry_url": _retry_url(target, subject),
            "subject_url": subject_url,
            "subject_name": subject_name,
            "title": target.export_title or target.get_kind_display(),
            "covers": covers,
        },
    )


@require_safe
def job_status(request: HttpRequest, job: str) -> JsonResponse:
    """The job's state for the progress bar (polled by static/js/report-job.js)."""
    target, _ = _open_job(request, job)
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
    target, _ = _open_job(request, job)
    return job_file(target, not_ready="This document is not ready yet.")


def job_file(job: ReportJob, *, not_ready: str) -> HttpResponse:
    """A finished job's document, from the media folder or a bucket (signed for
    REPORT_LINK_SECONDS); a 404 saying `not_ready` while it has none. For the page and the
    API alike, once the job is opened."""
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404(not_ready)
    return download_response(
        job.file,
        what="report",
        filename=job.filename,
        content_type=job.content_type,
        link_seconds=settings.REPORT_LINK_SECONDS,
    )
