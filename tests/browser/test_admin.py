"""The Django admin is a staff screen like any other: 0 axe violations on its index, its
lists, and its add and change forms, tabular inlines and autocompletes included."""

from history.models import Change
from tests.rubric_helpers import submitted_round

PAGES = [
    "/admin/",
    "/admin/districts/district/",
    "/admin/districts/district/add/",
    "/admin/districts/membership/add/",
    "/admin/districts/cohort/add/",
    "/admin/districts/coachassignment/add/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/rubrics/framework/",
    "/admin/rubrics/assessmentround/",
    "/admin/meetings/protocol/add/",
    "/admin/meetings/meeting/add/",
    "/admin/planning/actionplan/add/",
]


def test_the_admin_pages_pass_axe(cast, framework, live_server, page, sign_in, axe_check):
    sign_in(page, cast.staff.email)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.title() and "Log in" not in page.title(), path
        axe_check(page)


def test_the_change_forms_with_inlines_pass_axe(
    cast, framework, live_server, page, sign_in, axe_check
):
    submitted_round(cast.riverside, cast.lead, framework, title="Spring")
    sign_in(page, cast.staff.email)
    cohort = cast.riverside.cohorts.first()
    for path in [
        f"/admin/districts/district/{cast.riverside.pk}/change/",
        f"/admin/districts/cohort/{cohort.pk}/change/",
        f"/admin/accounts/user/{cast.lead.pk}/change/",
        f"/admin/rubrics/framework/{framework.pk}/change/",
        "/admin/history/change/",  # read-only: the list and one change, from the round's
        f"/admin/history/change/{Change.objects.first().pk}/change/",
    ]:
        page.goto(f"{live_server.url}{path}")
        axe_check(page)
    page.goto(f"{live_server.url}/admin/districts/district/{cast.riverside.pk}/change/")
    page.get_by_role("button", name="Add another Membership").click()  # a row added in the page
    axe_check(page)
    expect_named = page.get_by_label("Role (row 1)")
    assert expect_named.count() == 1
