"""Exports over more districts than a request reads (reports.exports): made by a worker as a
job, a batch of districts at a time, with the job page's progress; read again, as the person
may read it, when the job runs and at every download; theirs alone."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from districts.models import CoachAssignment, CohortDistrict
from notifications.models import Kind, Notice
from reports import exports
from reports.models import ReportJob
from reports.services import expire_stuck, report_request
from reports.tasks import LOST_ACCESS, export_make
from tests.factories import DistrictFactory
from tests.rubric_helpers import submitted_round


@pytest.fixture
def rated(cast, framework):
    """Riverside and Hillcrest each with a round shared with coaches and the cohort."""
    for district, title in ((cast.riverside, "Fall"), (cast.hillcrest, "Winter")):
        submitted_round(district, cast.lead, framework, title=title, sharing="cohort")


def export_url(kind: str, fmt: str, **query) -> str:
    url = reverse("dashboards:coach_export", kwargs={"kind": kind, "fmt": fmt})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def downloaded(client, job: ReportJob) -> bytes:
    response = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def queued(user, **params) -> ReportJob:
    """A job asked for and not run yet (the request's on-commit hand-off not taken)."""
    job, created = report_request(kind=ReportJob.Kind.EXPORT, params=params, acting_user=user)
    assert created
    return job


def test_a_large_selection_goes_to_the_background_and_is_downloaded_from_the_job_page(
    cast, client_for, rated, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_IN_REQUEST_UP_TO = 2  # the cast has three districts
    staff = client_for("staff")
    url = export_url("ratings", "csv")
    offer = staff.get(url).content.decode()
    assert "This export covers 3 districts" in offer and "Make the export" in offer
    assert not ReportJob.objects.exists()  # a GET asks for nothing
    with django_capture_on_commit_callbacks(execute=True):
        asked = staff.post(url)
    job = ReportJob.objects.get(kind="export")
    assert asked.url == reverse("reports:job", kwargs={"job": job.code})
    assert (job.status, job.progress, job.params) == (
        "done",
        100,
        {"export": "ratings", "fmt": "csv"},
    )
    page = staff.get(asked.url).content.decode()
    # (the job ran once the request's transaction was over: in a request, it would be ready)
    assert "Your export “All ratings (CSV)” is being made." in page
    assert "<h1>All ratings (CSV): every district</h1>" in page
    assert "Download the export (CSV)" in page
    # the offer lists it from now on
    assert "Your earlier exports of this selection" in staff.get(url).content.decode()
    # the same table as the request makes for a selection within the limit
    settings.EXPORT_IN_REQUEST_UP_TO = 500
    in_request = staff.get(url).getvalue()
    assert downloaded(staff, job) == in_request
    rows = csv_rows(in_request)
    assert len(rows) == 1 + 2 * 15 and rows[0][-2:] == ["Your calibration", "Your reason"]
    download = staff.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="waypoint-ratings-' in download["Content-Disposition"]
    # told when ready, as a document's requester is
    notice = Notice.objects.get(kind=Kind.REPORT_READY, recipient=cast.staff)
    assert notice.title == "Your download is ready: All ratings (CSV)"
    assert notice.url == asked.url


def test_the_job_writes_a_batch_of_districts_at_a_time_and_its_progress_moves(
    cast, rated, monkeypatch
):
    monkeypatch.setattr(exports, "BATCH", 1)
    seen = []
    record = exports.export_rows

    def recording(opened, progress):
        def noted(percent, stage):
            seen.append((percent, stage))
            progress(percent, stage)
            job.refresh_from_db()
            assert (job.status, job.progress, job.stage) == ("running", percent, stage)

        return record(opened, noted)

    monkeypatch.setattr(exports, "export_rows", recording)
    job = queued(cast.staff, export="heatmap", fmt="xlsx")
    assert export_make.apply(args=[job.pk]).get() == "done"
    assert seen == [
        (35, "Written 1 of 3 districts"),
        (65, "Written 2 of 3 districts"),
        (95, "Written 3 of 3 districts"),
    ]
    job.refresh_from_db()
    assert job.file.name == f"reports/{job.code}.xlsx"
    with job.file.open("rb") as kept:
        sheet = load_workbook(io.BytesIO(kept.read())).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "Heatmap" and sheet["A1"].font.bold
    assert [row[0] for row in cells] == [
        "District",
        "Hillcrest Regional School Unit",
        "Outer School District",
        "Riverside School District",
    ]
    assert [row[2] for row in cells[1:]] == ["Winter", None, "Fall"]


def test_the_selection_is_read_again_as_the_person_may_read_it_when_the_job_runs(
    cast, client_for, rated
):
    job = queued(cast.coach, export="ratings", fmt="csv")
    # between the asking and the running, the coach stops coaching Hillcrest
    CoachAssignment.objects.filter(coach=cast.coach, district=cast.hillcrest).delete()
    assert export_make.apply(args=[job.pk]).get() == "done"
    rows = csv_rows(downloaded(client_for("coach"), job))
    assert {row[0] for row in rows[1:]} == {"Riverside School District"}
    # and at the download: a coach of no district any more reads nothing of it
    CoachAssignment.objects.filter(coach=cast.coach).delete()
    for name in ("job", "job_status", "job_download"):
        url = reverse(f"reports:{name}", kwargs={"job": job.code})
        assert client_for("coach").get(url).status_code == 403, name


def test_a_job_whose_person_lost_the_selection_fails_and_is_never_widened(cast, rated):
    CoachAssignment.objects.create(coach=cast.coach, district=cast.outer)
    cohort = queued(cast.coach, export="heatmap", fmt="csv", cohort=cast.cohort.code)
    state = queued(cast.coach, export="heatmap", fmt="csv", state="NH")
    # the cohort filter is no longer the coach's (none of their districts is in it)
    CohortDistrict.objects.filter(cohort=cast.cohort).delete()
    assert export_make.apply(args=[cohort.pk]).get() == "refused"
    cohort.refresh_from_db()
    assert (cohort.status, cohort.error, cohort.file.name) == ("failed", LOST_ACCESS, "")
    # nor may they read New Hampshire's district any more: the filter is no longer theirs
    CoachAssignment.objects.filter(coach=cast.coach, district=cast.outer).delete()
    assert export_make.apply(args=[state.pk]).get() == "refused"
    # and someone who is no coach at all
    CoachAssignment.objects.filter(coach=cast.coach).delete()
    every = queued(cast.coach, export="ratings", fmt="csv")
    assert export_make.apply(args=[every.pk]).get() == "refused"


def test_a_large_cohort_is_exported_in_the_background_for_its_facilitator_alone(
    cast, client_for, rated, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_IN_REQUEST_UP_TO = 1
    url = reverse("dashboards:cohort_export", kwargs={"cohort": cast.cohort.code, "fmt": "xlsx"})
    facilitator = client_for("facilitator")
    assert "This export covers 2 districts" in facilitator.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(url)
    job = ReportJob.objects.get(kind="export", requested_by=cast.facilitator)
    assert job.status == "done"
    page = facilitator.get(reverse("reports:job", kwargs={"job": job.code})).content.decode()
    assert "Cohort ratings (XLSX): cohort Moving to Implementation" in page
    sheet = load_workbook(io.BytesIO(downloaded(facilitator, job))).active
    header = [cell.value for cell in sheet[1]]
    assert "Evidence" not in header and sheet.max_row == 1 + 2 * 15
    for role in ("lead", "coach", "outsider", "staff"):  # a job is its requester's alone
        assert client_for(role).get(f"/reports/{job.code}/download/").status_code == 404, role
    assert client_for("outsider").post(url).status_code == 404


def test_an_xlsx_longer_than_a_sheet_fails_saying_to_ask_for_the_csv(cast, rated, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 10)
    job = queued(cast.staff, export="ratings", fmt="xlsx")
    assert export_make.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "ask for the CSV" in job.error


def test_a_running_export_is_given_its_own_time_limit_before_it_is_called_stuck(cast, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.REPORT_TIME_LIMIT, settings.EXPORT_TIME_LIMIT = 90, 900
    started = timezone.now() - timedelta(seconds=settings.TASK_VISIBILITY_TIMEOUT + 200)
    export = queued(cast.staff, export="heatmap", fmt="csv")
    report, _ = report_request(kind="district", district=cast.riverside, acting_user=cast.lead)
    ReportJob.objects.update(status="running", started_at=started)
    assert expire_stuck() == 1
    assert ReportJob.objects.get(pk=report.pk).status == "failed"
    assert ReportJob.objects.get(pk=export.pk).status == "running"


@pytest.mark.parametrize("export", ["heatmap", "ratings"])
def test_each_batch_asks_the_same_queries_whatever_the_districts_in_it(
    cast, rated, export, monkeypatch
):
    """The queries grow with the batches, never with the districts: two batches of 10 ask
    the same for 12 districts as for 18 (the new ones named to come after the cast's, so
    that the first batch holds the rated districts both times: a batch with no round asks
    less)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(exports, "BATCH", 10)

    def written() -> int:
        opened = exports.open_export(cast.staff, {"export": export, "fmt": "csv"})
        with CaptureQueriesContext(connection) as queries:
            rows = list(exports.export_rows(opened, lambda percent, stage: None))
        assert rows[0] == opened.header and rows[1][0] == "Hillcrest Regional School Unit"
        return len(queries)

    for i in range(9):  # 12 districts
        DistrictFactory(name=f"Zeta {i:02d}")
    written()  # what a process reads once (the rubric's columns, the content types)
    twelve = written()
    for i in range(9, 15):
        DistrictFactory(name=f"Zeta {i:02d}")
    assert written() == twelve
