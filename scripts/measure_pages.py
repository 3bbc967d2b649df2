"""The main pages measured in process on a scale data set (seed_scale): each page's time cold
(the cache emptied and the rubric's copy forgotten), with this process's CPU time beside it
(the machine is shared: the wall time grows with others' load, the CPU time much less), and
kept (the same page again), its queries and its size, best of a few tries. Run on the
bench's databases, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypoint_bench_13000 \\
    REDIS_URL=redis://127.0.0.1:6379/2 DJANGO_SECRET_KEY=bench-only-... \\
    .venv/bin/python scripts/measure_pages.py [--tries 3] [--json out.json]

It writes to the database only what the pages write (a draft round for the rating page)."""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from devtools.management.commands.bench_web import Command as BenchWeb  # noqa: E402
from devtools.management.commands.seed_scale import NAME  # noqa: E402
from districts.models import Cohort, District  # noqa: E402
from rubrics.selectors import framework_text_forget  # noqa: E402


def pages() -> list[tuple[str, User, str]]:
    district = District.objects.get(name=NAME.format(1))
    number = NAME.format(1).rsplit(" ", 1)[1]
    lead = User.objects.get(email=f"lead1.d{number}@scale.example.org")
    coach = User.objects.get(email="coach2@scale.example.org")
    staff = User.objects.get(email="staff@scale.example.org")
    admin = User.objects.get(email="admin@scale.example.org")
    draft = BenchWeb()._draft_round(district, lead)
    d = {"district": district.code}
    cohort = Cohort.objects.order_by("name").first()
    coach_url = reverse("dashboards:coach")
    return [
        ("District home (lead)", lead, reverse("dashboards:district", kwargs=d)),
        (
            "Rating page (lead)",
            lead,
            reverse("rubrics:rate", kwargs={**d, "round_code": draft.code}),
        ),
        ("Plan overview (lead)", lead, reverse("planning:overview", kwargs=d)),
        ("My steps (lead)", lead, reverse("my_steps")),
        ("Coach dashboard, 200 districts", coach, coach_url),
        ("Coach dashboard, 200, by a dimension", coach, coach_url + "?sort=dim-3"),
        ("Needs attention, 200 districts", coach, reverse("dashboards:attention")),
        ("Staff: coach dashboard", staff, coach_url),
        ("Staff: coach dashboard, by a dimension", staff, coach_url + "?sort=dim-3"),
        (
            "Staff: coach dashboard, a cohort by a dimension",
            staff,
            coach_url + f"?cohort={cohort.code}&sort=dim-3",
        ),
        ("Staff: needs attention", staff, reverse("dashboards:attention")),
        ("Staff: needs attention, page 5", staff, reverse("dashboards:attention") + "?page=5"),
        ("Staff: district list", staff, reverse("home")),
        ("Staff: district list, a state", staff, reverse("home") + "?state=VT"),
        ("Staff: cohorts", staff, reverse("dashboards:cohorts")),
        ("Staff: a cohort", staff, reverse("dashboards:cohort", kwargs={"cohort": cohort.code})),
        ("Admin: policy reviews", admin, "/admin/planning/policyreview/"),
        ("Admin: districts", admin, "/admin/districts/district/"),
    ]


def measure(client: Client, url: str, tries: int) -> dict:
    cold, kept, cpu = [], [], []
    for _ in range(tries):
        cache.clear()
        framework_text_forget()
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as cold_queries:
            response = client.get(url)
        cold.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        assert response.status_code == 200, (url, response.status_code)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as kept_queries:
            client.get(url)
        kept.append(time.perf_counter() - started)
    return {
        "cold_ms": round(min(cold) * 1000, 1),
        "cold_cpu_ms": round(min(cpu) * 1000, 1),
        "kept_ms": round(min(kept) * 1000, 1),
        "cold_queries": len(cold_queries),
        "kept_queries": len(kept_queries),
        "kb": round(len(response.content) / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--only", default="", help="pages whose name holds this text")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    # Signed in with force_login: what is measured is the page, not the sign-in (bench_web
    # passes two-step sign-in as a person would; here it is not asked for).
    settings.TWO_STEP_REQUIRED_FOR = []
    size = District.objects.count()
    load = os.getloadavg()
    print(f"{size} districts; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    rows = []
    clients: dict[int, Client] = {}
    for name, user, url in pages():
        if args.only and args.only not in name:
            continue
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        row = {"page": name, "url": url, **measure(clients[user.pk], url, args.tries)}
        rows.append(row)
        print(
            f"{name:48} cold {row['cold_ms']:7.1f} ms (CPU {row['cold_cpu_ms']:6.1f}) "
            f"{row['cold_queries']:3} q   "
            f"kept {row['kept_ms']:7.1f} ms {row['kept_queries']:3} q   {row['kb']:5} KB",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"districts": size, "load": load, "rows": rows}))


if __name__ == "__main__":
    main()
