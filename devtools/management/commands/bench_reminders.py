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
pass tells everything it finds. Each pass's peak memory is the process's largest resident size
when it ends (VmHWM); a pass that raised it past 500 MB is "not met".

With --drain-seconds (make bench-reminders gives 30), the outbox the passes filled is then
sent for that long by one sender process and again by two at once (each runs what a mail
worker's process runs, notifications.services.deliveries_send, with no rate limit) into an
SMTP server on a loopback port per sender, each in a process of its own. The rate is what
those servers received between the first email and the last, with the count of distinct
notices they told and of rows marked sent beside it; the Monday's 155,000 emails are
projected from it.
"""

import argparse
import json
import logging
import multiprocessing
import os
import re
import resource
import socket
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
from notifications.models import Delivery, Notice
from notifications.services import deliveries_send, digests_make
from planning.reminders import milestones_remind, overdue_summaries, steps_remind
from rubrics.reminders import rounds_remind

GOAL_SECONDS = 60
GOAL_MB = 500
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
        before = peak_mb()
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
                "peak_mb": peak_mb(),
                "raised_peak": peak_mb() > before,  # this pass made the process larger
            }
        )
        say(
            f"  {name}: {made} notices, {queries.reads} reads, {seconds:.1f} s, "
            f"process peak {peak_mb()} MB"
        )
    return rows


def peak_mb() -> int:
    """The process's largest resident size so far: after the first pass its own peak, after
    a later one the largest of the passes so far. Linux's VmHWM, which starts again at exec;
    ru_maxrss (KiB on Linux) elsewhere, which a process started by a larger one inherits."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


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
    """The goals: within the minute and GOAL_MB, and the same queries at both sizes."""
    missed = [f"over {GOAL_SECONDS} s"] if row["seconds"] > GOAL_SECONDS else []
    if row.get("peak_mb", 0) > GOAL_MB and row.get("raised_peak"):
        missed.append(f"over {GOAL_MB} MB")
    missed += faults
    return "met" if not missed else "not met: " + ", ".join(missed)


MONDAY_EMAILS = 155_000  # what a Monday's passes left in the outbox at 13,000 districts
GOAL_DRAIN_MINUTES = 60


NOTICE_LINK = re.compile(rb"/notifications/([0-9a-f-]{36})/")


class Sink:
    """An SMTP server that accepts every email and keeps when each arrived and which notice
    it tells (the notice's link in its text): what the drain counts is what a mail server
    received, and an email received twice is seen (each sending has a Message-ID of its own,
    so those would not tell)."""

    def __init__(self) -> None:
        self.arrived: list[float] = []
        self.notices: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.arrived.append(time.monotonic())  # CLOCK_MONOTONIC: one clock for every process
        found = NOTICE_LINK.search(envelope.original_content)
        self.notices.append(found.group(1) if found else b"")
        return "250 OK"


def _serve_sink(port: int, ready, stop, results) -> None:
    """A Sink in a process of its own (aiosmtpd), until told to stop; then what it received."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.send((sink.arrived, sink.notices))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def drain(processes: int, seconds: int) -> dict:
    """Send from this database's outbox for `seconds` with that many sender processes at
    once (each `deliveries_send`, as a mail worker's process runs it: batches claimed with
    SKIP LOCKED, one SMTP connection each), no rate limit. Each sender has a Sink of its own,
    in a process of its own, as a provider's servers take connections in parallel (one
    Python process receiving for all would be what is measured, not the senders). The rate
    is what the sinks received between the first email and the last."""
    forking = multiprocessing.get_context("fork")
    stop = forking.Event()
    sinks = []
    for _ in range(processes):
        port, ready = _free_port(), forking.Event()
        mine, theirs = forking.Pipe(duplex=False)
        process = forking.Process(target=_serve_sink, args=(port, ready, stop, theirs))
        process.start()
        ready.wait(30)
        sinks.append((port, process, mine))
    sent_before = Delivery.objects.filter(status=Delivery.Status.SENT).count()
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    try:
        senders = [
            subprocess.Popen(  # noqa: S603 (this command, as one sender)
                [*manage, "bench_reminders", "--sender", str(seconds)],
                env={
                    **os.environ,
                    "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                    "EMAIL_RATE_PER_MINUTE": "0",
                },
                stdout=subprocess.PIPE,
                text=True,
            )
            for port, _, _ in sinks
        ]
        said = [
            json.loads(p.communicate(timeout=seconds + 180)[0].splitlines()[-1]) for p in senders
        ]
    finally:
        stop.set()
    arrived, notices = [], []
    for _, process, results in sinks:
        times, told = results.recv()
        arrived += times
        notices += told
        process.join(30)
    arrived.sort()
    received = len(arrived)
    span = arrived[-1] - arrived[0] if received > 1 else 0.0
    per_minute = round(received / span * 60) if span else 0
    return {
        "processes": processes,
        "received": received,
        "distinct_notices": len(set(notices) - {b""}),
        "senders_said_sent": sum(s["sent"] for s in said),
        "marked_sent": Delivery.objects.filter(status=Delivery.Status.SENT).count() - sent_before,
        "seconds": round(span, 1),
        "per_minute": per_minute,
        "monday_minutes": round(MONDAY_EMAILS / per_minute, 1) if per_minute else None,
    }


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
            "--drain-seconds",
            type=int,
            default=0,
            help="then send from the outbox the passes filled, for this long with one sender "
            "process and again with two, into a local SMTP sink (0: not measured)",
        )
        parser.add_argument("--sender", type=float, help=argparse.SUPPRESS)  # one drain's sender
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="measure here only and print the figures as one line of JSON",
        )

    def handle(
        self,
        *args,
        districts,
        compare_with,
        compare_districts,
        as_json,
        drain_seconds,
        sender,
        **options,
    ):
        if sender:
            self.stdout.write(json.dumps(deliveries_send(seconds=sender)))
            return
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
        drains = []
        if drain_seconds:
            waiting = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
            self.stdout.write(f"Draining the outbox the passes left ({waiting} emails):")
            for processes in (1, 2):
                drains.append(drain(processes, drain_seconds))
                self.stdout.write(f"  {processes} sender process(es): {drains[-1]}")
        self._report(size, rows, other, drains)

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

    def _report(self, size: int, rows: list[dict], other: dict, drains: list[dict]) -> None:
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
            "drains": drains,
        }
        self.stdout.write(
            f"Scheduled passes on {size} districts (queries also counted on {other_size}), "
            f"{figures['cpus']} CPUs, {vendor} (goal: each within {GOAL_SECONDS} s, the same "
            "queries at both sizes)"
        )
        at = f"@{other_size}"
        self.stdout.write(
            f"{'pass':<30} {'notices':>8} {'reads':>6} {'writes':>6} {'seconds':>8} "
            f"{'reads' + at:>11} {'writes' + at:>12} {'peak MB':>8}  goal"
        )
        for row in rows:
            mine = row["at_other_size"] or {"reads": "—", "writes": "—"}
            self.stdout.write(
                f"{row['pass']:<30} {row['notices']:>8} {row['reads']:>6} {row['writes']:>6} "
                f"{row['seconds']:>8.2f} {mine['reads']:>11} {mine['writes']:>12} "
                f"{row['peak_mb']:>8}  {row['verdict']}"
            )
        if vendor == "sqlite":
            self.stdout.write("Writes not compared on SQLite (bulk inserts batched by rows).")
        self._report_drains(drains)
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

    def _report_drains(self, drains: list[dict]) -> None:
        """The outbox's drain: emails a minute as the sink counted them, the Monday's
        155,000 projected (goal: within the hour), and whether two senders beat one."""
        if not drains:
            return
        self.stdout.write(
            f"The outbox's drain into a local SMTP sink (goal: {MONDAY_EMAILS:,} emails within "
            f"{GOAL_DRAIN_MINUTES} minutes; two sender processes faster than one)"
        )
        for row in drains:
            minutes = row["monday_minutes"]
            honest = row["received"] == row["distinct_notices"] == row["marked_sent"]
            met = minutes is not None and minutes <= GOAL_DRAIN_MINUTES
            self.stdout.write(
                f"  {row['processes']} process(es): the sink received {row['received']} in "
                f"{row['seconds']} s = {row['per_minute']:,}/min; {MONDAY_EMAILS:,} in "
                f"{minutes} min  {'met' if met else 'not met'}"
                + ("" if honest else f"  (counts differ: {row})")
            )
        if len(drains) == 2:
            faster = drains[1]["per_minute"] > drains[0]["per_minute"]
            ratio = drains[1]["per_minute"] / max(drains[0]["per_minute"], 1)
            self.stdout.write(
                f"  two processes send {ratio:.2f} x one  {'met' if faster else 'not met'}"
            )
        self.stdout.write(
            f"  at EMAIL_RATE_PER_MINUTE={settings.EMAIL_RATE_PER_MINUTE} (the provider's "
            "limit) a Monday takes at least "
            + (
                f"{MONDAY_EMAILS / settings.EMAIL_RATE_PER_MINUTE:.0f} min"
                if settings.EMAIL_RATE_PER_MINUTE
                else "what the senders manage (no limit)"
            )
        )
