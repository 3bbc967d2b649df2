"""The Django admin's routes, all of them from the resolver, answer by one rule: only staff
get in. Anyone signed out is sent to sign in; a signed-in person who is not staff is sent on
within the admin (to its sign-in page, which alone answers everyone); staff get what the
admin's own permissions say, never a server error."""

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory

from tests.cast import ROLES
from tests.isolation_matrix import is_admin
from tests.routes import _admin_rows, all_routes, url_for

ROUTES = [route for route in all_routes() if is_admin(route.key)]
SIGN_IN = "/accounts/login/"


@pytest.fixture(scope="module")
def admin_rows(kept_cast, django_db_blocker):
    """A row of each model the admin lists, made once for the module beside its cast."""
    with django_db_blocker.unblock():
        _admin_rows(kept_cast)


@pytest.fixture
def cast(admin_rows, kept_cast_per_test):
    """The cast and the admin's rows, made once for the module: each test's requests are
    rolled back, and so is whatever else it writes."""
    return kept_cast_per_test


def test_the_admin_has_routes_to_check():
    keys = {route.key for route in ROUTES}
    assert {"admin:index", "admin:login", "admin:districts_district_change"} <= keys
    assert len(ROUTES) > 100


def staff_expects(key: str, method: str, staff) -> set[int]:
    """What the admin's permissions say a staff member gets on this route: a model that may
    not be added (or changed) answers its add page (or a change) with 403."""
    request = RequestFactory().get("/admin/")
    request.user = staff
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if key == prefix + "add":
            return {200} if model_admin.has_add_permission(request) else {403}
        if (
            key == prefix + "change"
            and method == "POST"
            and not model_admin.has_change_permission(request)
        ):
            return {403}
    if key == "admin/(?P<url>.*)$":
        return {404}  # the catch-all: no such admin page
    return {200, 302, 403, 405}  # pages, redirects, and methods a page does not take


def request(client, method: str, url: str):
    with transaction.atomic():  # each request rolled back: a POST leaves the same world
        response = getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_admin_route_follows_the_admin_rule(route, cast):
    url = url_for(route, cast)
    wrong = []
    for role in ROLES:
        person = cast.person(role)
        client = Client()
        if person is not None:
            client.force_login(person)
        for method in ("GET", "POST"):
            response = request(client, method, url)
            if role == "staff":
                allowed = staff_expects(route.key, method, person)
                if response.status_code not in allowed:
                    wrong.append(f"{method} as staff: {response.status_code}, rule says {allowed}")
            elif route.key == "admin:login":
                if response.status_code != 200:
                    wrong.append(f"{method} as {role}: {response.status_code}, the sign-in page")
            else:
                where = response.get("Location", "")
                sent_to = (SIGN_IN, "/admin/login/") if person is None else ("/admin/",)
                if response.status_code != 302 or not where.startswith(sent_to):
                    wrong.append(f"{method} as {role}: {response.status_code} {where}")
    assert not wrong, f"{route.key} ({url}):\n" + "\n".join(wrong)
