"""A web process's memory: the libraries only some requests need are loaded by the first such
request, not by every process at start-up (issue 30: a web worker's peak went from 102 to
135 MiB as they were added; the goal is 120)."""

from tests.process_helpers import run_python

# What they cost a process when loaded at start-up (about 25 MiB together): the spreadsheets
# (openpyxl with Pillow and lxml), PDFs (pikepdf; WeasyPrint only workers need), calendars
# (icalendar) and DNS lookups (dnspython).
LOADED_WHEN_ASKED = ("openpyxl", "PIL", "lxml", "pikepdf", "weasyprint", "icalendar", "dns")


def test_a_web_process_starts_without_the_libraries_of_rare_requests():
    script = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.core.handlers.wsgi import WSGIHandler\n"
        "from django.urls import get_resolver\n"
        "WSGIHandler()\n"
        "get_resolver().url_patterns\n"
        f"print(' '.join(m for m in {LOADED_WHEN_ASKED!r} if m in sys.modules))\n"
    )
    ran = run_python(
        script,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="footprint-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="waypoint.example.org",
        # as deployed: a broker, so the schedule is beat's and nothing runs in-process
        REDIS_URL="redis://127.0.0.1:1/0",
        DATABASE_URL="sqlite:////tmp/waypoint-footprint-unused.sqlite3",
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == [], f"loaded at start-up: {ran.stdout.strip()}"
