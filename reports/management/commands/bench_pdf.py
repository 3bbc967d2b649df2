"""`make bench-pdf`: how long a meeting packet takes, against WeasyPrint's own time.

Builds (once, repeatably) a cohort of N districts, each with two submitted rounds shared
with the cohort, a full long-term plan shared with the cohort, an action plan with steps, its
policy checklist and two problems of practice, and the cohort's facilitator, who asks.
Then, each measured three times (the median is printed):

- the whole job, cold: from asking to the file saved, every section laid out;
- WeasyPrint alone on the same final HTML in one document (the floor the pipeline adds to);
- the whole job, warm: one district changed since the last packet, the rest reused.

The figures are printed and kept in data/bench/bench-pdf.json.
"""

import io
import json
import os
import random
import resource
import statistics
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
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
from reports import render
from reports.documents import parts_for, single_document_html
from reports.models import ReportJob
from reports.services import report_request
from rubrics.models import AssessmentRound, ConsensusRating, Dimension, Framework

COHORT = "Bench cohort"
FACILITATOR = "bench.facilitator@example.org"
RUNS = 3

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


class Command(BaseCommand):
    help = "Time a meeting packet of N districts against WeasyPrint alone (make bench-pdf)."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=15)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, districts: int, seed: int, **options):
        from config.celery_app import app

        # The job runs in this process, as the embedded default runs it: the figures are
        # the pipeline's, not the queue's.
        app.conf.task_always_eager = True
        call_command("load_frameworks", stdout=io.StringIO())
        meeting, facilitator = self._world(districts, random.Random(seed))  # noqa: S311
        cold, weasy, warm = [], [], []
        pages = reused = 0
        for run in range(RUNS):
            render.section_cache.clear()
            seconds, job = self._job(meeting, facilitator)
            cold.append(seconds)
            pages = job.page_count
            weasy.append(self._weasyprint_alone(job))
            self._touch(meeting, run)
            seconds, job = self._job(meeting, facilitator)
            warm.append(seconds)
            reused = job.sections_reused
        figures = {
            "when": timezone.now().isoformat(timespec="seconds"),
            "districts": districts,
            "pages": pages,
            "cpus": len(os.sched_getaffinity(0)),
            "weasyprint": weasyprint.__version__,
            "job_cold_s": round(statistics.median(cold), 2),
            "weasyprint_alone_s": round(statistics.median(weasy), 2),
            "overhead_pct": round(
                100 * (statistics.median(cold) / statistics.median(weasy) - 1), 1
            ),
            "job_warm_s": round(statistics.median(warm), 2),
            "sections_reused_warm": reused,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "runs": {"cold": cold, "weasyprint_alone": weasy, "warm": warm},
        }
        self._print(figures)
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "bench-pdf.json").open("a") as f:
            f.write(json.dumps(figures) + "\n")

    # ------------------------------------------------------------------ measuring

    def _job(self, meeting, facilitator) -> tuple[float, ReportJob]:
        started = time.perf_counter()
        job, _ = report_request(
            kind=ReportJob.Kind.PACKET, meeting=meeting, acting_user=facilitator
        )
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        if job.status != ReportJob.Status.DONE:
            raise SystemExit(f"The packet failed: {job.error}")
        return seconds, job

    def _weasyprint_alone(self, job) -> float:
        html = single_document_html(parts_for(job))
        started = time.perf_counter()
        weasyprint.HTML(
            string=html, base_url=render.static_base_url(), url_fetcher=render.safe_url_fetcher
        ).write_pdf(
            stylesheets=[render.print_stylesheet()],
            font_config=render.fonts(),
            pdf_variant=render.PDF_VARIANT,
        )
        return time.perf_counter() - started

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
        rows = [
            ("Whole job, cold (every section laid out)", f"{f['job_cold_s']:.2f} s"),
            ("WeasyPrint alone, same final HTML", f"{f['weasyprint_alone_s']:.2f} s"),
            ("Pipeline adds to WeasyPrint (goal < 20 %)", f"{f['overhead_pct']:+.1f} %"),
            (
                "Whole job, warm (one district changed)",
                f"{f['job_warm_s']:.2f} s, {f['sections_reused_warm']} of {f['districts']} "
                "sections reused",
            ),
            ("Peak memory of this process", f"{f['peak_rss_mib']} MiB"),
        ]
        self.stdout.write(
            f"Meeting packet of {f['districts']} districts, {f['pages']} pages; "
            f"{f['cpus']} CPUs, WeasyPrint {f['weasyprint']}; median of {RUNS} runs"
        )
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            self.stdout.write(f"  {name:<{width}}  {value}")

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
