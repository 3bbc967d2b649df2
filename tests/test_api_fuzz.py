"""Schemathesis fuzzes every operation of the OpenAPI schema, as each role of the demo data,
and fails on a server error, an undocumented status, a response that breaks the schema, or
an operation that ignores authentication.

It runs in the PostgreSQL + Redis pass of .ci/run (about two and a half minutes), where the
database is the production one and its limits (integer ranges, text) are the real ones."""

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from api.models import ApiToken
from districts.models import District
from evidence.models import Attachment
from measures.models import Measure
from rubrics.models import AssessmentRound, Dimension
from schools.models import School
from tests.conftest import real_stack

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, ignored_auth]
ROLES = ["lead@example.org", "viewer@example.org", "coach@example.org", "facilitator@example.org"]


def _schema():
    """The schema as /api/schema/ serves it to a signed-in person (it needs sign-in; no
    database exists yet when this module is collected), made in process."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = get_wsgi_application()
    loaded.location = "/api/schema/"
    return loaded


schema = _schema()
pytestmark = real_stack


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, once for the module (each operation's requests are rolled back after
    it, by the `db` fixture), flushed at the end so that other modules start empty."""
    # The WSGI handler would close the database connection after each request, in the middle
    # of the test's transaction; Django's own test client disconnects the same receivers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", "--no-input", verbosity=0)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled():
    """The checks send many anonymous requests (which are throttled before they are refused,
    by address: DRF's user throttle counts a request without a person by its address too): a
    budget they cannot use up, so that each gets its 401. A case of many fields (the
    notification preferences, one a kind) sends more than the user rate's 1,200 a minute."""
    from unittest import mock

    from rest_framework.throttling import SimpleRateThrottle

    rates = {"anon": "100000/minute", "user": "100000/minute"}
    with mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", rates):
        yield


@pytest.fixture
def seeded(demo, db, unthrottled):
    """A token per role, and the codes of real objects to aim at."""
    cache.clear()  # a fresh throttle budget
    riverside = District.objects.get(name="Riverside School District")
    round_ = AssessmentRound.objects.filter(district=riverside, status="submitted").first()
    dimension = Dimension.objects.filter(domain__framework=round_.framework).first()
    # the demo's board minutes, on the spring round's first team rating (evidence)
    minutes = Attachment.objects.get(district=riverside, type="file")
    # the demo's one-page template, on meeting 5's shared decision (the cohort's file)
    template = Attachment.objects.get(cohort__isnull=False, type="file")
    # the demo's measure with the most data, and its latest point
    measure = Measure.objects.filter(district=riverside, name__startswith="Courses").get()
    tokens = {
        email: ApiToken.issue(user=User.objects.get(email=email), name="fuzz")[1] for email in ROLES
    }
    return {
        "tokens": tokens,
        "path": {
            "district": riverside.code,
            "round_code": str(round_.code),
            "dimension": str(dimension.code),
            "kind": "team-rating",
            "item": str(minutes.item.code),
            "meeting": str(template.item.meeting.code),
            "note": str(template.item.code),
            "attachment": str(template.code),
            "cohort": template.item.meeting.cohort.code,
            "measure": str(measure.code),
            "point": str(measure.points.order_by("as_of").last().code),
            # the demo's high school, with its implementation stages
            "school": str(
                School.objects.get(district=riverside, name="Riverside High School").code
            ),
        },
    }


@schema.parametrize()
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_schema_for_every_role(case, seeded):
    for name, value in seeded["path"].items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    for token in seeded["tokens"].values():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
