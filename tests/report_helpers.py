"""A meeting worth a packet, and reading PDFs back."""

import io
from datetime import date

from django.urls import reverse
from pypdf import PdfReader

from meetings.models import Meeting
from planning.services import plan_set_horizon
from reports.models import ReportJob
from reports.services import packet_subject
from tests.factories import MembershipFactory
from tests.meeting_helpers import quick_fire_item, submit_problem
from tests.plan_helpers import milestone
from tests.rubric_helpers import submitted_round


def ask_for(client, request: str, capture, *, execute: bool = True, **kwargs) -> ReportJob:
    """The job that `client`'s post to the reports' `request` page (its URL's `kwargs`)
    queues, run at once unless `execute` is False, read after its run (the page answers
    with the job's)."""
    with capture(execute=execute):
        response = client.post(reverse(f"reports:{request}", kwargs=kwargs))
    assert response.status_code == 302, response.content[:500]
    return ReportJob.objects.get(code=response.url.split("/")[-2])


def ask_for_packet(client, meeting, capture, *, execute: bool = True) -> ReportJob:
    """The facilitators' packet of `meeting`, asked for by `client`."""
    return ask_for(client, "packet_request", capture, execute=execute, meeting=meeting.code)


def ask_for_participants_packet(client, meeting, capture) -> ReportJob:
    """The participants' packet of `meeting`, asked for by `client`."""
    return ask_for(client, "participants_packet_request", capture, meeting=meeting.code)


def ask_for_report(client, district, capture) -> ReportJob:
    """The district's report, asked for by `client`."""
    return ask_for(client, "district_report_request", capture, district=district.code)


def packet_meeting(cast, framework, *, problem_text: str = "How do we norm teacher scores?"):
    """Riverside: two rounds shared with the cohort (the later one higher on its first two
    dimensions, with evidence text), a plan with a milestone, a problem of practice.
    Hillcrest: one round shared with its coaches only."""
    submitted_round(
        cast.riverside, cast.lead, framework, title="Fall 2025", sharing="cohort", evidence="Old"
    )
    submitted_round(
        cast.riverside,
        cast.lead,
        framework,
        title="Spring 2026",
        sharing="cohort",
        positions={0: 2, 1: 3},
        evidence="Board minutes of March",
    )
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    submitted_round(
        cast.hillcrest, hillcrest_lead, framework, title="Hillcrest spring", sharing="coaches"
    )
    plan = plan_set_horizon(
        district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead
    )
    milestone(plan, cast.lead, 2026, "practice", "Every school piloting scoring criteria")
    meeting = Meeting.objects.create(
        cohort=cast.cohort,
        title="Meeting 3",
        first_date=date(2027, 2, 7),
        second_date=date(2027, 2, 8),
        location="Portland, Maine",
        outcomes="Draft an initial broad and long-term plan for implementation",
    )
    quick_fire_item(meeting, "Connections: Quick Fire Protocol")
    submit_problem(meeting, cast.riverside, cast.member, problem_text)
    return meeting


def packet_job(cast, meeting, **fields) -> ReportJob:
    """A job of the meeting's packet, asked for by the facilitator, at the state `fields` say."""
    return ReportJob.objects.create(
        kind="packet",
        subject=packet_subject(meeting),
        meeting=meeting,
        requested_by=cast.facilitator,
        **fields,
    )


def pdf_bytes(job: ReportJob) -> bytes:
    """The job's file, read through its storage (the media folder or a bucket)."""
    with job.file.open("rb") as stored:
        return stored.read()


def pdf_reader(job: ReportJob) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes(job)))


def pdf_text(job: ReportJob) -> str:
    """The PDF's text with white space folded (table cells wrap lines)."""
    return " ".join(" ".join(page.extract_text() for page in pdf_reader(job).pages).split())


def struct_elements(reader):
    """Every element of a tagged PDF's structure tree (pypdf), depth first."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if hasattr(kid, "get") and kid.get("/Type") == "/StructElem":
                yield kid
                stack.append(kid)


def figure_pages(reader) -> set[int]:
    """The pages (from 0) that hold a figure (a chart) of the structure tree."""
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    return {
        index[element.raw_get("/Pg").idnum]
        for element in struct_elements(reader)
        if element["/S"] == "/Figure"
    }
