"""The benches measure what they name: `make bench` fails when a page answers anything but
itself (a redirect to the sign-in page, an error, a 200 that is another page), its people
sign in through the sign-in form (a coach with an authenticator app), and `make
bench-reminders` counts every query and fails a pass whose queries grow with the districts."""

import http.server
import io
import random
import shutil
import subprocess
import threading
from types import SimpleNamespace
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from devtools import benchkit
from devtools.benchkit import PageCheckFailed, check_answer, check_wrk, lua_checks
from devtools.management.commands import bench_pdf, bench_reminders
from devtools.management.commands.bench_pdf import Command as BenchPdf
from devtools.management.commands.bench_web import Command as BenchWeb
from devtools.management.commands.bench_web import Page as BenchPage
from devtools.management.commands.seed_scale import NAME, PASSWORD
from districts.models import Cohort, District
from reports.models import ReportJob
from reports.services import report_request

# ---------------------------------------------------------------- the page check


def test_a_redirect_is_not_the_page():
    with pytest.raises(PageCheckFailed, match=r"District home: answered 302 to /accounts/login/"):
        check_answer(
            "District home",
            302,
            "",
            ("<h1>Scale District 0001 <span",),
            location="/accounts/login/",
        )


def test_an_error_is_not_the_page():
    with pytest.raises(PageCheckFailed, match="answered 500"):
        check_answer("Rating page", 500, "<h1>Server error</h1>", ("<h1>My ratings",))


def test_a_200_without_the_pages_marker_is_not_the_page():
    body = "<html><h1>Coach dashboard</h1><p>No district to show.</p></html>"
    with pytest.raises(PageCheckFailed, match=r"answered 200 without '\(200 districts\)'"):
        check_answer("Coach", 200, body, ("<h1>Coach dashboard</h1>", "(200 districts)"))


def test_the_page_with_its_markers_passes():
    body = "<h1>Coach dashboard</h1><caption>Districts by dimension (200 districts)</caption>"
    check_answer("Coach", 200, body, ("<h1>Coach dashboard</h1>", "(200 districts)"))


# ---------------------------------------------------------------- during the load

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8100/
  2 threads and 8 connections
  Latency Distribution
     50%   11.90ms
     99%   15.40ms
  6570 requests in 10.00s, 20.1MB read
Requests/sec:    657.00
bench-check: {redirects} redirects, 0 errors, {unmarked} unmarked; first: {first}
"""


def test_the_load_fails_on_redirects_and_unmarked_answers_that_wrk_counts_as_successes():
    redirected = check_wrk(WRK_OUTPUT.format(redirects=6570, unmarked=0, first="302 /login/"))
    assert redirected.failure == "6570 redirects (the first: 302 /login/)"
    unmarked = check_wrk(WRK_OUTPUT.format(redirects=0, unmarked=12, first="200 without it"))
    assert unmarked.failure.startswith("12 answers of 200 without the page's markers")
    assert check_wrk(WRK_OUTPUT.format(redirects=0, unmarked=0, first="")).failure == ""


def test_a_run_whose_script_did_not_check_fails():
    output = WRK_OUTPUT.split("bench-check")[0]
    assert "the script did not run" in check_wrk(output).failure


def test_wrk_timeouts_fail_the_run():
    output = WRK_OUTPUT.format(redirects=0, unmarked=0, first="")
    output += "  Socket errors: connect 0, read 0, write 0, timeout 14\n"
    assert check_wrk(output).failure.startswith("14 requests unanswered")


class _Answers(http.server.BaseHTTPRequestHandler):
    """A server that answers what the test sets: a redirect, or a page."""

    status, body = 302, b""

    def do_GET(self):
        self.send_response(self.status)
        if self.status == 302:
            self.send_header("Location", "/accounts/login/?next=/")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections when its time is up, mid-answer at times


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (make test and make bench install it)"
)
@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (302, b"", "redirects (the first: 302 /accounts/login/?next=/)"),
        (200, b"<h1>Sign in</h1>", "answers of 200 without the page's markers"),
        (200, b"<h1>Scale District 0001 <span>(ME)</span></h1>", ""),
    ],
)
def test_the_wrk_script_counts_every_thread_s_answers(tmp_path, status, body, expected):
    """The script's checks in wrk itself, with two threads (each its own Lua state)."""
    handler = type("Handler", (_Answers,), {"status": status, "body": body})
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    script = tmp_path / "page.lua"
    script.write_text(lua_checks([("<h1>Scale District 0001 <span",)]))
    try:
        out = subprocess.run(  # noqa: S603
            [*(shutil.which("wrk"), "-t", "2", "-c", "4", "-d", "1", "-s", str(script)), url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.shutdown()
    check = check_wrk(out)
    assert expected in check.failure if expected else check.failure == "", out
    if status == 302:
        requests = int(out.split(" requests in ")[0].split()[-1])
        assert check.redirects == requests > 0  # both threads' answers, every one


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (make test and make bench install it)"
)
def test_the_bench_fails_when_the_load_answered_a_redirect(settings, tmp_path):
    """The bench's own load step against a server that redirects to the sign-in page (as every
    page did from December 5): the page is marked, and the run fails with what it answered."""
    settings.BASE_DIR = tmp_path  # the wrk script goes to data/bench/ there
    server = _Server(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = BenchPage("District home", "/d/1/", ("<h1>Scale District 0001 <span",), "a-session")
    bench = BenchWeb(stdout=io.StringIO())
    try:
        bench._load(
            shutil.which("wrk"),
            f"http://127.0.0.1:{server.server_port}",
            page,
            duration=1,
            connections=2,
        )
    finally:
        server.shutdown()
    assert page.rps > 0 and page.answers > 0
    assert "redirects (the first: 302 /accounts/login/?next=/)" in page.failure
    with pytest.raises(CommandError, match=r"District home: warming up: \d+ redirects"):
        BenchWeb.fail_unless_every_answer_was_the_page([page])


# ---------------------------------------------------------------- the bench's pages


@pytest.fixture
def scale(db, settings):
    """The scale data set, small; the bench's URLs (its floor view); two-step sign-in
    required of coaches, as in a deployment."""
    settings.ROOT_URLCONF = "devtools.urls"
    settings.TWO_STEP_REQUIRED_FOR = ["staff", "coaches", "facilitators"]
    call_command("seed_scale", districts=30, stdout=io.StringIO())


@pytest.fixture
def clock():
    """One clock for allauth and the bench's authenticator app; sleeping moves it on."""
    moment = SimpleNamespace(now=1_900_000_000.0)
    fake = SimpleNamespace(time=lambda: moment.now)
    fake.sleep = lambda seconds: setattr(moment, "now", moment.now + seconds)
    with (
        mock.patch.object(totp_auth, "time", fake),
        mock.patch.object(benchkit, "time", fake),
    ):
        yield moment


def test_the_bench_signs_in_through_the_form_and_every_page_is_the_page_it_names(scale, clock):
    bench = BenchWeb()
    pages = bench.pages()
    assert [page.name for page in pages][:2] == [
        "Floor (one query, small template)",
        "District home",
    ]
    for page in pages:
        bench.check_in_process(page)  # 200 with its markers, as the person signed in
    coach = User.objects.get(email="coach2@scale.example.org")
    # the coach set the authenticator app up at the first sign-in, as the site asked
    assert Authenticator.objects.filter(user=coach, type="totp").exists()
    # and signs in again with the app's code (the same moment: the next code, after waiting)
    again = benchkit.sign_in(coach, PASSWORD, address="10.9.0.1")
    dashboard = next(page for page in pages if page.name == "Coach dashboard, 200 districts")
    dashboard.cookie = again
    bench.check_in_process(dashboard)


def test_the_bench_fails_on_a_signed_out_session_and_on_another_persons_page(scale, clock):
    bench = BenchWeb()
    home = next(page for page in bench.pages() if page.name == "District home")
    # the session the bench used to make: for a backend no longer configured, so signed out
    lead = User.objects.get(email="lead1.d0001@scale.example.org")
    session = SessionStore()
    session[SESSION_KEY] = str(lead.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = lead.get_session_auth_hash()
    session.create()
    home.cookie = session.session_key
    with pytest.raises(PageCheckFailed, match=r"District home: answered 302 to /accounts/login/"):
        bench.check_in_process(home)

    floor = bench.pages()[0]
    other = User.objects.get(email=f"lead1.d{NAME.format(2).rsplit(' ', 1)[1]}@scale.example.org")
    floor.cookie = benchkit.sign_in(other, PASSWORD, address="10.9.0.2")
    # the floor answers 200 for anyone, with their own district: not the page measured
    with pytest.raises(PageCheckFailed, match="answered 200 without '<h1>Scale District 0001"):
        bench.check_in_process(floor)


def test_a_wrong_password_stops_the_bench_with_a_clear_message(scale):
    lead = User.objects.filter(email__startswith="lead1.").first()
    with pytest.raises(CommandError, match=f"Signing in as {lead.email} through the sign-in form"):
        benchkit.sign_in(lead, "not-the-password", address="10.9.0.3")


# ---------------------------------------------------------------- bench-pdf


def test_bench_pdf_checks_that_the_packet_it_timed_is_the_cohorts(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A real packet of the bench's cohort passes; the same file is refused once the cohort
    has a district the packet lacks, or when the job counted other pages."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks", stdout=io.StringIO())
    meeting, facilitator = BenchPdf()._world(2, random.Random(2026))
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = report_request(
            kind=ReportJob.Kind.PACKET, meeting=meeting, acting_user=facilitator
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    BenchPdf._check_packet(job, meeting)

    job.page_count += 1
    with pytest.raises(CommandError, match=f"pages \\(the job counted {job.page_count}\\)"):
        BenchPdf._check_packet(job, meeting)
    job.page_count -= 1
    meeting.cohort.districts.add(District.objects.create(name="Bench District 099", state="ME"))
    with pytest.raises(CommandError, match="2 districts in its outline where the cohort has 3"):
        BenchPdf._check_packet(job, meeting)


def test_bench_pdf_refuses_a_warm_packet_that_reused_nothing():
    with pytest.raises(CommandError, match="reused 0 sections, not 14: it was not a warm packet"):
        bench_pdf._reused("warm", ReportJob(sections_reused=0), 14)


# ---------------------------------------------------------------- bench-reminders


def test_the_query_counter_counts_past_the_query_logs_9000(db):
    with bench_reminders.counting() as counter, CaptureQueriesContext(connection) as log:
        with connection.cursor() as cursor:
            for _ in range(9500):
                cursor.execute("SELECT 1")
        with bench_reminders.counting() as create:  # a signal may read before the insert
            Cohort.objects.create(name="Counted")
    assert create.writes >= 1  # the insert, apart from the reads
    assert counter.reads == 9500 + create.reads
    assert counter.writes == create.writes
    with pytest.warns(UserWarning, match="only the last 9000 queries"):
        assert len(log) == 9000  # what the bench used to count: the log's cap


def _seed(districts: int) -> None:
    call_command("seed_scale", districts=districts, stdout=io.StringIO())


def _per_district(now) -> int:
    """A pass that reads each district apart: what the bench must catch."""
    return sum(
        District.objects.filter(pk=pk).exists()
        for pk in District.objects.values_list("pk", flat=True)
    )


def test_bench_reminders_fails_a_pass_whose_reads_grow_with_the_districts(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path  # its figures go to data/bench/ there
    passes = [*bench_reminders.PASSES[:1], ("read per district", _per_district)]
    with transaction.atomic():  # undone after, so the 30 districts are seeded on an empty database
        _seed(10)
        at_10 = {"districts": 10, "passes": bench_reminders.measure(passes)}
        transaction.set_rollback(True)
    _seed(30)
    out = io.StringIO()
    with (
        mock.patch.object(bench_reminders, "PASSES", passes),
        mock.patch.object(bench_reminders.Command, "_other_size", return_value=at_10),
        pytest.raises(
            CommandError,
            match="Queries not the same at both sizes: read per district: reads grow with",
        ),
    ):
        call_command("bench_reminders", compare_with="the other database", stdout=out)
    lines = out.getvalue().split("Scheduled passes on ", 1)[1].splitlines()
    assert lines[0].startswith("30 districts (queries also counted on 10)")
    grows = next(line for line in lines if line.startswith("read per district")).split()
    assert grows[3:5] == ["30", "31"]  # 30 told; 31 reads: the list, then each district
    assert grows[7] == "11"  # reads on 10 districts
    assert " ".join(grows).endswith("not met: reads grow with districts")
    assert next(line for line in lines if line.startswith("steps due")).endswith("  met")


def test_bench_reminders_needs_a_second_size(db):
    with pytest.raises(CommandError, match="--compare-with"):
        call_command("bench_reminders", districts=1, stdout=io.StringIO())


def test_the_queries_are_compared_reads_everywhere_and_writes_on_postgresql():
    row = {"notices": 5, "reads": 7, "writes": 12, "seconds": 3.0}
    same = {"notices": 1, "reads": 7, "writes": 12, "seconds": 0.3}
    more_writes = {**row, "writes": 14}
    sizes = {"size": 13000, "other_size": 1300}
    faults = bench_reminders.query_faults
    assert faults(row, same, vendor="postgresql", **sizes) == []
    assert faults(more_writes, same, vendor="postgresql", **sizes) == ["writes grow with districts"]
    assert faults(more_writes, same, vendor="sqlite", **sizes) == []  # batched by rows there
    assert faults(same, row, vendor="postgresql", size=1300, other_size=13000) == []
    fewer = {**row, "reads": 5}
    assert faults(fewer, same, vendor="postgresql", **sizes) == ["reads differ with districts"]
    silent = {**same, "notices": 0}
    assert "told nobody at 1300 districts" in faults(row, silent, vendor="postgresql", **sizes)[0]


def test_a_slow_pass_is_not_met_but_only_growing_queries_fail_the_run():
    slow = {"notices": 5, "reads": 7, "writes": 12, "seconds": 61.0}
    assert bench_reminders.verdict(slow, []) == "not met: over 60 s"
    assert bench_reminders.verdict(slow, ["reads grow with districts"]) == (
        "not met: over 60 s, reads grow with districts"
    )


def test_the_drain_says_what_the_sink_received_and_whether_two_senders_beat_one(settings):
    settings.EMAIL_RATE_PER_MINUTE = 3000
    out = io.StringIO()
    row = {"received": 500, "distinct_notices": 500, "marked_sent": 500, "seconds": 10.0}
    drains = [
        {**row, "processes": 1, "per_minute": 3000, "monday_minutes": 51.7},
        {**row, "processes": 2, "per_minute": 2900, "monday_minutes": 53.4, "marked_sent": 499},
    ]
    bench_reminders.Command(stdout=out)._report_drains(drains)
    said = out.getvalue()
    assert (
        "1 process(es): the sink received 500 in 10.0 s = 3,000/min; 155,000 in 51.7 min  met"
        in said
    )
    assert "(counts differ" in said.splitlines()[2]  # one recorded as sent was not received
    assert "two processes send 0.97 x one  not met" in said
    assert "a Monday takes at least 52 min" in said


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="sender processes need a database they can share"
)
@pytest.mark.django_db(transaction=True)
def test_the_drain_sends_the_outbox_through_a_real_smtp_sink(cast, monkeypatch):
    from tests.test_outbox import waiting_emails

    waiting_emails(cast, 30)
    database = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    )
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.local")  # EMAIL_URL read
    monkeypatch.setenv("DJANGO_SECRET_KEY", "bench-only-secret-key-of-a-throwaway-database-0123")
    row = bench_reminders.drain(1, 3)
    assert row["received"] == row["distinct_notices"] == row["marked_sent"] == 30
    assert row["per_minute"] > 0
