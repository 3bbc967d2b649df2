"""The packet and the report as a person gets them: ask, follow the progress, download."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import ReportJob
from reports.services import packet_subject
from reports.tasks import report_render
from tests.report_helpers import packet_meeting


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


def follows_the_worker(page, url: str, axe_check, moves_to: tuple[int, str], **fields):
    """A running job's page (the job made with `fields`) shows its progress, checked with
    axe, and follows the job as it moves to `moves_to` (progress, stage). Returns the job."""
    progress, stage = moves_to
    job = ReportJob.objects.create(status="running", started_at=timezone.now(), **fields)
    page.goto(f"{url}/reports/{job.code}/")
    bar = page.get_by_role("progressbar", name="Progress")
    expect(bar).to_have_attribute("value", str(fields["progress"]))
    axe_check(page)
    ReportJob.objects.filter(pk=job.pk).update(progress=progress, stage=stage)
    expect(page.get_by_role("status")).to_contain_text(stage, timeout=10000)
    expect(bar).to_have_attribute("value", str(progress))
    return job


def test_the_job_page_follows_the_worker_until_the_download_appears(
    cast, framework, live_server, page, sign_in, axe_check
):
    meeting = packet_meeting(cast, framework)
    sign_in(page, cast.facilitator.email)
    job = follows_the_worker(
        page,
        live_server.url,
        axe_check,
        (70, "Laid out Riverside (2 of 2)"),
        kind="packet",
        subject=packet_subject(meeting),
        meeting=meeting,
        requested_by=cast.facilitator,
        progress=40,
        stage="Laid out Hillcrest Regional School Unit (1 of 2)",
    )
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


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_staff_make_an_export_of_many_districts_in_the_background(
    cast, framework, live_server, page, sign_in, axe_check, settings, size
):
    """Over the limit (three districts over two here), the export's button opens its offer,
    which queues the job; the job's page follows it and gives the download."""
    import csv

    from tests.rubric_helpers import submitted_round

    settings.EXPORT_IN_REQUEST_UP_TO = 2
    submitted_round(cast.riverside, cast.lead, framework, title="Fall", sharing="cohort")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sign_in(page, cast.staff.email)
    page.goto(f"{live_server.url}/coach/")
    expect(
        page.get_by_text("Over 2 districts, an export is made in the background")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="All ratings (CSV)").click()
    expect(page.get_by_role("heading", name="Made in the background")).to_be_visible()
    expect(page.get_by_text("This export covers 3 districts")).to_be_visible()
    page.screenshot(path=f"data/screens/export-offer-{size[0]}.png", full_page=True)
    axe_check(page)
    page.get_by_role("button", name="Make the export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All ratings (CSV): every district")
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    page.screenshot(path=f"data/screens/export-job-{size[0]}.png", full_page=True)
    axe_check(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the export (CSV)").click()
    assert info.value.suggested_filename.startswith("waypoint-ratings-")
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert len(rows) == 1 + 15 and rows[1][0] == "Riverside School District"
    # a running one: the page follows the worker, as a document's does
    follows_the_worker(
        page,
        live_server.url,
        axe_check,
        (65, "Written 2 of 3 districts"),
        kind="export",
        subject="export:heatmap.xlsx:running",
        params={"export": "heatmap", "fmt": "xlsx"},
        requested_by=cast.staff,
        progress=35,
        stage="Written 1 of 3 districts",
    )
