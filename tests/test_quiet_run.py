"""A quiet first run: on the embedded default, emails go to files under data/emails/ with one
line each on the console; the demo's set-up says one line; every email's links are on the
site's address (SITE_URL), which `make run` sets to the one it serves."""

import io
import os
import subprocess
import sys
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from config.email import FileEmailBackend, site_url

ROOT = Path(settings.BASE_DIR)

SETTINGS_OF = (
    "from django.conf import settings; "
    "print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH, settings.CELERY_BROKER_URL)"
)


def settings_with(**env: str) -> list[str]:
    """The email backend, its folder and the broker of config.settings.local in a process
    with this environment (REDIS_URL and EMAIL_URL unset unless given)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "EMAIL_URL", "EMAIL_FILE_PATH")
        and not key.startswith(("DJANGO_", "SECURE_"))
    }
    done = subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-v0", "-c", SETTINGS_OF],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_embedded_default_writes_emails_to_files_under_data():
    backend, folder, broker = settings_with()
    assert backend == "config.email.FileEmailBackend"
    assert folder == str(ROOT / "data" / "emails")
    # a broker URL with a host: kombu does not warn that it reverts to localhost
    assert broker == "memory://localhost/"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        (
            {"EMAIL_URL": "smtp://mail.example.org:587"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/0"},
            "django.core.mail.backends.console.EmailBackend",
        ),
    ],
)
def test_a_mail_server_or_the_real_stack_keeps_its_own_backend(env, backend):
    assert settings_with(**env)[0] == backend


def test_each_email_is_a_file_of_its_own_and_one_line_on_the_console(tmp_path):
    console = io.StringIO()
    backend = FileEmailBackend(file_path=tmp_path / "emails", stream=console)
    messages = [
        EmailMessage(f"Subject {n}", "Body", "waypoint@localhost", [f"p{n}@example.org"])
        for n in (1, 2)
    ]
    assert backend.send_messages(messages) == 2
    files = sorted((tmp_path / "emails").glob("*.eml"))
    assert len(files) == 2
    assert {message_from_bytes(f.read_bytes())["Subject"] for f in files} == {
        "Subject 1",
        "Subject 2",
    }
    lines = console.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Email to p1@example.org, “Subject 1”: ")
    assert lines[0].endswith(".eml")


def test_the_demos_set_up_says_one_line(db, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    assert out.getvalue().splitlines() == [
        "Demo ready: 3 districts, 9 people (password 'waypoint-demo-2026')."
    ]
    assert mail.outbox  # the demo's emails are sent all the same (here, kept by the tests)
    quiet = io.StringIO()
    call_command("load_frameworks", stdout=quiet, verbosity=0)
    assert quiet.getvalue() == ""


@override_settings(SITE_URL="http://192.0.2.7:8123/")
def test_invitations_and_notices_link_to_the_sites_address(
    cast, client_for, django_capture_on_commit_callbacks
):
    assert site_url("/x/") == "http://192.0.2.7:8123/x/"
    with django_capture_on_commit_callbacks(execute=True):
        client_for("lead").post(
            reverse("districts:member_invite", kwargs={"district": cast.riverside.code}),
            {"email": "new@example.org", "role": "member"},
        )
    assert "http://192.0.2.7:8123/invitations/" in mail.outbox[-1].body
    assert "testserver" not in mail.outbox[-1].body


def test_make_run_serves_and_links_on_the_same_address():
    """`make run HOST=… PORT=…` sets SITE_URL to that address unless it is set."""

    def site_url_of(*args: str, **env: str) -> str:
        done = subprocess.run(  # noqa: S603 — make with fixed arguments
            ["make", "-pn", "run", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={"PATH": "/usr/bin:/bin", **env},
        )
        variables = dict(line.split(" = ", 1) for line in done.stdout.splitlines() if " = " in line)
        expanded = variables["SITE_URL"]
        for name in ("HOST", "PORT"):
            expanded = expanded.replace(f"$({name})", variables[name])
        return expanded

    assert site_url_of("HOST=0.0.0.0", "PORT=8123") == "http://0.0.0.0:8123"
    assert site_url_of() == "http://127.0.0.1:8000"
    assert site_url_of(SITE_URL="https://waypoint.example.org") == "https://waypoint.example.org"
