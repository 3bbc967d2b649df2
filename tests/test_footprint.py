"""A web process's memory: the libraries only some requests need are loaded by the first such
request, not by every process at start-up (issue 30: a web worker's peak went from 102 to
135 MiB as they were added; the goal is 120)."""

from tests.process_helpers import run_python

# What they cost a process when loaded at start-up (about 25 MiB together): the spreadsheets
# (openpyxl with Pillow and lxml), PDFs (pikepdf; WeasyPrint only workers need), calendars
# (icalendar) and DNS lookups (dnspython); and allauth's WebAuthn flows, which its two-step
# pages import even with WebAuthn off (fido2 with cryptography: about 11 MiB more).
LOADED_WHEN_ASKED = (
    "openpyxl",
    "PIL",
    "lxml",
    "pikepdf",
    "weasyprint",
    "icalendar",
    "dns",
    "fido2",
    "cryptography",
)


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


def test_the_two_step_pages_imported_when_opened_are_allauths_as_the_middleware_sees_them():
    """accounts.urls routes allauth's two-step pages to views that import them when first
    opened: what the middleware reads of a view before calling it (whether it needs a
    signed-in person, where it sends one who is not, CSRF) must be what allauth's view says."""
    from allauth.mfa.base import views as allauth_views
    from django.urls import resolve, reverse

    from accounts.urls import MFA_BASE_VIEWS

    for _route, view, name, _declared in MFA_BASE_VIEWS:
        routed = resolve(reverse(name)).func
        real = getattr(allauth_views, view)
        for attribute in ("login_required", "login_url", "redirect_field_name", "csrf_exempt"):
            assert getattr(routed, attribute, "unset") == getattr(real, attribute, "unset"), (
                name,
                attribute,
            )


def test_a_two_step_page_imported_when_opened_answers_as_allauths(client, db):
    """The lazily imported sign-in step is allauth's own: signed out, it sends to sign-in."""
    from django.urls import reverse

    answer = client.get(reverse("mfa_authenticate"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))
