import os

from django.conf import settings
from django.test import Client

from tests.process_helpers import run_manage, run_manage_in_production


def test_production_settings_pass_the_deploy_check():
    result = run_manage_in_production(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_ALLOWED_HOSTS="waypoint.example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_content_security_policy_allows_no_inline_script(db):
    policy = Client().get("/accounts/login/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_embedded_default_or_real_stack_follows_the_environment():
    if os.environ.get("REDIS_URL"):
        assert not settings.CELERY_TASK_ALWAYS_EAGER
        assert settings.CELERY_BROKER_URL.startswith("redis://")
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert settings.CELERY_TASK_ALWAYS_EAGER
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_persistent_connections_with_health_checks_outside_tests():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DJANGO_SETTINGS_MODULE="config.settings.local",
    )
    assert result.stdout.split() == ["60", "True"], result.stderr
