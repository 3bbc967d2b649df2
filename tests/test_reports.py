"""Meeting packets and district reports: asked for on the web, made by a Celery task with
WeasyPrint, served only to whoever asked, tagged for assistive technology, and safe against
hostile text."""

import gc
import io
import os
import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.signals import worker_process_init, worker_ready
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports import documents, pdfjoin, render
from reports.models import ReportJob
from reports.services import MAX_ATTEMPTS
from reports.tasks import report_render
from rubrics.models import ConsensusRating
from tests.documents import PDF
from tests.report_helpers import (
    ask_for_packet,
    ask_for_participants_packet,
    ask_for_report,
    packet_meeting,
    pdf_bytes,
    pdf_reader,
    pdf_text,
    struct_elements,
)

DIMENSIONS = ["Conceptual Framework and Core Principles", "Family and Community Engagement"]


@pytest.fixture(autouse=True)
def fresh_part_store(monkeypatch, tmp_path):
    """Each test starts with no stored parts or page-number stamps."""
    folder = FileSystemStorage(location=tmp_path)
    monkeypatch.setattr(render, "store", render.SectionStore("parts", storage=folder))
    monkeypatch.setattr(render, "stamps", render.SectionStore("numbers", storage=folder))


@pytest.fixture
def meeting(cast, framework):
    return packet_meeting(cast, framework)


def job_url(job, name="job"):
    return reverse(f"reports:{name}", kwargs={"job": job.code})


# ---------------------------------------------------------------- the packet


def test_the_facilitator_exports_a_packet_and_downloads_the_pdf(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert (job.status, job.progress, job.error) == ("done", 100, "")

    page = client.get(job_url(job)).content.decode()
    assert "Download the PDF" in page
    response = client.get(job_url(job, "job_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    text = pdf_text(job)
    for expected in [
        "Meeting 3",
        "Portland, Maine",
        "Draft an initial broad and long-term plan",
        "Quick Fire Protocol",
        "Debrief the Protocol (3 minutes)",
    ]:
        assert expected in text, expected
    assert "Riverside School District" in text
    assert "Hillcrest Regional School Unit" in text
    for dimension in DIMENSIONS:
        assert dimension in text
    assert "How do we norm teacher scores?" in text
    assert "For the facilitators only: not shared with the cohort." in text
    assert job.page_count == len(pdf_reader(job).pages) >= 4


def test_the_packet_shows_the_level_and_the_change_since_the_round_before(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    text = pdf_text(job)
    assert "Latest submitted round: Spring 2026" in text
    assert "compared with Fall 2025" in text
    assert "↑ Growth" in text
    assert "Policy and Framework: 2 grew, 2 stayed, 0 went back." in text


def test_the_facilitator_sees_levels_only_and_only_what_is_shared_with_the_cohort(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    text = pdf_text(job)
    assert "Board minutes of March" not in text  # evidence never goes to the cohort
    assert "Hillcrest spring" not in text  # shared with coaches only
    assert "Hillcrest Regional School Unit has no submitted self-assessment shared" in text
    assert "Every school piloting scoring criteria" not in text  # the plan is the coaches'
    assert "shares its plan, action steps and policy review with its coaches only" in text


def test_the_participants_packet_holds_only_what_the_whole_cohort_may_read(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    from tests.meeting_helpers import submit_problem

    submit_problem(
        meeting,
        cast.riverside,
        cast.lead,
        "Families ask what a 3 means",
        kind="concern",
        topics=["engagement"],
        shared=True,
    )
    capture = django_capture_on_commit_callbacks
    # Riverside's own lead asks for it: still nothing more than the cohort reads.
    job = ask_for_participants_packet(client_for("lead"), meeting, capture)
    assert (job.kind, job.status) == ("participants", "done")
    text = pdf_text(job)
    assert "participants’ packet" in text.lower()
    assert "Families ask what a 3 means" in text  # shared with the cohort
    assert "How do we norm teacher scores?" not in text  # kept for the facilitators
    assert "For the facilitators only" not in text
    assert "Board minutes of March" not in text  # levels only, even for its own lead
    assert "Every school piloting scoring criteria" not in text  # the plan is the coaches'
    assert "Hillcrest spring" not in text
    assert "Spring 2026" in text and "↑ Growth" in text
    response = client_for("lead").get(job_url(job, "job_download"))
    assert response.status_code == 200
    assert "participants-packet.pdf" in response["Content-Disposition"]

    # The same pages whoever asks: the facilitator's participants' packet reuses every part.
    facilitators_copy = ask_for_participants_packet(client_for("facilitator"), meeting, capture)
    assert facilitators_copy.sections_reused == len(facilitators_copy.sources) >= 2
    after_the_cover = "and the problems of practice it lets the cohort read."
    assert after_the_cover in text
    assert re.search(r"packet made at \d+:\d\d [ap]\.m\. on \w+ \d+, \d{4}\.", text)
    assert "m.." not in text
    assert pdf_text(facilitators_copy).split(after_the_cover)[1] == text.split(after_the_cover)[1]


def test_the_facilitators_packet_is_marked_and_keeps_the_private_problems(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    text = pdf_text(job)
    assert "facilitators’ packet: for the facilitators only" in text.lower()
    assert "How do we norm teacher scores?" in text
    assert "For the facilitators only: not shared with the cohort." in text
    assert job.filename.endswith("-facilitators-packet.pdf")


def test_the_meeting_page_offers_each_reader_the_packets_they_may_ask_for(
    cast, client_for, meeting
):
    url = reverse("meetings:meeting", kwargs={"meeting": meeting.code})
    team = client_for("member").get(url).content.decode()
    assert "Export the participants’ packet" in team
    assert "Export the facilitators’ packet" not in team
    facilitator = client_for("facilitator").get(url).content.decode()
    assert "Export the participants’ packet" in facilitator
    assert "Export the facilitators’ packet" in facilitator


def test_a_plan_shared_with_the_cohort_is_in_the_facilitators_packet(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    from planning.services import plan_sharing_set

    plan_sharing_set(district=cast.riverside, sharing="cohort", acting_user=cast.lead)
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    text = pdf_text(job)
    assert "Every school piloting scoring criteria" in text
    assert "Graduation Requirements" in text
    assert "Board minutes of March" not in text  # still levels only
    assert "Hillcrest Regional School Unit shares its plan" in text


def test_the_packet_records_which_rounds_and_plan_versions_it_used(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("staff"), meeting, django_capture_on_commit_callbacks)
    by_name = {s["name"]: s for s in job.sources}
    riverside = by_name["Riverside School District"]
    assert riverside["round"]["title"] == "Spring 2026"
    assert riverside["previous_round"]["title"] == "Fall 2025"
    assert riverside["plan"]["cells"] == {"2026-practice": 1}
    assert by_name["Hillcrest Regional School Unit"]["round"]["title"] == "Hillcrest spring"
    page = client_for("staff").get(job_url(job)).content.decode()
    assert "Spring 2026" in page and "Fall 2025" in page


def test_asking_twice_while_a_job_runs_returns_that_job(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    first = ask_for_packet(client, meeting, django_capture_on_commit_callbacks, execute=False)
    second = ask_for_packet(client, meeting, django_capture_on_commit_callbacks, execute=False)
    assert first == second
    assert ReportJob.objects.count() == 1
    assert first.status == "queued"
    page = client.get(job_url(first)).content.decode()
    assert 'role="status"' in page and "<progress" in page


def test_a_finished_job_does_not_block_a_new_one(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    first = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    second = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert first != second
    assert ReportJob.objects.filter(status="done").count() == 2


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 403), ("member", 403), ("viewer", 403), ("coach", 403), ("outsider", 404)],
)
def test_only_facilitators_and_staff_export_packets(cast, client_for, meeting, role, status):
    response = client_for(role).post(
        reverse("reports:packet_request", kwargs={"meeting": meeting.code})
    )
    assert response.status_code == status
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("role", ["lead", "coach", "outsider", "staff"])
def test_nobody_else_reaches_a_job_or_its_file(
    cast, client_for, meeting, role, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    client = client_for(role)
    for name in ("job", "job_status", "job_download"):
        assert client.get(job_url(job, name)).status_code == 404


def test_a_facilitator_who_leaves_the_cohort_loses_the_packet(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    cast.cohort.facilitators.remove(cast.facilitator)
    assert client.get(job_url(job, "job_download")).status_code == 404


def test_the_task_checks_again_who_asked(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    cast.cohort.facilitators.remove(cast.facilitator)
    assert report_render.apply(args=[job.pk]).get() == "refused"
    job.refresh_from_db()
    assert job.status == "failed"
    assert "no longer read" in job.error
    assert not job.file


def test_the_progress_endpoint_reports_the_state(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks, execute=False)
    queued = client.get(job_url(job, "job_status")).json()
    assert (queued["status"], queued["download_url"]) == ("queued", "")
    report_render.apply(args=[job.pk])
    done = client.get(job_url(job, "job_status")).json()
    assert (done["status"], done["progress"]) == ("done", 100)
    assert done["download_url"] == job_url(job, "job_download")


# ---------------------------------------------------------------- failure, retry, idempotence


def test_a_failure_shows_its_reason_and_a_retry_makes_the_packet(
    cast, client_for, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("the layout engine ran out of paper")

    monkeypatch.setattr(render, "layout", broken)
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    page = client.get(job_url(job)).content.decode()
    assert "the layout engine ran out of paper" in page
    assert "Try again" in page
    assert client.get(job_url(job, "job_download")).status_code == 404

    monkeypatch.undo()
    retried = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert retried != job and retried.status == "done"


def test_when_the_workers_cannot_be_reached_the_job_waits_and_is_sent_once_they_are_back(
    cast, client_for, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reports.services import jobs_sweep

    real_delay = report_render.delay

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(report_render, "delay", unreachable)
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert job.status == "queued" and job.sent_at is None
    page = client.get(job_url(job)).content.decode()
    assert "cannot be reached right now" in page and "once they are back" in page
    # The broker is back; the sweep (every minute) sends what was never sent.
    monkeypatch.setattr(report_render, "delay", real_delay)
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert jobs_sweep()["sent"] == 1
    job.refresh_from_db()
    assert (job.status, job.sends) == ("done", 1)


def test_a_job_whose_message_the_broker_lost_is_sent_again_then_failed(
    cast, client_for, meeting, monkeypatch, settings
):
    from reports.services import MAX_SENDS, jobs_sweep

    sent = []
    monkeypatch.setattr(report_render, "delay", lambda job_id: sent.append(job_id))
    job = ReportJob.objects.create(
        kind="packet", subject="packet:x", meeting=meeting, requested_by=cast.facilitator
    )
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_RESEND_AFTER + 5)
    ReportJob.objects.filter(pk=job.pk).update(sent_at=long_ago, sends=1, created_at=long_ago)
    assert jobs_sweep()["sent"] == 1  # a Redis restart lost it: sent again
    assert jobs_sweep()["sent"] == 0  # just sent: not again before REPORT_RESEND_AFTER
    ReportJob.objects.filter(pk=job.pk).update(sent_at=long_ago, sends=MAX_SENDS)
    assert jobs_sweep()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and "Try again" in job.error
    assert sent == [job.pk]
    page = client_for("facilitator").get(job_url(job)).content.decode()
    assert ">Try again</button>" in page


def test_running_the_task_twice_renders_once(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    finished = job.finished_at
    assert report_render.apply(args=[job.pk]).get() == "nothing to do"
    job.refresh_from_db()
    assert (job.status, job.finished_at, job.attempts) == ("done", finished, 1)


def test_a_job_whose_worker_died_is_taken_over_by_the_redelivered_task(
    cast, client_for, meeting, settings, django_capture_on_commit_callbacks
):
    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    # What a worker killed mid-render leaves behind: the job running, its beat stopped.
    silent = timezone.now() - timedelta(seconds=settings.REPORT_STALL_AFTER + 1)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=silent, beat_at=silent, progress=40
    )
    assert report_render.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_a_job_whose_worker_still_beats_is_not_taken_over_by_a_twin_of_its_task(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    """A task handed out again while its first run is alive (a visibility timeout shorter
    than the job) leaves the job to that run."""
    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=now, beat_at=now, progress=40
    )
    assert report_render.apply(args=[job.pk]).get() == "nothing to do"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == ("running", 1, 40)


def test_a_run_stopped_by_a_database_error_leaves_the_job_to_its_retry_at_once(
    cast, client_for, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    """Celery retries report_render on a database error; the retry must not find the job
    still beating for the run that stopped (it would wait for the sweep)."""
    from django.db import OperationalError

    from reports import tasks

    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    tasks.report_section.app.conf.CELERY_TASK_ALWAYS_EAGER = False  # beats, as on a worker

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(documents, "plan_for", database_gone)
    with pytest.raises(OperationalError):
        tasks.report_render.run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.beat_at, job.attempts) == ("running", None, 1)
    monkeypatch.undo()
    tasks.report_section.app.conf.CELERY_TASK_ALWAYS_EAGER = True
    assert report_render.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_the_sweep_hands_a_job_whose_worker_stopped_beating_to_another_and_says_so(
    cast, client_for, meeting, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from reports.services import jobs_sweep

    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks, execute=False)
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=now, beat_at=now, progress=49, sends=1
    )
    sent = []
    monkeypatch.setattr(report_render, "delay", lambda job_id: sent.append(job_id))
    assert jobs_sweep()["taken_over"] == 0  # beating: left alone
    silent = now - timedelta(seconds=settings.REPORT_STALL_AFTER + 1)
    ReportJob.objects.filter(pk=job.pk).update(beat_at=silent)
    assert jobs_sweep()["taken_over"] == 1
    assert jobs_sweep()["taken_over"] == 0  # sent once: the next worker claims it
    assert sent == [job.pk]
    page = client.get(job_url(job)).content.decode()
    assert "A part is being made again" in page and "(49%)" in page

    monkeypatch.undo()
    assert report_render.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.sends, job.error) == ("done", 2, 2, "")


def test_a_job_taken_over_while_the_broker_is_down_is_sent_again_later(
    cast, client_for, meeting, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reports.services import jobs_sweep

    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    silent = timezone.now() - timedelta(seconds=settings.REPORT_STALL_AFTER + 1)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=silent, beat_at=silent, sent_at=silent, sends=1
    )

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(report_render, "delay", unreachable)
    assert jobs_sweep()["taken_over"] == 0  # freed, but the broker did not take it
    sent = []
    monkeypatch.setattr(report_render, "delay", lambda job_id: sent.append(job_id))
    assert jobs_sweep()["taken_over"] == 0  # not before REPORT_RESEND_AFTER
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_RESEND_AFTER + 1)
    ReportJob.objects.filter(pk=job.pk).update(sent_at=long_ago)
    assert jobs_sweep()["taken_over"] == 1
    assert sent == [job.pk]


def test_a_job_that_keeps_killing_its_worker_fails_with_its_reason(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    ReportJob.objects.filter(pk=job.pk).update(status="running", attempts=MAX_ATTEMPTS)
    assert report_render.apply(args=[job.pk]).get() == "nothing to do"
    job.refresh_from_db()
    assert job.status == "failed"
    assert f"stopped {MAX_ATTEMPTS} times" in job.error


def test_a_job_stuck_as_running_is_shown_as_failed(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks, execute=False)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - timedelta(hours=2)
    )
    page = client.get(job_url(job)).content.decode()
    job.refresh_from_db()
    assert job.status == "failed"
    assert "stopped before it finished" in page
    assert ask_for_packet(client, meeting, django_capture_on_commit_callbacks) != job


# ---------------------------------------------------------------- the workers' start


@pytest.mark.parametrize("signal", [worker_ready, worker_process_init])
def test_a_starting_worker_loads_the_renderer_then_freezes_its_heap(signal):
    """The workers' start (solo pool, or each prefork child) lays a line out, so fonts and
    stylesheets are loaded, then hides the heap from the garbage collector."""
    render.print_stylesheets.cache_clear()
    assert gc.get_freeze_count() == 0
    try:
        signal.send(sender=None)
        assert render.print_stylesheets.cache_info().currsize == 1
        assert render.fonts.cache_info().currsize == 1
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# ---------------------------------------------------------------- reuse of unchanged sections


def without_time_made(text):
    text, found = re.subn(r"made at \d{1,2}:\d{2} [ap]\.m\. on \w+ \d{1,2}, \d{4}", "made", text)
    assert found == 1, "the front page says when the packet was made"
    return text


def test_unchanged_district_sections_are_not_laid_out_again(
    cast, client_for, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    laid_out = []
    real_layout = render._layout

    def counting(html, *extra):  # every layout WeasyPrint makes
        laid_out.append("<section" in html)
        return real_layout(html, *extra)

    monkeypatch.setattr(render, "_layout", counting)
    client = client_for("facilitator")
    first = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert first.sections_reused == 0
    assert sorted(laid_out) == [False, False, True, True]  # the front twice, two districts

    laid_out.clear()
    second = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    # only the front: with its numbers, and with placeholders unless kept from the first
    # (the same minute made)
    assert second.sections_reused == 2 and laid_out in ([False], [False, False])
    # the same pages, but for the minute each was made at (the runs may straddle a minute)
    assert without_time_made(pdf_text(second)) == without_time_made(pdf_text(first))

    laid_out.clear()
    problem = meeting.problems.get()
    problem.text = "How do we norm scores across schools?"
    problem.save()
    third = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert third.sections_reused == 1  # Hillcrest's section is unchanged
    assert laid_out.count(True) == 1
    assert "across schools" in pdf_text(third)


def test_each_missing_section_is_a_task_of_its_own(
    cast, client_for, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import tasks

    calls = []
    real_section = tasks.report_section.run

    def section(job_id, key, html, name, step):
        calls.append(name)
        return real_section(job_id, key, html, name, step)

    monkeypatch.setattr(tasks.report_section, "run", section)
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    assert job.status == "done"
    assert sorted(calls) == ["Hillcrest Regional School Unit", "Riverside School District"]


def test_the_first_sections_go_to_the_workers_while_the_next_are_read_and_report_render_makes_what_none_made(  # noqa: E501
    cast, client_for, meeting, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """On real workers, report_render sends the first sections out as soon as their HTML is
    made, the rest once all are read; it waits for none of them: a section no worker made
    (its worker died, or all are busy) it makes itself, from the last back."""
    from reports import tasks

    # as with real workers (the autouse tasks_in_process fixture restores it after)
    tasks.report_section.app.conf.CELERY_TASK_ALWAYS_EAGER = False
    settings.REPORT_EARLY_SECTIONS = 1
    sent, made = [], []
    monkeypatch.setattr(tasks.report_section, "delay", lambda *args: sent.append(args[3]))
    real_part = render.part_pdf
    monkeypatch.setattr(render, "part_pdf", lambda html: made.append(html) or real_part(html))
    read = []
    real_section = documents.section_html

    def reading(section, **kwargs):
        read.append(section.district.name)
        if len(read) == 2:
            assert sent == ["Hillcrest Regional School Unit"]  # out before the second is read
        return real_section(section, **kwargs)

    monkeypatch.setattr(documents, "section_html", reading)
    job = ask_for_packet(
        client_for("facilitator"), meeting, django_capture_on_commit_callbacks, execute=False
    )
    assert tasks.report_render.run(job.pk) == "done"
    assert read == sent == ["Hillcrest Regional School Unit", "Riverside School District"]
    assert ["Riverside School District" in html for html in made] == [True, False]
    job.refresh_from_db()
    assert (job.status, job.sections_reused) == ("done", 0)
    assert "Riverside School District" in pdf_text(job)


def test_a_section_that_cannot_be_made_fails_the_job_with_the_districts_name(
    cast, client_for, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    real_part = render.part_pdf

    def failing_layout(html):
        if "Riverside School District" in html and "Hillcrest" not in html:
            raise ValueError("bad section")
        return real_part(html)

    monkeypatch.setattr(render, "part_pdf", failing_layout)
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert "Riverside School District: ValueError: bad section" in job.error


def test_unused_parts_are_pruned(tmp_path):
    folder = FileSystemStorage(location=tmp_path)
    store = render.SectionStore(storage=folder)
    store.put("aa-old", b"%PDF-old")
    store.put("ab-new", b"%PDF-new")
    old = time.time() - 40 * 24 * 3600
    os.utime(folder.path(store.name("aa-old")), (old, old))
    assert store.prune(older_than=timedelta(days=30)) == 1
    assert (store.get("aa-old"), store.get("ab-new")) == (None, b"%PDF-new")


def test_page_number_stamps_are_made_once_per_hundred_pages_and_stamp_shorter_documents():
    numbers = render.numbers_for(3)
    assert pdfjoin.page_count(numbers) == 100
    assert render.numbers_for(100) == numbers  # kept: not laid out again
    assert pdfjoin.page_count(render.numbers_for(101)) == 200
    part = render.part_pdf("<html lang='en'><body><p>One</p><p style='break-before: page'>Two")
    joined = PdfReader(io.BytesIO(pdfjoin.join(part, [part], numbers)))
    texts = [page.extract_text() for page in joined.pages]
    assert len(texts) == 4 and all(f"Page {n}" in t for n, t in enumerate(texts, start=1))
    with pytest.raises(ValueError, match="fewer pages"):
        pdfjoin.join(part, [part], render.numbers_pdf(3))


def test_the_join_reads_the_fronts_length_from_the_layout_report_render_kept(
    cast, meeting, monkeypatch
):
    front = render.part_pdf("<html lang='en'><body><p>Front</p></body></html>")
    html = "<html lang='en'><body><p>The front, with placeholders</p></body></html>"
    render.store.put(render.front_key(html), front)
    monkeypatch.setattr(render, "_layout", lambda *a: pytest.fail("laid out again"))
    assert render.front_pages(html) == (1, False)
    # kept as laid out tighter: the join lays it out tighter too, and only once
    tighter = "<html lang='en'><body><p>A front laid out tighter</p></body></html>"
    render.store.put(render.front_key(tighter, tight=True), front)
    assert render.front_pages(tighter) == (1, True)


def test_report_render_lays_the_front_out_once_while_the_workers_make_the_sections(
    cast, client_for, meeting, django_capture_on_commit_callbacks, monkeypatch
):
    """With placeholders for its page numbers, ahead, then kept: the join reads its length
    from the store and lays out only the front with the numbers."""
    ahead, laid_out = [], []
    real_ahead, real_layout = render.front_ahead, render._layout
    monkeypatch.setattr(render, "front_ahead", lambda html: ahead.append(html) or real_ahead(html))
    monkeypatch.setattr(
        render, "_layout", lambda html, *extra: laid_out.append(html) or real_layout(html, *extra)
    )
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.DONE
    [placeholders] = ahead
    assert laid_out.count(placeholders) == 1


def test_the_contents_give_each_districts_first_page(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    reader = pdf_reader(job)
    pages = [page.extract_text() for page in reader.pages]
    for name in ("Hillcrest Regional School Unit", "Riverside School District"):
        first = next(i for i, text in enumerate(pages, start=1) if text.lstrip().startswith(name))
        assert f"{name} (ME) {first}" in pages[0]
        assert f"Page {first}" in pages[first - 1]


# ---------------------------------------------------------------- the district report


def test_a_superintendent_downloads_the_district_report_with_evidence(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    client = client_for("lead")
    job = ask_for_report(client, cast.riverside, django_capture_on_commit_callbacks)
    assert client.get(job_url(job, "job_download")).status_code == 200
    text = pdf_text(job)
    assert "Riverside School District" in text
    assert "Board minutes of March" in text
    assert "Every school piloting scoring criteria" in text
    assert "Graduation Requirements" in text  # the policy checklist
    assert "Hillcrest" not in text
    assert "How do we norm" not in text  # problems of practice belong to packets
    assert re.search(r"as recorded in Waypoint at \d+:\d\d [ap]\.m\. on", text)
    assert "m.." not in text


def test_documents_list_the_evidence_files_their_reader_may_read(
    cast, client_for, meeting, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.services import attachment_add_files, attachment_add_link
    from planning.models import PlanCell

    settings.SITE_URL = "https://waypoint.example.org"
    spring = ConsensusRating.objects.filter(
        round__district=cast.riverside, round__title="Spring 2026"
    ).order_by("dimension__domain__position", "dimension__position")[0]
    pdf = SimpleUploadedFile("Walkthrough tool.pdf", PDF)
    attachment_add_files(item=spring, files=[pdf], acting_user=cast.lead)
    cell = PlanCell.objects.get(district=cast.riverside, year=2026, strand="practice")
    attachment_add_link(
        item=cell,
        title="Pilot schools folder",
        url="https://drive.example.org/p",
        acting_user=cast.lead,
    )
    report = ask_for_report(client_for("lead"), cast.riverside, django_capture_on_commit_callbacks)
    text = pdf_text(report)
    assert "Evidence files and links" in text
    assert "Walkthrough tool.pdf" in text and "added by Lena Lead" in text
    assert "Pilot schools folder" in text
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in pdf_reader(report).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]
    round_page = reverse(
        "rubrics:round",
        kwargs={"district": cast.riverside.code, "round_code": spring.round.code},
    )
    page = f"https://waypoint.example.org{round_page}#dimension-{spring.dimension.code}"
    assert page in links  # a link back to the app; no file is embedded
    assert b"/EmbeddedFile" not in pdf_bytes(report)
    # the facilitators read levels, never evidence: neither packet lists the file
    packet = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    participants = ask_for_participants_packet(
        client_for("lead"), meeting, django_capture_on_commit_callbacks
    )
    for job in (packet, participants):
        assert "Walkthrough tool.pdf" not in pdf_text(job)


@pytest.mark.parametrize(("role", "status"), [("facilitator", 403), ("outsider", 404)])
def test_the_district_report_is_for_the_team_coaches_and_staff(cast, client_for, role, status):
    response = client_for(role).post(
        reverse("reports:district_report_request", kwargs={"district": cast.riverside.code})
    )
    assert response.status_code == status


def test_the_district_home_offers_the_report_and_lists_the_persons_own(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    job = ask_for_report(client_for("lead"), cast.riverside, django_capture_on_commit_callbacks)
    page = client_for("lead").get(cast.riverside.get_absolute_url()).content.decode()
    assert "Make the report (PDF)" in page and str(job.code) in page
    other = client_for("member").get(cast.riverside.get_absolute_url()).content.decode()
    assert str(job.code) not in other


# ---------------------------------------------------------------- accessible PDF


@pytest.mark.parametrize(
    ("edition", "role"), [("facilitators", "facilitator"), ("participants", "member")]
)
def test_the_packet_is_a_tagged_pdf_with_title_language_outline_and_alternatives(
    cast, client_for, meeting, django_capture_on_commit_callbacks, edition, role
):
    """Both packets: tagged PDF/UA with title, language, headings, tables, figures with
    alternatives, and an outline with each district."""
    if edition == "facilitators":
        job = ask_for_packet(client_for(role), meeting, django_capture_on_commit_callbacks)
    else:  # a member asks: the same pages as anyone (Riverside's two rounds make a chart)
        job = ask_for_participants_packet(
            client_for(role), meeting, django_capture_on_commit_callbacks
        )
    reader = pdf_reader(job)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == f"Meeting 3: {edition}’ packet"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and f"Meeting 3: {edition}’ packet" in xmp

    elements = list(struct_elements(reader))
    kinds = [e["/S"] for e in elements]
    for kind in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"):
        assert kind in kinds, kind
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures and all("grew" in e["/Alt"] or "level" in e["/Alt"] for e in figures)

    top = [item.title for item in reader.outline if not isinstance(item, list)]
    second = [
        i.title
        for group in reader.outline
        if isinstance(group, list)
        for i in group
        if not isinstance(i, list)
    ]
    assert top == ["Meeting 3"]
    assert {"Contents", "Agenda", "Group norms"} <= set(second)
    assert {"Riverside School District (ME)", "Hillcrest Regional School Unit (ME)"} <= set(second)


def test_the_joined_packet_is_one_structure_with_links_to_each_districts_first_page(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    """The parts were laid out apart; the PDF must not show it: one Document element, every
    element on a page of this document, one parent-tree entry for each page and link, and
    the contents' links landing on each district's first page."""
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    reader = pdf_reader(job)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    assert len(tree["/K"]) == 1 and tree["/K"][0].get_object()["/S"] == "/Document"
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    elements = list(struct_elements(reader))
    assert all(e.raw_get("/Pg").idnum in pages for e in elements if "/Pg" in e)

    keys = [page["/StructParents"] for page in reader.pages]
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    keys += [link["/StructParent"] for link in links]
    nums = tree["/ParentTree"]["/Nums"]
    assert sorted(keys) == sorted(nums[::2]) == list(range(len(keys)))
    assert tree["/ParentTreeNextKey"] == len(keys)

    names = reader.trailer["/Root"]["/Names"]["/Dests"]["/Names"]
    destinations = dict(zip(names[::2], names[1::2], strict=True))
    texts = [page.extract_text() for page in reader.pages]
    contents_links = [
        a.get_object() for a in reader.pages[0].get("/Annots", []) if "/Dest" in a.get_object()
    ]
    assert len(contents_links) == 2
    for link in contents_links:
        target = pages[destinations[link["/Dest"]][0].idnum]
        district = cast.riverside if cast.riverside.code in link["/Dest"] else cast.hillcrest
        assert texts[target].lstrip().startswith(district.name)
        assert f"Page {target + 1}" in texts[target]


# ---------------------------------------------------------------- hostile input


class CountingServer:
    """A server on the loopback address that counts what it is asked for."""

    def __init__(self):
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback():
    server = CountingServer()
    yield server
    server.close()


def hostile_html(url: str) -> str:
    svg = (
        "data:image/svg+xml,"
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        "width='10' height='10'><image href='file:///etc/passwd' width='10' height='10'/>"
        f"<image xlink:href='{url}/svg-image' width='10' height='10'/></svg>"
    )
    return (
        "<!doctype html><html lang='en'><head><title>Hostile</title>"
        f"<link rel='stylesheet' href='{url}/stylesheet.css'>"
        f"<link rel='attachment' href='file:///etc/passwd'>"
        f"<style>@import url('{url}/import.css'); p {{ background: url('{url}/bg') }}</style>"
        "</head><body><h1>Hostile</h1>"
        "<img src='file:///etc/passwd' alt='passwd'>"
        f"<img src='{url}/img.png' alt='remote'>"
        f"<img src=\"{svg}\" alt='svg'>"
        f"<a rel='attachment' href='{url}/attachment.bin'>attachment</a>"
        f"<p style=\"background-image: url('{url}/inline')\">text</p>"
        "</body></html>"
    )


def test_the_renderer_fetches_nothing_a_hostile_document_names(loopback):
    document = render.layout(hostile_html(loopback.url))
    pdf = render.write_pdf(document)
    assert loopback.requests == []
    assert b"/EmbeddedFiles" not in pdf
    assert b"root:x:0:0" not in pdf
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "root:" not in text


def test_the_fetcher_serves_only_static_files_and_data_urls(settings):
    css = render.safe_url_fetcher(render.static_base_url() + "css/print.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    data = render.safe_url_fetcher("data:text/plain,hello")
    assert (data.read(), data.content_type) == (b"hello", "text/plain")
    for url in (
        "file:///etc/passwd",
        render.static_base_url() + "../manage.py",
        "http://127.0.0.1:8000/",
        "https://example.org/x.png",
        "ftp://127.0.0.1/x",
        "file://localhost/etc/passwd",
    ):
        with pytest.raises(render.FetchRefused):
            render.safe_url_fetcher(url)


def test_hostile_text_in_the_districts_work_is_printed_not_obeyed(
    cast, client_for, framework, loopback, django_capture_on_commit_callbacks
):
    hostile = (
        f'<img src="file:///etc/passwd"> <link rel="attachment" href="{loopback.url}/a">'
        f"<style>p {{ background: url({loopback.url}/css) }}</style>"
        f'<svg><image href="{loopback.url}/svg"/></svg>'
    )
    meeting = packet_meeting(cast, framework, problem_text=hostile)
    ConsensusRating.objects.filter(district=cast.riverside).update(evidence=hostile)
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    report = ask_for_report(client_for("lead"), cast.riverside, django_capture_on_commit_callbacks)
    assert loopback.requests == []
    for made in (job, report):
        made.refresh_from_db()
        assert made.status == "done"
        compact = pdf_text(made).replace(" ", "")
        assert '<imgsrc="file:///etc/passwd">' in compact
        assert b"/EmbeddedFiles" not in pdf_bytes(made)


def test_the_packets_list_the_files_of_the_notes_their_readers_read(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.services import attachment_add_files, attachment_add_link
    from tests.meeting_helpers import facilitators_note

    private = facilitators_note(meeting, cast.facilitator, "Pair the districts on norming")
    shared = facilitators_note(
        meeting, cast.facilitator, "Meet in Augusta next time", kind="decision", shared=True
    )
    pdf = SimpleUploadedFile("Pairing plan.pdf", PDF)
    attachment_add_files(item=private, files=[pdf], acting_user=cast.facilitator)
    attachment_add_link(
        item=shared,
        title="Directions to Augusta",
        url="https://maps.example.org/a",
        acting_user=cast.facilitator,
    )
    packet = pdf_text(
        ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    )
    assert "Pairing plan.pdf" in packet and "Directions to Augusta" in packet
    participants = pdf_text(
        ask_for_participants_packet(client_for("lead"), meeting, django_capture_on_commit_callbacks)
    )
    assert "Directions to Augusta" in participants
    assert "Pairing plan.pdf" not in participants and "Pair the districts" not in participants


def test_every_document_part_is_declared_by_its_feature_with_a_template_that_exists():
    from django.template.loader import get_template

    from districts import documents

    slugs = [part.slug for part in documents.parts()]
    assert slugs == [
        "assessment",
        "competencies",
        "plan",
        "measures",
        "steps",
        "problems",
        "commitments",
        "history",
    ]
    for part in documents.parts():
        if part.template:
            get_template(part.template)  # raises TemplateDoesNotExist
    assert documents.packet().districts is not None and documents.FILES


def test_a_part_with_nothing_for_this_document_leaves_no_heading(cast):
    """A report has no meeting: the meetings' parts read None and show nothing."""
    from districts.access import DistrictAccess, Relation
    from reports.documents import section_html
    from reports.selectors import district_section

    section = district_section(DistrictAccess(cast.riverside, Relation.LEAD))
    assert [shown.part.slug for shown in section.parts] == [
        "assessment",
        "plan",
        "measures",
        "steps",
    ]
    html = section_html(section, title="Riverside", in_packet=False)
    assert "Problems of practice for this meeting" not in html and "Long-term plan" in html
