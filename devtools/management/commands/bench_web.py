"""`make bench`: the main pages under load, against the framework's floor.

Runs the production stack on this machine (gunicorn with persistent PostgreSQL connections,
Redis, a Celery worker) on the scale data set (`seed_scale`), drives each main page with wrk
at 8 connections for a bounded time, counts each page's queries, and prints one table:
requests per second, latency p50 / p99, queries, and the throughput as a ratio to the floor
(the same middleware, one query, a small template). The figures are appended to
data/bench/bench-web.json. Load goes to 127.0.0.1 only.

Its people sign in through the sign-in form once (the coaches with their authenticator app's
code, the app set up on their first sign-in), and every page must be the page it names: 200
with its own content for that person (devtools.benchkit), in process and over HTTP before
the load, in every answer of the load (a wrk script counts redirects, errors and answers
without the page's markers), and over HTTP after it. Anything else fails the run: the table
says which page and what it answered, and the command exits non-zero.
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from api.models import ApiToken
from devtools.benchkit import (
    PageCheckFailed,
    check_answer,
    check_wrk,
    http_get,
    lua_checks,
    lua_quote,
    sign_in,
)
from devtools.management.commands.seed_demo import draft_round
from devtools.management.commands.seed_scale import BENCH_SCHOOLS, NAME, PASSWORD
from districts.models import CoachAssignment, District
from rubrics.models import AssessmentRound

# The district's rollout pages, of the bench's district and its schools (seed_scale).
ROLLOUT_GRID = f"Rollout grid, {BENCH_SCHOOLS:,} schools"
ROLLOUT_STAGES = f"Rollout stages, {BENCH_SCHOOLS:,} schools"
GOALS = {
    "District home": ("ratio", 0.6),
    "Rating page": ("ratio", 0.6),
    "Coach dashboard, 200 districts": ("ratio", 0.3),
    "Daily use: district home": ("ratio", 0.4),
    "Daily use: rating page": ("ratio", 0.4),
}
P99_GOALS = {
    "Coach dashboard, 200 districts": 150,
    ROLLOUT_GRID: 300,
    ROLLOUT_STAGES: 300,
    "Daily use: district home": 150,
    "Daily use: rating page": 150,
}
COLD_GOALS = {"District home": 20, "Rating page": 20, "Coach dashboard, 200 districts": 80}
DAILY_DISTRICTS = 50
CSRF = "b" * 32  # the daily saves' CSRF token, in their cookie and their header alike
CSRF_COOKIE = f"{settings.CSRF_COOKIE_NAME}={CSRF}"

# What each page shows only to the person it is measured for (its markers).
YOU_ARE = "You are here as: <strong>"
SAVED = ('"saved_at": ',)  # a save's answer (JSON)


def home(district: District) -> tuple[str, ...]:
    return (f"<h1>{escape(district.name)} <span", YOU_ARE)


def rating(round_: AssessmentRound) -> tuple[str, ...]:
    return (f"<h1>My ratings: {escape(round_.title)}</h1>", str(round_.code))


def coach_dashboard(coach: User) -> tuple[str, ...]:
    """The heading, and the heatmap's count of the coach's districts."""
    count = CoachAssignment.objects.filter(coach=coach).count()
    return ("<h1>Coach dashboard</h1>", f"({count} district{'s' if count != 1 else ''})")


@dataclass
class Page:
    name: str
    url: str
    markers: tuple[str, ...]  # strings only this page has, for the person who reads it
    cookie: str = ""  # the session cookie's value of the person signed in
    token: str = ""  # or an API token
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    failure: str = ""  # what the load's answers were instead of the page
    answers: int = 0  # the load's answers, each checked
    queries: int = 0
    cold_queries: int = 0
    cold_ms: float = 0.0
    ratio: float = 0.0


@dataclass
class DailyRun:
    page: Page  # its markers: what any of its read pages shows
    script: Path
    targets: list[tuple[str, str, tuple[str, ...]]]  # each read page: url, cookie, markers


class Command(BaseCommand):
    help = "Load-test the main pages on the scale data set against the floor (make bench)."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in: dict[int, str] = {}  # each person's session cookie, signed in once

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per page")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument(
            "--districts", type=int, default=1000, help="the data set's size, made on first use"
        )

    def handle(self, *args, duration, connections, workers, port, districts, **options):
        if settings.ROOT_URLCONF != "devtools.urls":
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=config.settings.bench.")
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is missing: `make bench` installs it (apt-get install wrk).")
        if not District.objects.filter(name=NAME.format(1)).exists():
            call_command("seed_scale", districts=districts, stdout=self.stdout)
        elif not District.objects.filter(name=NAME.format(districts)).exists() or (
            District.objects.filter(name=NAME.format(districts + 1)).exists()
        ):
            raise CommandError(
                f"This database holds scale data of another size than {districts} districts: "
                "give each size a database of its own (the Makefile's BENCH_DISTRICTS does)."
            )
        pages = self.pages()
        for page in pages:
            self._in_process(page)
        daily = self._daily_runs(pages)
        base = f"http://127.0.0.1:{port}"
        server, worker = self._start(workers, port)
        peak = {"web": 0}
        try:
            self._wait_for(f"{base}/health/")
            for page in pages:
                self._check_over_http(base, page.name, page.url, self._headers(page), page.markers)
            for run in daily:
                for url, cookie, markers in run.targets:
                    self._check_over_http(base, run.page.name, url, {"Cookie": cookie}, markers)
            sampling = threading.Event()
            sampler = threading.Thread(
                target=self._sample_rss, args=(server.pid, peak, sampling), daemon=True
            )
            sampler.start()
            for page in pages:
                self._load(wrk, base, page, duration=duration, connections=connections)
            for run in daily:
                self._load(
                    wrk, base, run.page, duration=duration, connections=connections, daily=run
                )
            sampling.set()
            self._check_after(base, pages, daily)
        finally:
            for process in (server, worker):
                process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        floor = pages[0].rps or 1
        everything = pages + [run.page for run in daily]
        for page in everything:
            page.ratio = page.rps / floor
        self._report(
            everything, peak["web"], duration=duration, connections=connections, workers=workers
        )
        self.fail_unless_every_answer_was_the_page(everything)

    @staticmethod
    def fail_unless_every_answer_was_the_page(pages: list[Page]) -> None:
        failed = [page for page in pages if page.failure]
        if failed:
            raise CommandError(
                "The bench did not measure the pages it names, so its figures do not stand: "
                + "; ".join(f"{page.name}: {page.failure}" for page in failed)
            )

    # ------------------------------------------------------------------ the pages

    def pages(self) -> list[Page]:
        """The main pages, each with its markers, for people signed in through the form."""
        district = District.objects.get(name=NAME.format(1))
        lead = User.objects.get(
            email=f"lead1.d{NAME.format(1).rsplit(' ', 1)[1]}@scale.example.org"
        )
        coach20 = User.objects.get(email="coach1@scale.example.org")
        coach200 = User.objects.get(email="coach2@scale.example.org")
        draft = self._draft_round(district, lead)
        token = ApiToken.issue(user=lead, name=f"bench {timezone.now():%Y-%m-%d %H:%M}")[1]
        d = {"district": district.code}
        name = escape(district.name)
        mine = self._cookie(lead)
        return [
            Page(
                "Floor (one query, small template)",
                reverse("bench_floor"),
                (f"<h1>{name}</h1>",),
                mine,
            ),
            Page("District home", reverse("dashboards:district", kwargs=d), home(district), mine),
            Page(
                "Rating page",
                reverse("rubrics:rate", kwargs={**d, "round_code": draft.code}),
                rating(draft),
                mine,
            ),
            Page(
                "Comparison",
                reverse("rubrics:compare", kwargs=d),
                ("<h1>Compare two rounds</h1>", f"Compare rounds · {name}", 'id="earlier"'),
                mine,
            ),
            Page(
                "Plan overview",
                reverse("planning:overview", kwargs=d),
                (f"<h1>Implementation plan of {name}</h1>",),
                mine,
            ),
            Page(
                ROLLOUT_GRID,
                reverse("dashboards:rollout", kwargs=d),
                ("<h1>The rollout at a glance</h1>", f"The rollout at a glance · {name}"),
                mine,
            ),
            Page(
                ROLLOUT_STAGES,
                reverse("schools:stages", kwargs=d),
                (f"<h1>The rollout of {name}</h1>",),
                mine,
            ),
            Page(
                "Coach dashboard, 20 districts",
                reverse("dashboards:coach"),
                coach_dashboard(coach20),
                self._cookie(coach20),
            ),
            Page(
                "Coach dashboard, 200 districts",
                reverse("dashboards:coach"),
                coach_dashboard(coach200),
                self._cookie(coach200),
            ),
            Page(
                "API: list of rounds",
                reverse("api:round-list", kwargs=d),
                (f'"code":"{draft.code}","title":"{draft.title}"',),
                token=token,
            ),
        ]

    def _cookie(self, user: User) -> str:
        """The session of the person, signed in once through the sign-in form, each person
        from an address of their own (the form takes 30 sign-ins a minute from one)."""
        if user.pk not in self.signed_in:
            n = len(self.signed_in) + 1
            address = f"10.0.{n // 250}.{n % 250 + 1}"
            self.signed_in[user.pk] = sign_in(user, PASSWORD, address=address)
        return self.signed_in[user.pk]

    # ------------------------------------------------------------------ daily use

    def _daily_runs(self, pages: list[Page]) -> list[DailyRun]:
        """Daily use: for each of the district home, the rating page and the coach dashboard,
        a run where 1 request in 10 is a save (an autosaved rating or plan cell) by a member
        of one of 50 districts, each save against the version it was read at, each cell or
        rating saved once (so none is refused as stale); the reads go to the members' own
        district home or rating page (which their district's saves keep making anew), or to
        the coach dashboard of 200 districts. One wrk script (Lua) per run; each answer must
        be a read page or a save's answer."""
        from planning.models import PlanCell
        from rubrics.models import Dimension, Rating

        members, saves = [], []
        for i in range(1, DAILY_DISTRICTS + 1):
            district = District.objects.get(name=NAME.format(i))
            number = district.name.rsplit(" ", 1)[1]
            lead = User.objects.get(email=f"lead1.d{number}@scale.example.org")
            draft = self._draft_round(district, lead)
            dimensions = list(Dimension.objects.filter(domain__framework=draft.framework))
            for k in (1, 2):
                member = User.objects.get(email=f"member{k}.d{number}@scale.example.org")
                cookie = f"{settings.SESSION_COOKIE_NAME}={self._cookie(member)}; {CSRF_COOKIE}"
                members.append((district, draft, cookie))
                versions = dict(
                    Rating.objects.filter(round=draft, rater=member).values_list(
                        "dimension_id", "version"
                    )
                )
                for dimension in dimensions:
                    prefix = f"d{dimension.code}"
                    body = (
                        f"{prefix}-version={versions.get(dimension.pk, 0)}&{prefix}-level=2"
                        f"&{prefix}-evidence=Autosaved+by+the+bench&{prefix}-next_steps="
                    )
                    url = reverse(
                        "rubrics:rate_dimension",
                        kwargs={
                            "district": district.code,
                            "round_code": draft.code,
                            "dimension": dimension.code,
                        },
                    )
                    saves.append((url, cookie, body))
            for cell in PlanCell.objects.filter(district=district):
                prefix = f"c{cell.year}-{cell.strand}"
                body = (
                    f"{prefix}-target=Autosaved+by+the+bench&{prefix}-status={cell.status}"
                    f"&{prefix}-notes=&{prefix}-version={cell.version}"
                )
                url = reverse(
                    "planning:cell",
                    kwargs={"district": district.code, "year": cell.year, "strand": cell.strand},
                )
                saves.append((url, members[-1][2], body))
        saves = saves[::2] + saves[1::2]  # ratings and cells mixed, districts spread
        coach = next(p for p in pages if p.name == "Coach dashboard, 200 districts")
        coach_cookie = f"{settings.SESSION_COOKIE_NAME}={coach.cookie}"
        # each run's pages: (url, cookie, that page's markers), and what any of them shows
        reads = {
            "Daily use: district home": (
                [
                    (reverse("dashboards:district", kwargs={"district": d.code}), c, home(d))
                    for d, _, c in members
                ],
                ("<h1>" + NAME.split("{")[0], YOU_ARE),
            ),
            "Daily use: rating page": (
                [
                    (
                        reverse("rubrics:rate", kwargs={"district": d.code, "round_code": r.code}),
                        c,
                        rating(r),
                    )
                    for d, r, c in members
                ],
                ("<h1>My ratings: ",),
            ),
            "Daily use: coach dashboard, 200 districts": (
                [(reverse("dashboards:coach"), coach_cookie, coach.markers)],
                coach.markers,
            ),
        }
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        share = len(saves) // len(reads)
        runs = []
        for n, (name, (targets, shown)) in enumerate(reads.items()):
            mine = saves[n * share : (n + 1) * share]
            requests = []
            for k, (url, cookie, body) in enumerate(mine):
                for j in range(9):
                    requests.append(("GET", *targets[(9 * k + j) % len(targets)][:2], ""))
                requests.append(("POST", url, cookie, body))
            script = out / f"daily-{n}.lua"
            script.write_text(_lua(requests, accepted=[shown, SAVED]))
            runs.append(DailyRun(Page(name, targets[0][0], shown), script, targets))
        return runs

    def _draft_round(self, district, lead) -> AssessmentRound:
        """A round being rated, for the rating page (the scale data's rounds are submitted)."""
        draft = AssessmentRound.objects.filter(district=district, status="draft").first()
        if draft is None:
            framework = AssessmentRound.objects.filter(district=district).first().framework
            draft = draft_round(
                district=district, lead=lead, title="Fall 2026", framework=framework
            )
        return draft

    def _headers(self, page: Page) -> dict[str, str]:
        if page.token:
            return {"Authorization": f"Bearer {page.token}"}
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={page.cookie}"}

    # ------------------------------------------------------------------ the checks

    def check_in_process(self, page: Page) -> Client:
        """The page, once, in this process: 200 with its markers, or PageCheckFailed. Returns
        the client (the person's session, or their API token) for more requests."""
        client = Client()
        if page.token:
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {page.token}"
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = page.cookie
        self._check(page.name, client.get(page.url), page.markers)
        return client

    @staticmethod
    def _check(name: str, response, markers) -> None:
        body = response.content.decode(errors="replace")
        location = response.get("Location", "")
        check_answer(name, response.status_code, body, markers, location=location)

    def _check_over_http(self, base: str, name: str, url: str, headers, markers) -> None:
        answer = http_get(base + url, headers)
        check_answer(name, answer.status, answer.body, markers, location=answer.location)

    def _check_after(self, base: str, pages: list[Page], daily: list[DailyRun]) -> None:
        """Each page once more after the load (a save could have broken a page, a session
        could have ended): a failure joins the page's others."""
        checks = [(p, p.url, self._headers(p), p.markers) for p in pages]
        checks += [(r.page, u, {"Cookie": c}, m) for r in daily for u, c, m in r.targets]
        for page, url, headers, markers in checks:
            try:
                self._check_over_http(base, page.name, url, headers, markers)
            except PageCheckFailed as failed:
                page.failure = "; ".join(filter(None, [page.failure, f"after the load: {failed}"]))

    def _in_process(self, page: Page) -> None:
        """The page's queries with what pages keep kept (the steady state wrk measures), and,
        with nothing kept (the cache emptied: the first view after a change everywhere), its
        queries and time in this process (the median of five). Each answer must be the page."""
        client = self.check_in_process(page)
        timings = []
        for _ in range(5):
            cache.clear()
            started = time.perf_counter()
            response = client.get(page.url)
            timings.append((time.perf_counter() - started) * 1000)
            self._check(page.name, response, page.markers)
        cache.clear()  # counted apart from the timing: counting costs time of its own
        with CaptureQueriesContext(connection) as cold:
            self._check(page.name, client.get(page.url), page.markers)
        page.cold_queries = len(cold)
        page.cold_ms = statistics.median(timings)
        with CaptureQueriesContext(connection) as queries:
            self._check(page.name, client.get(page.url), page.markers)
        page.queries = len(queries)

    # ------------------------------------------------------------------ the stack

    def _start(self, workers: int, port: int):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
        bin_dir = Path(sys.executable).parent
        server = subprocess.Popen(  # noqa: S603 (our own binaries, fixed arguments)
            [
                str(bin_dir / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        worker = subprocess.Popen(  # noqa: S603
            [str(bin_dir / "celery"), "-A", "config", "worker", "--loglevel=WARNING", "-c", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        return server, worker

    def _wait_for(self, url: str) -> None:
        deadline = time.monotonic() + 120  # a loaded machine takes 30 s to start the workers
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError(f"gunicorn did not answer at {url}")

    def _sample_rss(self, master: int, peak: dict, stop: threading.Event) -> None:
        """The largest resident memory of any gunicorn worker while the load runs."""
        while not stop.is_set():
            for pid in _children(master):
                peak["web"] = max(peak["web"], _rss_kib(pid))
            time.sleep(0.2)

    def _load(
        self,
        wrk: str,
        base: str,
        page: Page,
        *,
        duration: int,
        connections: int,
        daily: DailyRun | None = None,
    ) -> None:
        """wrk on the page with a script that checks every answer (a daily-use run's script
        also sends its requests, each with its own cookie); what the answers were instead of
        the page goes to page.failure."""
        if daily is None:
            script = Path(settings.BASE_DIR) / "data" / "bench" / "page.lua"
            script.parent.mkdir(parents=True, exist_ok=True)
            script.write_text(lua_checks([page.markers]))
            headers = [arg for k, v in self._headers(page).items() for arg in ("-H", f"{k}: {v}")]
        else:
            script, headers = daily.script, []
        common = ["-t", "2", "-c", str(connections), "--latency", "-s", str(script), *headers]
        failures = []
        if daily is None:  # a warm-up (a script's saves are each made once: none for it)
            out = self._wrk([wrk, "-d", "2", *common, base + page.url])
            if warm := check_wrk(out).failure:
                failures.append(f"warming up: {warm}")
        out = self._wrk([wrk, "-d", str(duration), *common, base + page.url])
        page.rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        page.answers = int(re.search(r"(\d+) requests in", out).group(1))
        page.p50_ms = _millis(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
        page.p99_ms = _millis(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
        if failure := check_wrk(out).failure:
            failures.append(failure)
        page.failure = "; ".join(failures)
        verdict = f"; NOT THE PAGE: {page.failure}" if page.failure else ""
        self.stdout.write(f"  measured {page.name}: {page.rps:.0f} requests/s{verdict}")

    @staticmethod
    def _wrk(command: list[str]) -> str:
        return subprocess.run(  # noqa: S603 (wrk, on the loopback address)
            command, capture_output=True, text=True, check=True
        ).stdout

    # ------------------------------------------------------------------ the table

    def _report(self, pages, peak_kib: int, *, duration, connections, workers) -> None:
        self.stdout.write(
            f"\nMain pages under load: {connections} connections, {duration} s each, gunicorn "
            f"with {workers} workers, PostgreSQL, Redis; {os.cpu_count()} CPUs\n"
        )
        header = f"{'Page':<41} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7} "
        header += f"{'x floor':>7} {'cold ms':>7} {'cold q':>6}  goal"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        results = []
        for page in pages:
            goal = ""
            kind, value = GOALS.get(page.name, ("", 0))
            if kind == "ratio":
                met = page.ratio >= value
                goal = f">= {value} x floor: {'met' if met else 'NOT MET'}"
            if page.name in P99_GOALS:
                limit = P99_GOALS[page.name]
                goal += f"; p99 < {limit} ms: {'met' if page.p99_ms < limit else 'NOT MET'}"
            if page.name in COLD_GOALS and page.cold_ms:
                limit = COLD_GOALS[page.name]
                goal += f"; cold <= {limit} ms: {'met' if page.cold_ms <= limit else 'NOT MET'}"
            if page.failure:
                goal = "NOT THE PAGE: see below"
            self.stdout.write(
                f"{page.name:<41} {page.rps:>7.0f} {page.p50_ms:>7.1f} {page.p99_ms:>7.1f} "
                f"{page.queries:>7} {page.ratio:>7.2f} {page.cold_ms:>7.1f} {page.cold_queries:>6}"
                f"  {goal}"
            )
            results.append(
                {k: v for k, v in asdict(page).items() if k not in ("cookie", "token", "url")}
            )
        for page in pages:
            if page.failure:
                self.stdout.write(self.style.ERROR(f"{page.name} was not the page: {page.failure}"))
        if not any(page.failure for page in pages):
            self.stdout.write(
                f"\nEvery answer was the page it names: {sum(p.answers for p in pages):,} answers "
                "of the load, each 200 with its page's markers for the person signed in, and "
                "each page once in process and over HTTP before the load and after it."
            )
        self.stdout.write(
            "\nreq/s, p50, p99: the steady state, with what pages keep kept (each part under the "
            "versions it depends on). cold ms, cold q: one view with nothing kept (the cache "
            "emptied), timed in this process without the server. Daily use: the same "
            "connections, 1 request in 10 an autosave (a rating or a plan cell) by a member of "
            f"one of {DAILY_DISTRICTS} districts; req/s, p50 and p99 count every request of "
            "the run, saves included."
        )
        self.stdout.write(f"Peak memory of a web worker under load: {peak_kib / 1024:.0f} MiB")
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "bench-web.json").open("a") as f:
            record = {
                "when": timezone.now().isoformat(timespec="seconds"),
                "connections": connections,
                "duration_s": duration,
                "workers": workers,
                "peak_web_worker_mib": round(peak_kib / 1024),
                "every_answer_the_page": not any(page.failure for page in pages),
                "pages": results,
            }
            f.write(json.dumps(record) + "\n")


def _millis(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _lua(requests: list[tuple[str, str, str, str]], *, accepted) -> str:
    """A wrk script that sends these requests in order, each thread every other one (so no
    save is sent twice), each with its own session cookie and CSRF token, and checks every
    answer (lua_checks: one of the `accepted` groups of markers)."""
    rows = ",\n".join(
        f"{{{lua_quote(method)}, {lua_quote(path)}, {lua_quote(cookie)}, {lua_quote(body)}}}"
        for method, path, cookie, body in requests
    )
    return (
        lua_checks(accepted)
        + f"""-- made by manage.py bench_web: daily use
local requests = {{
{rows}
}}
local counter = -1
local stride = 2
function request()
  if counter < 0 then counter = id end
  local r = requests[(counter % #requests) + 1]
  counter = counter + stride
  local headers = {{Cookie = r[3], ["Accept"] = "application/json"}}
  if r[1] == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = "{CSRF}"
  else
    headers["Accept"] = "text/html"
  end
  return wrk.format(r[1], r[2], headers, r[4])
end
"""
    )
