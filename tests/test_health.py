from unittest import mock

from django.test import Client


def test_health_reports_database_cache_and_broker_without_signing_in(db):
    response = Client().get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    checks = response.json()
    assert any("Database" in name for name in checks)
    assert any("Cache" in name for name in checks)
    assert any("CeleryBroker" in name for name in checks)
    assert all(status == "OK" or status.startswith("OK") for status in checks.values())


def test_health_fails_when_the_broker_is_unreachable(db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("config.celery_app.app.connection_for_write", side_effect=OSError("down")):
        response = Client().get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    broker = next(v for k, v in response.json().items() if "CeleryBroker" in k)
    assert "Celery broker unreachable" in broker
