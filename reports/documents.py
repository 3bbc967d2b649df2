"""The documents: their HTML, made from Django templates (which escape every user text), as
the person who asked may read it. reports.tasks lays the parts out and joins them."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from districts import documents
from districts.access import access_district, cohort_access
from districts.documents import Reading
from districts.models import Audience
from reports.exports import open_export
from reports.models import ReportJob
from reports.selectors import (
    DistrictSection,
    district_section,
    packet_sections,
    participants_sections,
)

# Where each section's first page goes in the front's contents, until the sections' lengths
# are known; replaced by the number, or by a placeholder as wide as one (see front_html).
PAGE_MARK = "@@page-{}@@"
PAGE_PLACEHOLDER = "000"
_MARK = re.compile(r"@@page-(\d+)@@")
_STAND_IN = re.compile(r'<span class="stand-in" id="[^"]*"></span>')


OnSection = Callable[[str, str], None]


@dataclass
class Plan:
    """A document as HTML, ready to be laid out by any worker: a front part whose contents
    hold PAGE_MARKs, and one section per district."""

    title: str
    front: str
    sections: list[str]
    names: list[str]  # the sections' districts, for progress messages
    sources: list  # which rounds and plan versions each section used


def section_html(section: DistrictSection, *, title: str, in_packet: bool) -> str:
    return render_to_string(
        "reports/section.html",
        {
            "section": section,
            "title": title,
            "in_packet": in_packet,
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


def front_html(front: str, starts: list[int] | None) -> str:
    """The front with each section's first page in its contents (None: not known yet)."""
    if starts is None:
        return _MARK.sub(PAGE_PLACEHOLDER, front)
    return _MARK.sub(lambda match: str(starts[int(match.group(1))]), front)


def _contents(sections: list[DistrictSection]) -> list[tuple]:
    return [(s.district, PAGE_MARK.format(i)) for i, s in enumerate(sections)]


def check_access(job: ReportJob):
    """Who asked may still read the document's subject: a facilitators' packet's requester
    facilitates the meeting's cohort (or is staff); a participants' packet's reads the
    meeting; a report's reads the district's coach-level work; an export's reads its
    selection (reports.exports: the coach's districts, the cohort they facilitate). Raises
    Http404/PermissionDenied otherwise. Returns the meeting, the district's access, or the
    export as they may read it now."""
    if job.is_export:
        return open_export(job.requested_by, job.params)
    if job.is_packet:
        return documents.packet().meeting(
            job.requested_by, job.meeting.code, for_facilitators=job.for_facilitators
        )
    if job.is_archive:  # the district's whole record: its leads, and staff (before deleting)
        access = access_district(job.requested_by, job.district.code, audience=Audience.DISTRICT)
        access.require(access.can_lead or access.can_trash)
        return access
    return access_district(job.requested_by, job.district.code, audience=Audience.COACHES)


def _front_reading(meeting, job: ReportJob) -> Reading:
    if job.for_facilitators:
        return Reading(
            meeting=meeting,
            reader=job.requested_by,
            cohort_access=cohort_access(job.requested_by, meeting.cohort),
        )
    return Reading(meeting=meeting, for_cohort=True)


def packet_plan(job: ReportJob, on_section: OnSection | None = None) -> Plan:
    meeting = check_access(job)
    if job.for_facilitators:
        reading = packet_sections(meeting, job.requested_by)
        title = f"{meeting.title}: facilitators’ packet"
    else:
        reading = participants_sections(meeting)
        title = f"{meeting.title}: participants’ packet"
    sections, htmls = [], []
    for section in reading:
        sections.append(section)
        htmls.append(section_html(section, title=title, in_packet=True))
        if on_section is not None:
            on_section(htmls[-1], section.district.name)
    front = render_to_string(
        "reports/packet_front.html",
        {
            "title": title,
            "for_facilitators": job.for_facilitators,
            "meeting": meeting,
            "cohort": meeting.cohort,
            **documents.packet().front(meeting, _front_reading(meeting, job)),
            "site_url": settings.SITE_URL.rstrip("/"),
            "contents": _contents(sections),
            "stand_ins": True,
            "made_at": timezone.localtime(),
            "requested_by": job.requested_by,
        },
    )
    return Plan(
        title=title,
        front=front,
        sections=htmls,
        names=[s.district.name for s in sections],
        sources=[s.sources for s in sections],
    )


def district_plan(job: ReportJob) -> Plan:
    access = check_access(job)
    section = district_section(access)
    title = f"{access.district.name}: implementation report"
    front = render_to_string(
        "reports/district_front.html",
        {
            "title": title,
            "district": access.district,
            "contents": _contents([section]),
            "stand_ins": True,
            "made_at": timezone.localtime(),
        },
    )
    return Plan(
        title=title,
        front=front,
        sections=[section_html(section, title=title, in_packet=False)],
        names=[access.district.name],
        sources=[section.sources],
    )


def plan_for(job: ReportJob, on_section: OnSection | None = None) -> Plan:
    """The document of a job, as its requester may read it now. Raises Http404 or
    PermissionDenied if they no longer may. A packet's sections are each given to
    `on_section(html, district name)` as soon as made (report_render starts laying out the
    first while it reads the next)."""
    return packet_plan(job, on_section) if job.is_packet else district_plan(job)


def single_document_html(plan: Plan, starts: list[int] | None = None) -> str:
    """The same document as one HTML page (front, then every section), for comparing the
    pipeline with WeasyPrint or a browser laying it out in one go."""
    front = _STAND_IN.sub("", front_html(plan.front, starts))
    bodies = [_body(html) for html in plan.sections]
    head, _, rest = front.partition("</body>")
    return head + "".join(bodies) + "</body>" + rest


def _body(html: str) -> str:
    return html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
