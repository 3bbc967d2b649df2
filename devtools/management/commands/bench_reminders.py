"""`manage.py bench_reminders` (make bench-reminders): the scheduled passes that tell people
(steps due and overdue, milestones, rounds due, meetings coming up, the Monday summaries and
digests) timed on the scale data set, with the queries each takes and the notices it makes.

Each pass must end within a minute on a 2-CPU machine, and take the same queries for any
number of districts. The bench measures that at two sizes: here (its own database,
seed_scale --districts N, made on first use) and on a second database of a tenth the
districts (--compare-with, measured by this command in a process of its own: the passes run
on the default connection). Every statement is counted (a wrapper on the connection, not
Django's query log, which keeps only the last 9,000). A pass whose reads differ between the
sizes, or whose writes do on PostgreSQL, is "not met" and the command exits non-zero; a pass
over the minute is "not met" too, a goal as `make bench` has goals (a loaded machine is slow;
queries that grow are wrong at any speed). On
SQLite the writes are not compared: Django splits a bulk insert into batches of at most 999
parameters there, so they follow the rows made. Each run starts with no notices, so every
pass tells everything it finds.
"""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from dashboards.reminders import coach_digests
from devtools.management.commands.seed_scale import NAME
from districts.models import District
from measures.reminders import data_due_remind, off_track_summaries
from meetings.reminders import meetings_remind
from notifications.models import Notice
from notifications.services import digests_make
from planning.reminders import milestones_remind, overdue_summaries, steps_remind
from rubrics.reminders import rounds_remind

GOAL_SECONDS = 60
# A Monday morning in July: the milestones of the June just over are due too.
MONDAY = datetime(2027, 7, 5, 7, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))

PASSES: list[tuple[str, Callable[[datetime], int]]] = [
    ("steps due and overdue", lambda now: sum(steps_remind(now).values())),
    ("milestones of June", milestones_remind),
    ("rounds due", lambda now: sum(rounds_remind(now).values())),
    ("meetings in 14 days", meetings_remind),
    ("overdue summaries (Mondays)", overdue_summaries),
    ("measures' data due", data_due_remind),
    ("measures off track (Mondays)", off_track_summaries),
    ("coach digests (Mondays)", coach_digests),
    ("digests", digests_make),
]


class QueryCounter:
    """Every statement the connection executes (execute and executemany calls alike), reads
    (SELECT) and writes (the rest: inserts, updates, deletes, savepoints) apart."""

    def __init__(self) -> None:
        self.reads = 0
        self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() == "SELECT":
            self.reads += 1
        else:
            self.writes += 1
        return execute(sql, params, many, context)


@contextmanager
def counting() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def measure(
    passes: list[tuple[str, Callable]], now: datetime = MONDAY, say=lambda line: None
) -> list[dict]:
    """Each pass once over every district of this database, from no notices."""
    Notice.objects.all().delete()
    rows = []
    for name, run in passes:
        with counting() as queries:
            started = time.perf_counter()
            made = run(now)
            seconds = time.perf_counter() - started
        rows.append(
            {
                "pass": name,
                "notices": made,
                "reads": queries.reads,
                "writes": queries.writes,
                "seconds": round(seconds, 2),
            }
        )
        say(f"  {name}: {made} notices, {queries.reads} reads, {seconds:.1f} s")
    return rows


def query_faults(
    row: dict, other: dict | None, *, size: int, other_size: int, vendor: str
) -> list[str]:
    """Why the pass's queries are not shown to be the same at both sizes (none: they are)."""
    if other is None:
        return [f"not measured at {other_size} districts"]
    if bool(row["notices"]) != bool(other["notices"]):
        empty = size if not row["notices"] else other_size
        return [f"told nobody at {empty} districts, so its queries cannot be compared"]
    faults = []
    larger, smaller = (row, other) if size > other_size else (other, row)
    for kind in ("reads", "writes") if vendor != "sqlite" else ("reads",):
        if larger[kind] > smaller[kind]:
            faults.append(f"{kind} grow with districts")
        elif larger[kind] < smaller[kind]:
            faults.append(f"{kind} differ with districts")
    return faults


def verdict(row: dict, faults: list[str]) -> str:
    """The goals: within the minute, and the same queries at both sizes."""
    missed = [f"over {GOAL_SECONDS} s"] if row["seconds"] > GOAL_SECONDS else []
    missed += faults
    return "met" if not missed else "not met: " + ", ".join(missed)


class Command(BaseCommand):
    help = "Time the scheduled reminder passes and compare their queries at two sizes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--districts", type=int, default=13000, help="this database's size, on first use"
        )
        parser.add_argument(
            "--compare-with",
            metavar="DATABASE_URL",
            help="the database of the second size (seeded on first use)",
        )
        parser.add_argument(
            "--compare-districts",
            type=int,
            help="the second database's size on first use (a tenth of --districts)",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="measure here only and print the figures as one line of JSON",
        )

    def handle(self, *args, districts, compare_with, compare_districts, as_json, **options):
        if not (compare_with or as_json):
            raise CommandError(
                "Give --compare-with DATABASE_URL: a second database where the passes run on "
                "fewer districts, so that the bench can tell whether their queries grow."
            )
        if not District.objects.filter(name=NAME.format(1)).exists():
            seeding = self.stderr if as_json else self.stdout  # stdout: the JSON alone
            call_command("seed_scale", districts=districts, stdout=seeding)
        if as_json:
            rows = measure(PASSES, say=self.stderr.write)
            figures = {"districts": District.objects.count(), "passes": rows}
            self.stdout.write(json.dumps(figures))
            return
        size = District.objects.count()
        self.stdout.write(f"The passes on {size} districts:")
        rows = measure(PASSES, say=self.stdout.write)
        self.stdout.write("The passes on the second database (--compare-with):")
        other = self._other_size(compare_with, compare_districts or max(size // 10, 20))
        if other["districts"] == size:
            raise CommandError(
                f"Both databases have {size} districts: the second must have fewer or more."
            )
        self._report(size, rows, other)

    def _other_size(self, url: str, districts: int) -> dict:
        """The same passes on the other database, in a process of its own (they use the
        default connection); seeded there on first use."""
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
        out = subprocess.run(  # noqa: S603 (this command, on the other database)
            [*manage, "bench_reminders", "--json", "--districts", str(districts)],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    def _report(self, size: int, rows: list[dict], other: dict) -> None:
        other_size = other["districts"]
        theirs = {row["pass"]: row for row in other["passes"]}
        vendor = connection.vendor
        for row in rows:
            mine = theirs.get(row["pass"])
            faults = query_faults(row, mine, size=size, other_size=other_size, vendor=vendor)
            row["query_faults"] = faults
            row["verdict"] = verdict(row, faults)
            row["at_other_size"] = mine
        figures = {
            "when": timezone.now().isoformat(timespec="seconds"),
            "cpus": len(os.sched_getaffinity(0)),
            "database": vendor,
            "districts": size,
            "other_districts": other_size,
            "passes": rows,
        }
        self.stdout.write(
            f"Scheduled passes on {size} districts (queries also counted on {other_size}), "
            f"{figures['cpus']} CPUs, {vendor} (goal: each within {GOAL_SECONDS} s, the same "
            "queries at both sizes)"
        )
        at = f"@{other_size}"
        self.stdout.write(
            f"{'pass':<30} {'notices':>8} {'reads':>6} {'writes':>6} {'seconds':>8} "
            f"{'reads' + at:>11} {'writes' + at:>12}  goal"
        )
        for row in rows:
            mine = row["at_other_size"] or {"reads": "—", "writes": "—"}
            self.stdout.write(
                f"{row['pass']:<30} {row['notices']:>8} {row['reads']:>6} {row['writes']:>6} "
                f"{row['seconds']:>8.2f} {mine['reads']:>11} {mine['writes']:>12}  "
                f"{row['verdict']}"
            )
        if vendor == "sqlite":
            self.stdout.write("Writes not compared on SQLite (bulk inserts batched by rows).")
        out = Path(settings.BASE_DIR) / "data" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "bench-reminders.json").open("a") as f:
            f.write(json.dumps(figures) + "\n")
        # The minute is a goal, said met or not as `make bench` says its goals; queries that
        # grow with the districts (or cannot be compared) fail the run.
        failed = [row for row in rows if row["query_faults"]]
        if failed:
            raise CommandError(
                "Queries not the same at both sizes: "
                + "; ".join(f"{row['pass']}: {', '.join(row['query_faults'])}" for row in failed)
            )
