"""Running the project's own commands in a child process, as an operator would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(script: str, **env: str) -> subprocess.CompletedProcess:
    """`script` in a fresh interpreter (this one), from the project's folder, in an
    environment of the system's PATH and `env` alone, as a deployment starts a process (its
    outcome is for the caller to check)."""
    return subprocess.run(  # noqa: S603 — this interpreter, on a script of our own
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py with `args`, in an environment of no DJANGO_ or SECURE_ variable but `env`
    (its outcome is for the caller to check)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_"))
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_manage_in_production(*args: str, **env: str) -> subprocess.CompletedProcess:
    """run_manage() under the production settings, with a fresh secret key."""
    return run_manage(
        *args,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        **env,
    )
