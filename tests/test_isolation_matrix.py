"""The isolation matrix: every URL pattern × every role of the cast × GET and POST.

The expected statuses live in tests/isolation_matrix.py; a route without a row fails here,
so a new page cannot forget to decide who may see it. The Django admin's routes follow one
rule instead (tests/test_isolation_admin.py, a file of its own so that pytest-xdist runs the
two halves in parallel).
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.cast import ROLES, school_team
from tests.isolation_matrix import EXPORT_JOB, MATRIX, OTHER_SCHOOL, is_admin
from tests.routes import all_routes, matrix_export_job, other_school_url, url_for
from tests.test_access import without_csrf

ROUTES = [route for route in all_routes() if not is_admin(route.key)]


@pytest.fixture
def cast(kept_cast_per_test):
    """The cast, made once for the module, with Riverside High School's team: each test's
    writes (its requests, the rows its route needs, a trashed district) are rolled back at
    its end."""
    school_team(kept_cast_per_test)
    return kept_cast_per_test


def test_every_route_has_a_row_and_every_row_a_route():
    keys = {route.key for route in all_routes() if not is_admin(route.key)}
    assert not [key for key in MATRIX if is_admin(key)], "admin routes follow the admin rule"
    missing = sorted(keys - MATRIX.keys())
    stale = sorted(MATRIX.keys() - keys)
    assert not missing, f"routes with no row in tests/isolation_matrix.py: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"


def _clients(cast) -> dict:
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if cast.person(role) is not None:
            clients[role].force_login(cast.person(role))
    return clients


def _differences(cast, key: str, url: str, row: dict) -> list[str]:
    """Each role's answer to each method of the row where it is not the row's."""
    clients = _clients(cast)
    wrong = []
    for method, expected_row in row.items():
        expected = expected_row.split()
        assert len(expected) == len(ROLES), f"{key} {method}: one status per role"
        for role, want in zip(ROLES, expected, strict=True):
            client = clients[role]
            # Each request runs in a savepoint rolled back after it, so that a POST that
            # changes data (removing a member) leaves the same world for the next role.
            with transaction.atomic():
                response = getattr(client, method.lower())(url)
                transaction.set_rollback(True)
            if str(response.status_code) != want:
                wrong.append(f"{method} as {role}: {response.status_code}, table says {want}")
    return wrong


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_route_answers_each_role_as_the_table_says(route, cast):
    row = MATRIX.get(route.key)
    if row is None:
        pytest.fail(f"{route.key} has no row in tests/isolation_matrix.py")
    url = url_for(route, cast)
    wrong = _differences(cast, route.key, url, row)
    assert not wrong, f"{route.key} ({url}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("key", EXPORT_JOB)
def test_an_export_job_answers_each_role_as_its_table_says(key, cast):
    job = matrix_export_job(cast)
    url = reverse(key, kwargs={"code" if key.startswith("api:") else "job": job.code})
    wrong = _differences(cast, key, url, EXPORT_JOB[key])
    assert not wrong, f"{key} ({url}):\n" + "\n".join(wrong)


def test_a_trashed_district_answers_404_on_every_route_even_to_staff(cast):
    """A district in the trash is invisible to all but the staff's trash page: every route
    aimed at it answers as for a district that does not exist, whoever asks."""
    from trash.services import district_trash

    aimed = [
        (route.key, url_for(route, cast))
        for route in ROUTES
        if "district" in route.params and not route.key.startswith("trash:")
    ]
    assert len(aimed) > 50
    district_trash(district=cast.riverside, acting_user=cast.staff)
    wrong = []
    for role in ("lead", "viewer", "coach", "facilitator", "staff"):
        client = Client()
        client.force_login(cast.person(role))
        for key, url in aimed:
            for method in ("get", "post"):
                with transaction.atomic():
                    status = getattr(client, method)(url).status_code
                    transaction.set_rollback(True)
                if status not in (404, 405):
                    wrong.append(f"{key} {method.upper()} as {role}: {status}")
    assert not wrong, "\n".join(wrong)


SCHOOL_ROUTES = [route for route in ROUTES if {"school", "code"} & set(route.params)]
SCHOOL_ROUTES = [r for r in SCHOOL_ROUTES if "school" in r.params or r.key == "api:school-detail"]


def test_every_route_of_one_school_has_a_row_aimed_at_another_school():
    assert sorted(OTHER_SCHOOL) == sorted(route.key for route in SCHOOL_ROUTES)


@pytest.mark.parametrize("route", SCHOOL_ROUTES, ids=[route.key for route in SCHOOL_ROUTES])
def test_another_school_answers_each_role_as_its_table_says(route, cast):
    url = other_school_url(route, cast)
    wrong = _differences(cast, route.key, url, OTHER_SCHOOL[route.key])
    assert not wrong, f"{route.key} ({url}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("route", SCHOOL_ROUTES, ids=[route.key for route in SCHOOL_ROUTES])
def test_a_school_lead_gets_of_another_school_exactly_what_a_missing_one_gives(route, cast):
    """Byte for byte (but the form's CSRF token), on the pages and in the API: nothing says
    that the other school exists."""
    client = _clients(cast)["school_lead"]
    for method in ("get", "post"):
        answers = []
        for missing in (False, True):
            with transaction.atomic():
                answers.append(
                    getattr(client, method)(other_school_url(route, cast, missing=missing))
                )
                transaction.set_rollback(True)
        other, nothing = answers
        assert other.status_code == nothing.status_code, (route.key, method)
        assert without_csrf(other.content) == without_csrf(nothing.content), (route.key, method)
