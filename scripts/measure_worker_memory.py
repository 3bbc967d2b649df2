"""What a web worker's memory holds after serving what `make bench` serves, in one process:
the bench's pages and its daily-use requests (reads and autosaves) run through Django's test
client against a bench database, with this process's resident memory (VmRSS, VmHWM) after
each stage, and tracemalloc's largest growths between the first view of each page and the
end. Run on the bench's databases, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypoint_bench_13000 \\
    REDIS_URL=redis://127.0.0.1:6379/2 DJANGO_SECRET_KEY=bench-only-... \\
    .venv/bin/python scripts/measure_worker_memory.py [--trace] [--rounds 3]

It writes to the database what the bench writes (a draft round, sessions, the saves).
`--as-worker` sets up the C allocator as a web worker does (config/memory.py, from
config/wsgi.py: its WEB_MALLOC_* variables, and malloc_trim after requests); without it,
glibc's own defaults and no trimming."""

import argparse
import gc
import json
import os
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from config import memory

if "--as-worker" in sys.argv:  # before Django and the apps load, as config/wsgi.py does
    memory.tune_allocator()

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from devtools.management.commands import bench_web  # noqa: E402


def status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def say(stage: str) -> None:
    traced = ""
    if tracemalloc.is_tracing():
        current, peak = tracemalloc.get_traced_memory()
        traced = f"  traced {current / 2**20:6.1f} MiB (peak {peak / 2**20:6.1f})"
    print(
        f"{stage:<40} RSS {status('VmRSS'):6.1f} MiB  HWM {status('VmHWM'):6.1f}{traced}",
        flush=True,
    )


def types() -> Counter:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trace", action="store_true", help="tracemalloc (slow)")
    parser.add_argument("--rounds", type=int, default=2, help="times each page is served")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--daily-every", type=int, default=1, help="every n-th daily request")
    parser.add_argument("--only", default="", help="only the daily runs whose name has this")
    parser.add_argument("--skip", default="", help="leave out the daily requests of a method")
    parser.add_argument("--sessions", help="a JSON file of the sessions, reused when it exists")
    parser.add_argument(
        "--as-worker", action="store_true", help="the allocator set up as a web worker's"
    )
    return parser.parse_args()


def bench_requests(args) -> tuple[list, list]:
    """The bench's pages, and its daily-use runs with each run's requests (what its wrk
    script sends), its people signed in (or their sessions read from --sessions)."""
    requests_of = []
    lua = bench_web._lua

    def capture(requests, *, accepted):
        requests_of.append(requests)
        return lua(requests, accepted=accepted)

    bench_web._lua = capture
    command = bench_web.Command()
    if args.sessions and Path(args.sessions).exists():
        saved = json.loads(Path(args.sessions).read_text())
        command.signed_in = {int(pk): cookie for pk, cookie in saved.items()}
    say("set up")
    pages = command.pages()
    daily = command._daily_runs(pages)
    say("signed in (pages and daily use)")
    if args.sessions:
        Path(args.sessions).write_text(json.dumps(command.signed_in))
    return pages, list(zip(daily, requests_of, strict=True))


def page_client(page) -> Client:
    client = Client()
    if page.token:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {page.token}"
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = page.cookie
    return client


def send(client: Client, method: str, path: str, cookie: str, body: str):
    if method == "POST":
        return client.post(
            path,
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_COOKIE=cookie,
            HTTP_X_CSRFTOKEN=bench_web.CSRF,
            HTTP_ACCEPT="application/json",
        )
    return client.get(path, HTTP_COOKIE=cookie, HTTP_ACCEPT="text/html")


def serve_pages(args, clients, worst: list) -> None:
    for n in range(args.rounds):
        for page, client in clients:
            for _ in range(3):
                if args.trace:
                    tracemalloc.reset_peak()
                assert client.get(page.url).status_code == 200, page.name
                if args.trace:
                    worst.append((tracemalloc.get_traced_memory()[1], page.name))
        say(f"pages, round {n + 1}")


def serve_daily(args, daily, worst: list) -> None:
    plain = Client()
    for run, requests in daily:
        if args.only not in run.page.name:
            continue
        started = time.monotonic()
        statuses = Counter()
        for method, path, cookie, body in requests[:: args.daily_every]:
            if method == args.skip:
                continue
            if args.trace:
                tracemalloc.reset_peak()
            statuses[(method, send(plain, method, path, cookie, body).status_code)] += 1
            if args.trace:
                worst.append((tracemalloc.get_traced_memory()[1], f"{run.page.name} {method}"))
        say(f"{run.page.name[:30]} ({sum(statuses.values())})")
        print(f"    {dict(statuses)} in {time.monotonic() - started:.0f} s")


def report_trace(args, first, worst: list) -> None:
    last = tracemalloc.take_snapshot()
    print("\nThe largest growths (tracemalloc, by line):")
    for stat in last.compare_to(first, "lineno")[: args.top]:
        print(f"  {stat}")
    print("\nThe largest growths (tracemalloc, by traceback):")
    for stat in last.compare_to(first, "traceback")[:8]:
        print(f"  {stat.size_diff / 1024:.0f} KiB in {stat.count_diff} blocks")
        for line in stat.traceback.format()[-16:]:
            print(f"    {line}")
    print("\nThe largest peaks while a request ran (all traced memory, not the request's own):")
    for peak, name in sorted(worst, reverse=True)[:10]:
        print(f"  {peak / 2**20:6.1f} MiB  {name}")


def main() -> None:
    args = arguments()
    if args.as_worker:
        memory.trim_after_requests()
    pages, daily = bench_requests(args)
    clients = [(page, page_client(page)) for page in pages]
    for page, client in clients:
        assert client.get(page.url).status_code == 200, page.name
    gc.collect()
    say("each page once")
    if args.trace:
        tracemalloc.start(25)
    before_types = types()
    first = tracemalloc.take_snapshot() if args.trace else None
    worst = []
    serve_pages(args, clients, worst)
    serve_daily(args, daily, worst)
    gc.collect()
    say("after gc")
    print("\nObjects that grew (gc.get_objects by type):")
    for name, count in (types() - before_types).most_common(args.top):
        print(f"  {count:>8} {name}")
    if args.trace:
        report_trace(args, first, worst)


if __name__ == "__main__":
    main()
