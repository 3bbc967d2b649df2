"""`make bench-pdf`: how long a meeting packet takes on real workers, against WeasyPrint
laying out the same HTML in one go and headless Chromium printing it.

Builds (once, repeatably) a cohort of districts, each with two submitted rounds shared with
the cohort, a full long-term plan shared with the cohort, an action plan with steps, its
policy checklist and two problems of practice, and the cohort's facilitator, who asks.
For each packet size (15 and 60 districts) and each number of workers (1 and 2: Celery
worker processes started here, on Redis and the bench database), the median of --runs of:

- the job, cold: from asking to the file saved, every section laid out (no stored parts);
- the job, warm: one district changed since the last packet, the other sections reused;

and, once per size: WeasyPrint alone on the document as one HTML page, and Debian's headless
Chromium printing that HTML to PDF (the alternative a user might pick). The peak memory
(VmHWM) of the worker processes is read for each configuration. The figures are printed and
appended to data/bench/bench-pdf.json.

Each packet timed must be the packet: its job done (a failed job stops the bench), its file's
pages those the job counted, its outline naming each district of the cohort once and no other;
a cold packet reused no section and a warm one all but the changed district's. WeasyPrint
alone and Chromium must each give a page per district at least.
"""

import io
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

import pikepdf
import weasyprint
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from districts.models import Cohort, District
from meetings.models import (
    QUICK_FIRE_PROTOCOL,
    QUICK_FIRE_STEPS,
    AgendaItem,
    Meeting,
    ProblemOfPractice,
    Protocol,
)
from planning.models import ActionPlan, ActionStep, LongTermPlan, PlanCell, PolicyReview
from reports import pdfjoin, render
from reports.documents import plan_for, single_document_html
from reports.models import ReportJob
from reports.services import report_request
from rubrics.models import AssessmentRound, ConsensusRating, Dimension, Framework

COHORT = "Bench cohort"
FACILITATOR = "bench.facilitator@example.org"
JOB_TIMEOUT = 600  # seconds

EVIDENCE = [
    "Board minutes of March adopt the graduation policy; staff survey shows 70% agreement.",
    "Two schools piloted common scoring criteria in ELA and science this year.",
    "Department heads review proficiency data each quarter with the principal.",
    "Family forum attendance doubled; translated materials now go home.",
]
TARGETS = [
    "Every school has drafted graduation competencies and shared them with families.",
    "Board adopts revised graduation requirements (IKF) and multiple pathways (IKFF).",
    "Community forums on what a diploma should mean, with students presenting work.",
    "Common scoring criteria normed across schools in all content areas.",
]


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


class Command(BaseCommand):
    help = "Time meeting packets on 1 and 2 workers against WeasyPrint alone and Chromium."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=_ints, default=[15, 60])
        parser.add_argument("--workers", type=_ints, default=[1, 2])
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, districts: list[int], workers: list[int], runs: int, seed: int, **o):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("bench_pdf measures real workers: set REDIS_URL (make bench-pdf).")
        self.chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        call_command("load_frameworks", stdout=io.StringIO())
        results = []
        for size in districts:
            meeting, facilitator = self._world(size, random.Random(seed))  # noqa: S311
            html = single_document_html(plan_for(self._probe(meeting, facilitator)))
            row = {
                "districts": size,
                "weasyprint_alone_s": self._median(runs, self._weasy, html, size),
            }
            row["chromium_s"], row["chromium_pages"] = self._chromium(runs, html)
            if row["chromium_pages"] is not None:
                _at_least_a_page_each("Chromium", row["chromium_pages"], size)
            row["workers"] = []
            for count in workers:
                row["workers"].append(self._on_workers(count, runs, meeting, facilitator))
            row["pages"] = row["workers"][-1]["pages"] if row["workers"] else None
            results.append(row)
        figures = {
            "when": timezone.now().isoformat(timespec="seconds"),
            "cpus": len(os.sched_getaffinity(0)),
            "weasyprint": weasyprint.__version__,
            "runs": runs,
            "packets": results,
        }
        self._print(figures)
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "bench-pdf.json").open("a") as f:
            f.write(json.dumps(figures) + "\n")

    # ------------------------------------------------------------------ measuring

    @staticmethod
    def _median(runs: int, measure, *args) -> float:
        return round(statistics.median(measure(*args) for _ in range(runs)), 2)

    def _probe(self, meeting, facilitator) -> ReportJob:
        """A job object to make the packet's HTML from (never queued)."""
        return ReportJob(kind=ReportJob.Kind.PACKET, meeting=meeting, requested_by=facilitator)

    def _weasy(self, html: str, districts: int) -> float:
        started = time.perf_counter()
        pdf = weasyprint.HTML(
            string=html, base_url=render.static_base_url(), url_fetcher=render.safe_url_fetcher
        ).write_pdf(
            stylesheets=list(render.print_stylesheets()),
            font_config=render.fonts(),
            pdf_variant=render.PDF_VARIANT,
        )
        seconds = time.perf_counter() - started
        _at_least_a_page_each("WeasyPrint alone", pdfjoin.page_count(pdf), districts)
        return seconds

    def _chromium(self, runs: int, html: str) -> tuple[float | None, int | None]:
        """Headless Chromium printing the same HTML (the print stylesheet inlined)."""
        if not self.chromium:
            self.stderr.write("chromium is not installed: its column stays empty.")
            return None, None
        stylesheet = "\n".join(
            (render.static_roots()[0] / name).read_text() for name in render.STYLESHEETS
        )
        page = html.replace("</head>", f"<style>{stylesheet}</style></head>", 1)
        with tempfile.TemporaryDirectory() as folder:
            source, target = Path(folder) / "packet.html", Path(folder) / "packet.pdf"
            source.write_text(page)
            command = [
                self.chromium,
                *("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"),
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ]

            def once() -> float:
                target.unlink(missing_ok=True)
                started = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
                return time.perf_counter() - started

            seconds = self._median(runs, once)
            return seconds, pdfjoin.page_count(target.read_bytes())

    def _on_workers(self, count: int, runs: int, meeting, facilitator) -> dict:
        processes = self._start_workers(count)
        try:
            self._job(meeting, facilitator)  # warms the workers up (imports, fonts)
            cold, warm, pages, reused = [], [], 0, 0
            districts = meeting.cohort.districts.count()
            for run in range(runs):
                render.store.prune(older_than=timedelta(0))  # every part: a cold run
                seconds, job = self._job(meeting, facilitator)
                _reused("cold", job, 0)
                cold.append(seconds)
                pages = job.page_count
                self._touch(meeting, run)
                seconds, job = self._job(meeting, facilitator)
                _reused("warm", job, districts - 1)
                warm.append(seconds)
                reused = job.sections_reused
            peak = max(self._peak_mib(process.pid) for process in processes)
        finally:
            self._stop_workers(processes)
        return {
            "workers": count,
            "pages": pages,
            "cold_s": round(statistics.median(cold), 2),
            "warm_s": round(statistics.median(warm), 2),
            "sections_reused_warm": reused,
            "worker_peak_mib": peak,
            "runs": {"cold": cold, "warm": warm},
        }

    def _start_workers(self, count: int) -> list[subprocess.Popen]:
        from config.celery_app import app

        app.control.purge()
        processes = [
            subprocess.Popen(  # noqa: S603 (the project's own worker)
                [
                    *(sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo"),
                    *("--loglevel=WARNING", "--without-gossip", "--without-mingle"),
                    f"--hostname=bench{i}@%h",
                ],
                cwd=settings.BASE_DIR,
                stdout=subprocess.DEVNULL,  # the banner; warnings and errors go to stderr
            )
            for i in range(count)
        ]
        deadline = time.monotonic() + 60
        while len(app.control.ping(timeout=0.5) or []) < count:
            if time.monotonic() > deadline:
                self._stop_workers(processes)
                raise CommandError("The Celery workers did not start.")
        return processes

    @staticmethod
    def _stop_workers(processes: list[subprocess.Popen]) -> None:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    @staticmethod
    def _peak_mib(pid: int) -> int:
        """The process's peak resident memory (VmHWM): a solo worker renders in itself."""
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
        return 0

    def _job(self, meeting, facilitator) -> tuple[float, ReportJob]:
        started = time.perf_counter()
        job, _ = report_request(
            kind=ReportJob.Kind.PACKET, meeting=meeting, acting_user=facilitator
        )
        deadline = started + JOB_TIMEOUT
        active = ReportJob.objects.filter(pk=job.pk, status__in=ReportJob.ACTIVE)
        # a light look every 50 ms: the bench shares the CPUs with the workers it times
        while active.exists() and time.perf_counter() < deadline:
            time.sleep(0.05)
        job.refresh_from_db()
        seconds = time.perf_counter() - started
        if job.status != ReportJob.Status.DONE:
            raise CommandError(f"The packet did not finish: {job.status} {job.error}")
        self._check_packet(job, meeting)
        return seconds, job

    @staticmethod
    def _check_packet(job: ReportJob, meeting) -> None:
        """The PDF is the meeting's packet: the pages the job counted, and an outline that
        names each district of the cohort once (its section's heading) and no other."""
        expected = sorted(f"{d.name} ({d.state})" for d in meeting.cohort.districts.all())
        with job.file.open("rb") as f, pikepdf.open(io.BytesIO(f.read())) as pdf:
            pages = len(pdf.pages)
            with pdf.open_outline() as outline:
                titles, items = [], list(outline.root)
                while items:
                    item = items.pop()
                    titles.append(item.title)
                    items.extend(item.children)
        named = sorted(t for t in titles if t.startswith("Bench District "))
        if pages != job.page_count or named != expected:
            raise CommandError(
                f"The packet is not the cohort's: {pages} pages (the job counted "
                f"{job.page_count}), {len(named)} districts in its outline where the cohort has "
                f"{len(expected)} ({sorted(set(expected) ^ set(named))[:3]} differ)."
            )

    def _touch(self, meeting, run: int) -> None:
        """One district changes between packets: a new problem of practice."""
        district = meeting.cohort.districts.order_by("name")[run % meeting.cohort.districts.count()]
        ProblemOfPractice.objects.create(
            meeting=meeting,
            district=district,
            kind="concern",
            topics=["engagement"],
            text=f"Changed between packets ({run}).",
        )

    def _print(self, f: dict) -> None:
        self.stdout.write(
            f"Meeting packets on Celery workers (solo pool, one process each); {f['cpus']} CPUs, "
            f"WeasyPrint {f['weasyprint']}; median of {f['runs']} runs"
        )
        header = (
            "districts  pages  workers   cold (s)   warm (s)  reused  worker peak  "
            "WeasyPrint alone (s)  Chromium (s)  cold ÷ Chromium  warm vs Chromium"
        )
        self.stdout.write(header)
        for packet in f["packets"]:
            chromium = packet["chromium_s"]
            for w in packet["workers"]:
                verdict, ratio = "—", "—"
                if chromium:
                    verdict = "met" if w["warm_s"] <= chromium else "not met"
                    w["cold_vs_chromium"] = round(w["cold_s"] / chromium, 2)
                    ratio = f"{w['cold_vs_chromium']:.2f}×"
                self.stdout.write(
                    f"{packet['districts']:>9}  {w['pages']:>5}  {w['workers']:>7}  "
                    f"{w['cold_s']:>9.2f}  {w['warm_s']:>9.2f}  {w['sections_reused_warm']:>6}  "
                    f"{w['worker_peak_mib']:>7} MiB  {packet['weasyprint_alone_s']:>20.2f}  "
                    f"{chromium if chromium is not None else '—':>12}  {ratio:>15}  "
                    f"{verdict:>16}"
                )
        self.stdout.write(
            "Every packet timed was checked: its job done, its pages those the job counted, each "
            "district of the cohort once in its outline; cold ones reused no section, warm ones "
            "all but the changed district's."
        )
        self.stdout.write(
            "Goals: with 2 workers and warm reuse, no slower than Chromium; cold, the 60-district "
            "packet on 2 workers in at most 2.5 times Chromium; a worker rendering the "
            "60-district packet under 500 MiB."
        )

    # ------------------------------------------------------------------ the data

    @transaction.atomic
    def _world(self, n: int, rng: random.Random) -> tuple[Meeting, User]:
        facilitator, _ = User.objects.get_or_create(
            email=FACILITATOR, defaults={"full_name": "Bench Facilitator"}
        )
        cohort, _ = Cohort.objects.get_or_create(name=COHORT)
        cohort.facilitators.add(facilitator)
        framework = Framework.objects.filter(slug="district-self-assessment").latest("version")
        dimensions = list(
            Dimension.objects.filter(domain__framework=framework).order_by(
                "domain__position", "position"
            )
        )
        levels = list(framework.levels.order_by("position"))
        for i in range(n):
            district, created = District.objects.get_or_create(
                name=f"Bench District {i + 1:03d}", state="ME"
            )
            cohort.districts.add(district)
            if created:
                self._district(district, framework, dimensions, levels, rng)
        cohort.districts.remove(*cohort.districts.exclude(name__lte=f"Bench District {n:03d}"))
        meeting = Meeting.objects.filter(cohort=cohort).first()
        if meeting is None:
            meeting = self._meeting(cohort)
        for district in cohort.districts.all():
            if not ProblemOfPractice.objects.filter(meeting=meeting, district=district).exists():
                for kind, topic in (("how", "criteria"), ("meaning", "norming")):
                    ProblemOfPractice.objects.create(
                        meeting=meeting,
                        district=district,
                        kind=kind,
                        topics=[topic],
                        text="How do we norm scoring criteria across schools when teachers "
                        "are at different stages of implementation?",
                    )
        return meeting, facilitator

    def _district(self, district, framework, dimensions, levels, rng) -> None:
        now = timezone.now()
        District.objects.filter(pk=district.pk).update(plan_sharing="cohort")
        for r, title in enumerate(("Fall 2025", "Spring 2026")):
            round_ = AssessmentRound.objects.create(
                district=district,
                title=title,
                framework=framework,
                status="submitted",
                sharing="cohort",
                shared_with="cohort",
                submitted_at=now - timedelta(days=180 * (1 - r) + 1),
            )
            ConsensusRating.objects.bulk_create(
                ConsensusRating(
                    district=district,
                    round=round_,
                    dimension=dimension,
                    level=levels[min(rng.randrange(len(levels)) + r, len(levels) - 1)],
                    evidence=rng.choice(EVIDENCE),
                    next_steps="Share exemplars at the next staff meeting.",
                )
                for dimension in dimensions
            )
        plan = LongTermPlan.objects.create(district=district, first_year=2026, years=4)
        PlanCell.objects.bulk_create(
            PlanCell(
                district=district,
                plan=plan,
                year=year,
                strand=strand,
                target=rng.choice(TARGETS),
                status=rng.choice(["on_track", "at_risk", "not_started", "achieved"]),
            )
            for year in plan.horizon
            for strand in ("practice", "policy", "public_will")
        )
        action = ActionPlan.objects.create(
            district=district, goal="Adopt common scoring criteria in every school"
        )
        today = date.today()
        ActionStep.objects.bulk_create(
            ActionStep(
                district=district,
                plan=action,
                position=s,
                description=f"Step {s + 1}: draft, norm and publish criteria for content area "
                f"{s + 1}",
                due_date=today + timedelta(days=30 * s - 45),
                coordinator_name="Curriculum director",
                status=rng.choice(["not_started", "in_progress", "done"]),
            )
            for s in range(8)
        )
        PolicyReview.objects.filter(district=district).update(status="under_review")

    def _meeting(self, cohort) -> Meeting:
        meeting = Meeting.objects.create(
            cohort=cohort,
            title="Bench meeting",
            first_date=date(2027, 2, 7),
            second_date=date(2027, 2, 8),
            location="Portland, Maine",
            outcomes="Reengage with Mastery-Based Learning\nDraft an initial long-term plan",
        )
        protocol, _ = Protocol.objects.get_or_create(
            name=QUICK_FIRE_PROTOCOL, defaults={"steps": QUICK_FIRE_STEPS}
        )
        for position, (at, title) in enumerate(
            [
                (clock(9, 30), "Opener, Introductions, Signals, and Norms"),
                (clock(10, 0), "Connections: Quick Fire Protocol"),
                (clock(10, 30), "Mindset: 3 Types of Sojourners"),
                (clock(11, 0), "Actions: District Policy Considerations"),
                (clock(12, 0), "Questions and Next Steps"),
            ],
            start=1,
        ):
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                time=at,
                title=title,
                protocol=protocol if "Quick Fire" in title else None,
            )
        return meeting


def _reused(name: str, job: ReportJob, expected: int) -> None:
    """A cold packet lays every section out; a warm one only the changed district's."""
    if job.sections_reused != expected:
        raise CommandError(
            f"The {name} packet reused {job.sections_reused} sections, not {expected}: it was "
            f"not a {name} packet."
        )


def _at_least_a_page_each(name: str, pages: int, districts: int) -> None:
    if pages < districts:
        raise CommandError(f"{name} made {pages} pages for {districts} districts.")
