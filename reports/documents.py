"""The documents: their HTML, made from Django templates (which escape every user text), and
their rendering through reports.render."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from districts.access import access_district
from districts.models import Audience
from meetings.selectors import access_meeting
from reports import render
from reports.models import ReportJob
from reports.selectors import DistrictSection, district_section, packet_sections


@dataclass
class Made:
    pdf: bytes
    page_count: int
    sources: list
    sections_reused: int


@dataclass
class Parts:
    """A document as HTML: the front part (given the sections' first pages) and sections."""

    title: str
    front: Callable[[list[int] | None], str]
    sections: list[str]
    records: list[DistrictSection]


def section_html(section: DistrictSection, *, title: str, in_packet: bool) -> str:
    return render_to_string(
        "reports/section.html",
        {"section": section, "title": title, "in_packet": in_packet},
    )


def _contents(sections: list[DistrictSection], starts: list[int] | None) -> list[tuple]:
    # Placeholders as wide as real page numbers, so that the front keeps its length.
    return [(s.district, starts[i] if starts else "000") for i, s in enumerate(sections)]


def packet_parts(job: ReportJob) -> Parts:
    """A meeting's packet, as its requester may read it. Raises Http404/PermissionDenied if
    they no longer facilitate the meeting's cohort."""
    meeting, access = access_meeting(job.requested_by, job.meeting.code)
    access.require_facilitator()
    sections = packet_sections(meeting, job.requested_by)
    title = f"{meeting.title}: meeting packet"
    agenda = list(meeting.agenda.select_related("protocol"))
    made_at = timezone.localtime()

    def front(starts):
        return render_to_string(
            "reports/packet_front.html",
            {
                "title": title,
                "meeting": meeting,
                "cohort": meeting.cohort,
                "agenda": agenda,
                "contents": _contents(sections, starts),
                "made_at": made_at,
                "requested_by": job.requested_by,
            },
        )

    return Parts(
        title=title,
        front=front,
        sections=[section_html(s, title=title, in_packet=True) for s in sections],
        records=sections,
    )


def district_parts(job: ReportJob) -> Parts:
    """A district's report, standalone (for a school board), as its requester may read it."""
    access = access_district(job.requested_by, job.district.code, audience=Audience.COACHES)
    section = district_section(access, job.requested_by)
    title = f"{access.district.name}: implementation report"
    made_at = timezone.localtime()

    def front(starts):
        return render_to_string(
            "reports/district_front.html",
            {
                "title": title,
                "district": access.district,
                "contents": _contents([section], starts),
                "made_at": made_at,
            },
        )

    return Parts(
        title=title,
        front=front,
        sections=[section_html(section, title=title, in_packet=False)],
        records=[section],
    )


def parts_for(job: ReportJob) -> Parts:
    return packet_parts(job) if job.kind == ReportJob.Kind.PACKET else district_parts(job)


def render_job(job: ReportJob) -> Made:
    from reports.services import job_progress

    parts = parts_for(job)
    total = max(len(parts.sections), 1)
    job_progress(job, 5, f"Laying out {len(parts.sections)} district section(s)")

    def on_section(done: int) -> None:
        name = parts.records[done - 1].district.name
        job_progress(job, 5 + 85 * done // total, f"Laid out {name} ({done} of {total})")

    rendered = render.assemble(parts.front, parts.sections, on_section=on_section)
    job_progress(job, 95, "Writing the PDF")
    return Made(
        pdf=rendered.pdf,
        page_count=rendered.page_count,
        sources=[s.sources for s in parts.records],
        sections_reused=rendered.sections_reused,
    )


def single_document_html(parts: Parts) -> str:
    """The same document as one HTML page (front with the final contents, then every
    section), for comparing the pipeline with WeasyPrint laying it out in one go."""
    rendered_starts = None
    front = parts.front(rendered_starts)
    bodies = [_body(html) for html in parts.sections]
    head, _, rest = front.partition("</body>")
    return head + "".join(bodies) + "</body>" + rest


def _body(html: str) -> str:
    return html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
