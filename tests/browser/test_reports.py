"""The packet and the report as a person gets them: ask, follow the progress, download."""

import io
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import ReportJob
from reports.tasks import report_render
from tests.report_helpers import packet_job, packet_meeting


def _downloaded_text(page, link_name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_facilitator_exports_the_packet_and_downloads_it(
    cast, framework, live_server, page, sign_in, axe_check
):
    meeting = packet_meeting(cast, framework)
    sign_in(page, cast.facilitator.email)
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    expect(page.get_by_text("How do we norm teacher scores?")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Export the facilitators’ packet").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible(timeout=30000)
    axe_check(page)
    text = _downloaded_text(page, "Download the PDF")
    assert "Riverside School District" in text and "Hillcrest Regional School Unit" in text
    assert "How do we norm teacher scores?" in text  # kept for the facilitators
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    page.get_by_role("button", name="Export the participants’ packet").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible(timeout=30000)
    text = _downloaded_text(page, "Download the PDF")
    assert "How do we norm teacher scores?" not in text  # the one to hand out
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    expect(page.get_by_role("heading", name="Your packets of this meeting")).to_be_visible()
    axe_check(page)


def test_the_job_page_follows_the_worker_until_the_download_appears(
    cast, framework, live_server, page, sign_in, axe_check
):
    meeting = packet_meeting(cast, framework)
    job = packet_job(
        cast,
        meeting,
        status="running",
        progress=40,
        stage="Laid out Hillcrest Regional School Unit (1 of 2)",
        started_at=timezone.now(),
    )
    sign_in(page, cast.facilitator.email)
    page.goto(f"{live_server.url}/reports/{job.code}/")
    bar = page.get_by_role("progressbar", name="Progress")
    expect(bar).to_have_attribute("value", "40")
    axe_check(page)
    ReportJob.objects.filter(pk=job.pk).update(progress=70, stage="Laid out Riverside (2 of 2)")
    expect(page.get_by_role("status")).to_contain_text("Laid out Riverside", timeout=10000)
    expect(bar).to_have_attribute("value", "70")
    assert report_render.apply(args=[job.pk]).get() == "done"  # in-process: the whole packet
    expect(page.get_by_role("heading", name="Ready")).to_be_visible(timeout=10000)
    assert "Meeting 3" in _downloaded_text(page, "Download the PDF")


def test_the_superintendent_downloads_the_district_report(
    cast, framework, live_server, page, sign_in, axe_check
):
    packet_meeting(cast, framework)
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}{cast.riverside.get_absolute_url()}")
    page.get_by_role("button", name="Make the report (PDF)").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible(timeout=30000)
    axe_check(page)
    text = _downloaded_text(page, "Download the PDF")
    assert "Board minutes of March" in text
