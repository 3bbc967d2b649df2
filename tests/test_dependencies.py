"""The locked stack (uv.lock) and `make audit`'s reading of the audits."""

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import django

from tests.process_helpers import run_python

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses read their module's annotations from there
    spec.loader.exec_module(module)
    return module


def locked() -> dict[str, dict]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {package["name"]: package for package in lock["package"]}


def direct_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^]]*\])?==([^;\s]+)", requirement)
        assert match, f"{requirement} is not pinned to one version (name==version)"
        pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[3]
    return pins


def test_every_direct_dependency_is_pinned_and_locked_at_that_version():
    packages = locked()
    for name, version in direct_pins().items():
        assert name in packages, f"{name} is not in uv.lock: run make lock"
        assert packages[name]["version"] == version, f"{name}: uv.lock differs, run make lock"


def test_everything_locked_carries_hashes():
    for name, package in locked().items():
        if package.get("source", {}).get("editable") or package.get("source", {}).get("virtual"):
            continue  # Waypoint itself
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files, f"{name} has no files in uv.lock"
        assert all(f.get("hash", "").startswith("sha256:") for f in files), name


def test_the_lock_matches_pyproject():
    """`uv sync --locked` (make install) fails on a stale lock; this says so sooner."""
    checked = subprocess.run(  # noqa: S603 — the locked uv on our own project
        [BIN / "uv", "lock", "--check", "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr


def test_django_is_the_newest_52_release_installed():
    assert direct_pins()["django"] == django.get_version() == "5.2.20"


def test_uv_is_bootstrapped_from_the_locks_own_hashes():
    requirement = load_script("uv_bootstrap").uv_requirement(
        tomllib.loads((ROOT / "uv.lock").read_text())
    )
    package = locked()["uv"]
    assert requirement.startswith(f"uv=={package['version']} --hash=sha256:")
    for wheel in package["wheels"]:
        assert f"--hash={wheel['hash']}" in requirement


def test_an_audit_that_skipped_every_package_says_not_audited():
    audit = load_script("audit")
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be "
             "audited: django (5.2.20)"},
            {"name": "celery", "skip_reason": "Dependency not found on PyPI and could not be "
             "audited: celery (5.7.0)"},
        ]
    }  # fmt: skip
    summary = audit.pip_audit_summary(report, "Python")
    text = "\n".join(summary.lines())
    assert not summary.complete
    assert "NOT AUDITED: 2 of 2 packages" in text
    assert "no known vulnerabilities" not in text.lower()


def test_an_audit_counts_what_it_audited_apart_from_what_it_skipped():
    audit = load_script("audit")
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": [
                {"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"]}]},
            {"name": "celery", "version": "5.7.0", "vulns": []},
            {"name": "kombu", "skip_reason": "Dependency not found on PyPI: kombu (5.6)"},
        ]
    }  # fmt: skip
    summary = audit.pip_audit_summary(report, "Python")
    text = "\n".join(summary.lines())
    assert summary.audited == 2
    assert "django 5.2.19: PYSEC-2026-1 (fixed in 5.2.20)" in text
    assert "NOT AUDITED: 1 of 3 packages" in text


def test_a_clean_full_audit_says_so():
    audit = load_script("audit")
    report = {"dependencies": [{"name": "django", "version": "5.2.20", "vulns": []}]}
    summary = audit.pip_audit_summary(report, "Python")
    assert summary.complete
    assert summary.lines() == ["Python: no known vulnerabilities in the 1 packages audited."]


def test_npm_audit_without_advisory_data_says_not_audited():
    audit = load_script("audit")
    refused = {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/"
               "security/advisories/bulk", "error": {"summary": "", "detail": ""}}  # fmt: skip
    summary = audit.npm_audit_summary(refused, "Node.js", packages=40)
    assert not summary.complete
    assert "NOT AUDITED" in summary.lines()[0] and "405" in summary.lines()[0]
    found = {"vulnerabilities": {"sass": {"range": "<1.2", "via": [{"title": "ReDoS"}]}}}
    summary = audit.npm_audit_summary(found, "Node.js", packages=40)
    assert summary.complete and summary.audited == 40
    assert "sass <1.2: ReDoS" in "\n".join(summary.lines())


def test_sentry_sdk_3_takes_waypoints_configuration():
    """sentry-sdk 3 changed its API (send_default_pii became data_collection): Waypoint's
    start-up with a DSN configures it, sending no personal data (in a process of its own: the
    SDK's client is global; nothing is sent, since no error happens)."""
    script = (
        "import sentry_sdk\n"
        "from config.observability import sentry_init\n"
        "sentry_init('https://public@127.0.0.1:9/1', release='r1', environment='e', traces=0.0)\n"
        "options = sentry_sdk.get_client().options\n"
        "names = sorted(i for i in sentry_sdk.get_client().integrations)\n"
        "kept = options['data_collection']\n"
        "print(options['release'], 'django' in names, 'celery' in names, kept['user_info'],\n"
        "      kept['cookies']['mode'], kept['http_bodies'], kept['database_query_data'],\n"
        "      kept['stack_frame_variables'])\n"
    )
    ran = run_python(script, DJANGO_SETTINGS_MODULE="config.settings.test")
    assert ran.stdout.split() == ["r1", "True", "True", "False", "off", "[]", "False", "False"], (
        ran.stderr
    )


def test_the_image_installs_the_lock_with_the_locked_uv():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"ghcr.io/astral-sh/uv:{locked()['uv']['version']} " in dockerfile
    installs = [line for line in dockerfile.splitlines() if "pip install" in line or "uv " in line]
    assert installs and all("uv sync --locked" in line for line in installs if "RUN" in line)
    assert "pip install" not in dockerfile
