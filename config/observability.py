"""What operators see: every log line carries the request's id and the ids (never the names or
emails) of the person and the district it concerns; errors go to Sentry when SENTRY_DSN is set.

The request id is the proxy's X-Request-ID when it sends a sane one, else a new one; the
response carries it back, so that a person's report ("it failed at 10:42") finds its lines.
"""

import contextvars
import logging
import re
import uuid
from datetime import UTC, datetime

from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter as LibraryJsonFormatter

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_request: contextvars.ContextVar = contextvars.ContextVar("request", default=None)
_district_id: contextvars.ContextVar[str] = contextvars.ContextVar("district_id", default="-")
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def district_opened(district) -> None:
    """Called by the access layer once a request has opened a district."""
    _district_id.set(str(district.pk))


def opened_district_id() -> str:
    """The district this request opened through the access layer ("-" for none)."""
    return _district_id.get()


class RequestContextMiddleware:
    """First of the middleware: the request's id, for every line logged while it is served;
    and the default clock (TIME_ZONE) at the start and end of every request, since opening a
    district sets the request's clock to the district's (districts.access)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if SANE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        tokens = (_request_id.set(request_id), _request.set(request), _district_id.set("-"))
        timezone.deactivate()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            return response
        finally:
            timezone.deactivate()
            for var, token in zip((_request_id, _request, _district_id), tokens, strict=True):
                var.reset(token)


_task_tokens: dict[str, tuple] = {}


def task_context_start(task_id: str, **kwargs) -> None:
    """task_prerun: a task's lines carry its id where a request's carry the request's."""
    _task_tokens[task_id] = (_request_id.set(task_id), _district_id.set("-"))


def task_context_end(task_id: str, **kwargs) -> None:
    tokens = _task_tokens.pop(task_id, None)
    if tokens is not None:
        for var, token in zip((_request_id, _district_id), tokens, strict=True):
            var.reset(token)


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and district_id to every record (a dash when unknown). The
    person is the one authentication found, once it has run: the filter never reads the
    database itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        user = getattr(_request.get(), "_cached_user", None)
        record.user_id = str(user.pk) if getattr(user, "is_authenticated", False) else "-"
        record.district_id = _district_id.get()
        return True


class JsonFormatter(LibraryJsonFormatter):
    """One JSON object a line (LOG_FORMAT=json): the time (UTC, ISO 8601, milliseconds), then
    the fields its format names (level, logger, the request's, person's and district's ids,
    the message), and an exception's traceback. Nothing else a library attaches to a record
    is written: Django's request object, for one, whose text carries the query string."""

    NAMES = {"levelname": "level", "name": "logger"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = self.parse()

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        for field in self.fields:
            log_data[self.NAMES.get(field, field)] = record.__dict__.get(field)
        log_data.update(message_dict)  # exc_info, stack_info


def sentry_init(dsn: str, *, release: str, environment: str, traces: float) -> None:
    """Errors of the web app and the workers to Sentry, without personal data."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        release=release,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # sentry-sdk 3 collects people's data unless told not to (it replaced
        # send_default_pii): no user, cookies, bodies, SQL parameters or local variables,
        # any of which can carry a person's name, email or words.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        traces_sample_rate=traces,
    )
