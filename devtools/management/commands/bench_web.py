"""`make bench`: the main pages under load, against the framework's floor.

Runs the production stack on this machine (gunicorn with persistent PostgreSQL connections,
Redis, a Celery worker) on the scale data set (`seed_scale`), drives each main page with wrk
at 8 connections for a bounded time, counts each page's queries, and prints one table:
requests per second, latency p50 / p99, queries, and the throughput as a ratio to the floor
(the same middleware, one query, a small template). The figures are appended to
data/bench/bench-web.json. Load goes to 127.0.0.1 only.
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
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from devtools.management.commands.seed_scale import NAME
from districts.models import District
from rubrics.models import AssessmentRound

GOALS = {
    "District home": ("ratio", 0.6),
    "Rating page": ("ratio", 0.6),
    "Coach dashboard, 200 districts": ("ratio", 0.3),
    "Daily use: district home": ("ratio", 0.4),
    "Daily use: rating page": ("ratio", 0.4),
}
P99_GOALS = {
    "Coach dashboard, 200 districts": 150,
    "Daily use: district home": 150,
    "Daily use: rating page": 150,
}
COLD_GOALS = {"District home": 20, "Rating page": 20, "Coach dashboard, 200 districts": 80}
DAILY_DISTRICTS = 50


@dataclass
class Page:
    name: str
    url: str
    user: User
    api: bool = False
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    queries: int = 0
    cold_queries: int = 0
    cold_ms: float = 0.0
    ratio: float = 0.0


class Command(BaseCommand):
    help = "Load-test the main pages on the scale data set against the floor (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per page")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=8100)

    def handle(self, *args, duration, connections, workers, port, **options):
        if settings.ROOT_URLCONF != "devtools.urls":
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=config.settings.bench.")
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is missing: `make bench` installs it (apt-get install wrk).")
        if not District.objects.filter(name=NAME.format(1)).exists():
            call_command("seed_scale", stdout=self.stdout)
        pages = self._pages()
        for page in pages:
            self._in_process(page)
        daily = self._daily_pages(pages)
        base = f"http://127.0.0.1:{port}"
        server, worker = self._start(workers, port)
        peak = {"web": 0}
        try:
            self._wait_for(f"{base}/health/")
            sampling = threading.Event()
            sampler = threading.Thread(
                target=self._sample_rss, args=(server.pid, peak, sampling), daemon=True
            )
            sampler.start()
            for page in pages:
                self._load(wrk, base, page, duration=duration, connections=connections)
            for page, script in daily:
                self._load(
                    wrk, base, page, duration=duration, connections=connections, script=script
                )
            sampling.set()
        finally:
            for process in (server, worker):
                process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        floor = pages[0].rps or 1
        everything = pages + [page for page, _ in daily]
        for page in everything:
            page.ratio = page.rps / floor
        self._report(
            everything, peak["web"], duration=duration, connections=connections, workers=workers
        )

    # ------------------------------------------------------------------ the pages

    def _pages(self) -> list[Page]:
        district = District.objects.get(name=NAME.format(1))
        lead = User.objects.get(
            email=f"lead1.d{NAME.format(1).rsplit(' ', 1)[1]}@scale.example.org"
        )
        coach20 = User.objects.get(email="coach1@scale.example.org")
        coach200 = User.objects.get(email="coach2@scale.example.org")
        draft = self._draft_round(district, lead)
        token = ApiToken.issue(user=lead, name=f"bench {timezone.now():%Y-%m-%d %H:%M}")[1]
        d = {"district": district.code}
        return [
            Page("Floor (one query, small template)", reverse("bench_floor"), lead),
            Page("District home", reverse("dashboards:district", kwargs=d), lead),
            Page(
                "Rating page",
                reverse("rubrics:rate", kwargs={**d, "round_code": draft.code}),
                lead,
            ),
            Page("Comparison", reverse("rubrics:compare", kwargs=d), lead),
            Page("Plan overview", reverse("planning:overview", kwargs=d), lead),
            Page("Coach dashboard, 20 districts", reverse("dashboards:coach"), coach20),
            Page("Coach dashboard, 200 districts", reverse("dashboards:coach"), coach200),
            Page(
                "API: list of rounds",
                reverse("api:round-list", kwargs=d) + f"#{token}",
                lead,
                api=True,
            ),
        ]

    # ------------------------------------------------------------------ daily use

    def _daily_pages(self, pages: list[Page]) -> list[tuple[Page, Path]]:
        """Daily use: for each of the district home, the rating page and the coach dashboard,
        a run where 1 request in 10 is a save (an autosaved rating or plan cell) by a member
        of one of 50 districts, each save against the version it was read at, each cell or
        rating saved once (so none is refused as stale); the reads go to the members' own
        district home or rating page (which their district's saves keep making anew), or to
        the coach dashboard of 200 districts. One wrk script (Lua) per run."""
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
                cookie = self._session_cookie(member) + "; csrftoken=" + "b" * 32
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
        coach_cookie = self._session_cookie(coach.user)
        reads = {
            "Daily use: district home": [
                (reverse("dashboards:district", kwargs={"district": d.code}), c)
                for d, _, c in members
            ],
            "Daily use: rating page": [
                (reverse("rubrics:rate", kwargs={"district": d.code, "round_code": r.code}), c)
                for d, r, c in members
            ],
            "Daily use: coach dashboard, 200 districts": [
                (reverse("dashboards:coach"), coach_cookie)
            ],
        }
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        share = len(saves) // len(reads)
        runs = []
        for n, (name, targets) in enumerate(reads.items()):
            mine = saves[n * share : (n + 1) * share]
            requests = []
            for k, (url, cookie, body) in enumerate(mine):
                for j in range(9):
                    requests.append(("GET", *targets[(9 * k + j) % len(targets)], ""))
                requests.append(("POST", url, cookie, body))
            script = out / f"daily-{n}.lua"
            script.write_text(_lua(requests))
            runs.append((Page(name, targets[0][0], coach.user), script))
        return runs

    def _session_cookie(self, user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def _draft_round(self, district, lead) -> AssessmentRound:
        """A round being rated, for the rating page (the scale data's rounds are submitted)."""
        from rubrics.services import round_open

        draft = AssessmentRound.objects.filter(district=district, status="draft").first()
        if draft is None:
            framework = AssessmentRound.objects.filter(district=district).first().framework
            draft = round_open(
                district=district,
                title="Fall 2026",
                framework=framework,
                due_date=None,
                sharing="coaches",
                acting_user=lead,
            )
        return draft

    def _headers(self, page: Page) -> dict[str, str]:
        if page.api:
            return {"Authorization": f"Bearer {page.url.split('#', 1)[1]}"}
        return {"Cookie": self._session_cookie(page.user)}

    def _in_process(self, page: Page) -> None:
        """The page's queries with what pages keep kept (the steady state wrk measures), and,
        with nothing kept (the cache emptied: the first view after a change everywhere), its
        queries and time in this process (the median of five)."""
        client = Client()
        headers = {f"HTTP_{k.upper()}": v for k, v in self._headers(page).items() if k != "Cookie"}
        if not page.api:
            client.force_login(page.user)
        url = page.url.split("#", 1)[0]
        timings = []
        for _ in range(5):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{page.name}: {url} answered {response.status_code}")
        cache.clear()  # counted apart from the timing: counting costs time of its own
        with CaptureQueriesContext(connection) as cold:
            client.get(url, **headers)
        page.cold_queries = len(cold)
        page.cold_ms = statistics.median(timings)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **headers)
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
        deadline = time.monotonic() + 30
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
        script: Path | None = None,
    ) -> None:
        url = base + page.url.split("#", 1)[0]
        if script is None:
            headers = [arg for k, v in self._headers(page).items() for arg in ("-H", f"{k}: {v}")]
        else:
            headers = ["-s", str(script)]  # its requests carry their own cookies
        common = [wrk, "-t", "2", "-c", str(connections), "--latency", *headers, url]
        if script is None:  # a warm-up (a script's saves are each made once: none for it)
            subprocess.run([*common[:1], "-d", "2", *common[1:]], capture_output=True, check=True)  # noqa: S603
        out = subprocess.run(  # noqa: S603
            [*common[:1], "-d", str(duration), *common[1:]],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        page.rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        page.p50_ms = _millis(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
        page.p99_ms = _millis(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
        errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        page.errors = int(errors.group(1)) if errors else 0
        self.stdout.write(f"  measured {page.name}: {page.rps:.0f} requests/s")

    # ------------------------------------------------------------------ the table

    def _report(self, pages, peak_kib: int, *, duration, connections, workers) -> None:
        self.stdout.write(
            f"\nMain pages under load: {connections} connections, {duration} s each, gunicorn "
            f"with {workers} workers, PostgreSQL, Redis; {os.cpu_count()} CPUs\n"
        )
        header = f"{'Page':<34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7} "
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
            if page.errors:
                goal += f" ({page.errors} non-2xx answers!)"
            self.stdout.write(
                f"{page.name:<34} {page.rps:>7.0f} {page.p50_ms:>7.1f} {page.p99_ms:>7.1f} "
                f"{page.queries:>7} {page.ratio:>7.2f} {page.cold_ms:>7.1f} {page.cold_queries:>6}"
                f"  {goal}"
            )
            results.append({k: v for k, v in asdict(page).items() if k not in ("user", "url")})
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


def _lua(requests: list[tuple[str, str, str, str]]) -> str:
    """A wrk script that sends these requests in order, each thread every other one (so no
    save is sent twice), each with its own session cookie and CSRF token."""

    def quote(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    rows = ",\n".join(
        f"{{{quote(method)}, {quote(path)}, {quote(cookie)}, {quote(body)}}}"
        for method, path, cookie, body in requests
    )
    return f"""-- made by manage.py bench_web: daily use
local requests = {{
{rows}
}}
local started = 0
function setup(thread)
  thread:set("id", started)
  started = started + 1
end
local counter = -1
local stride = 2
function request()
  if counter < 0 then counter = id end
  local r = requests[(counter % #requests) + 1]
  counter = counter + stride
  local headers = {{Cookie = r[3], ["Accept"] = "application/json"}}
  if r[1] == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = "{"b" * 32}"
  else
    headers["Accept"] = "text/html"
  end
  return wrk.format(r[1], r[2], headers, r[4])
end
"""
