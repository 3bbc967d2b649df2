"""Health checks for the load balancer: database, cache and the Celery broker."""

import dataclasses

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """Connects to the Celery broker. Embedded, tasks run in-process and there is none."""

    def run(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        from config.celery_app import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except Exception as error:
            raise ServiceUnavailable("Celery broker unreachable") from error

    def pretty_status(self) -> str:
        return "OK (tasks run in-process)" if settings.CELERY_TASK_ALWAYS_EAGER else "OK"
