"""`manage.py bench_reminders` (make bench-reminders): the scheduled passes that tell people
(steps due and overdue, milestones, rounds due, meetings coming up, the Monday summaries and
digests) timed on the scale data set, with the queries each takes and the notices it makes.

The passes' reads must not grow with the districts. Their writes are bulk inserts and
updates: one query on PostgreSQL, a query per few hundred rows on SQLite (whose queries take
a limited number of parameters). Each pass must end within a minute on a 2-CPU machine. Its
own database (seed_scale --districts N, made on first use); each run starts with no notices,
so every pass tells everything it finds."""

import json
import os
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.reminders import coach_digests
from devtools.management.commands.seed_scale import NAME
from districts.models import District
from meetings.reminders import meetings_remind
from notifications.models import Notice
from notifications.services import digests_make
from planning.reminders import milestones_remind, overdue_summaries, steps_remind
from rubrics.reminders import rounds_remind

GOAL_SECONDS = 60


class Command(BaseCommand):
    help = "Time the scheduled reminder passes on the scale data set."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=13000)

    def handle(self, *args, districts, **options):
        if not District.objects.filter(name=NAME.format(1)).exists():
            call_command("seed_scale", districts=districts, stdout=self.stdout)
        size = District.objects.count()
        # A Monday morning in July: the milestones of the June just over are due too.
        zone = ZoneInfo(settings.TIME_ZONE)
        monday = datetime(2027, 7, 5, 7, 0, tzinfo=zone)
        passes = [
            ("steps due and overdue", lambda: sum(steps_remind(monday).values())),
            ("milestones of June", lambda: milestones_remind(monday)),
            ("rounds due", lambda: sum(rounds_remind(monday).values())),
            ("meetings in 14 days", lambda: meetings_remind(monday)),
            ("overdue summaries (Mondays)", lambda: overdue_summaries(monday)),
            ("coach digests (Mondays)", lambda: coach_digests(monday)),
            ("digests", lambda: digests_make(monday)),
        ]
        Notice.objects.all().delete()
        rows = []
        for name, run in passes:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                made = run()
                seconds = time.perf_counter() - started
            reads = sum(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
            rows.append(
                {
                    "pass": name,
                    "notices": made,
                    "reads": reads,
                    "writes": len(queries) - reads,
                    "seconds": seconds,
                }
            )
        figures = {
            "when": timezone.now().isoformat(timespec="seconds"),
            "cpus": len(os.sched_getaffinity(0)),
            "districts": size,
            "passes": rows,
        }
        self.stdout.write(
            f"Scheduled passes on {size} districts, {figures['cpus']} CPUs "
            f"(goal: each within {GOAL_SECONDS} s, queries not growing with the districts)"
        )
        self.stdout.write(
            f"{'pass':<30} {'notices':>8} {'reads':>6} {'writes':>6} {'seconds':>8}  goal"
        )
        for row in rows:
            verdict = "met" if row["seconds"] <= GOAL_SECONDS else "not met"
            self.stdout.write(
                f"{row['pass']:<30} {row['notices']:>8} {row['reads']:>6} {row['writes']:>6} "
                f"{row['seconds']:>8.2f}  {verdict}"
            )
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "bench-reminders.json").open("a") as f:
            f.write(json.dumps(figures) + "\n")
